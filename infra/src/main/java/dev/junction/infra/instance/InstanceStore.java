package dev.junction.infra.instance;

import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An instance's credential store and output files, sealed under the instance's key. Reads and writes are
 * short statements: nothing here is held while a container runs.
 */
public class InstanceStore {

    private final JdbcTemplate jdbc;
    private final InstanceKeys keys;

    public InstanceStore(JdbcTemplate jdbc, InstanceKeys keys) {
        this.jdbc = jdbc;
        this.keys = keys;
    }

    /** The credstore archive, empty when none was kept (or the instance is purged). */
    public Optional<byte[]> credstore(String instanceId) {
        List<byte[]> rows = jdbc.query("SELECT sealed FROM instance_credstores WHERE instance_id = ?",
                (rs, i) -> rs.getBytes(1), instanceId);
        return rows.isEmpty() ? Optional.empty() : keys.open(instanceId, "credstore", rows.get(0));
    }

    /** The stored bytes as they lie in the database, for the test that they reveal nothing. */
    Optional<byte[]> sealedCredstore(String instanceId) {
        return jdbc.query("SELECT sealed FROM instance_credstores WHERE instance_id = ?",
                (rs, i) -> rs.getBytes(1), instanceId).stream().findFirst();
    }

    public void storeCredstore(String instanceId, byte[] archive) {
        byte[] sealed = keys.seal(instanceId, "credstore", archive);
        jdbc.update("INSERT INTO instance_credstores (instance_id, sealed, updated_at) VALUES (?, ?, ?) "
                        + "ON CONFLICT (instance_id) DO UPDATE SET sealed = EXCLUDED.sealed, updated_at = EXCLUDED.updated_at",
                instanceId, sealed, Timestamp.from(Instant.now()));
    }

    /** Replaces the files kept for {@code task}. */
    public void storeOutputs(String instanceId, int task, Map<String, byte[]> files) {
        jdbc.update("DELETE FROM instance_outputs WHERE instance_id = ? AND task = ?", instanceId, task);
        files.forEach((name, bytes) -> jdbc.update(
                "INSERT INTO instance_outputs (instance_id, task, filename, sealed) VALUES (?, ?, ?, ?)",
                instanceId, task, name, keys.seal(instanceId, "output:" + task + ":" + name, bytes)));
    }

    /** The names of the files of the latest task that left any, with that task. */
    public Optional<LatestFiles> latestFiles(String instanceId) {
        List<Integer> tasks = jdbc.query("SELECT MAX(task) FROM instance_outputs WHERE instance_id = ?",
                (rs, i) -> (Integer) rs.getObject(1), instanceId);
        if (tasks.isEmpty() || tasks.get(0) == null) {
            return Optional.empty();
        }
        int task = tasks.get(0);
        List<String> names = jdbc.query("SELECT filename FROM instance_outputs WHERE instance_id = ? AND task = ? "
                + "ORDER BY filename", (rs, i) -> rs.getString(1), instanceId, task);
        return Optional.of(new LatestFiles(task, names));
    }

    public record LatestFiles(int task, List<String> names) {
    }

    /** One file of the latest task that left any; empty when there is none (or the instance is purged). */
    public Optional<byte[]> file(String instanceId, String filename) {
        Optional<LatestFiles> latest = latestFiles(instanceId);
        if (latest.isEmpty() || !latest.get().names().contains(filename)) {
            return Optional.empty();
        }
        int task = latest.get().task();
        List<byte[]> rows = jdbc.query("SELECT sealed FROM instance_outputs WHERE instance_id = ? AND task = ? "
                + "AND filename = ?", (rs, i) -> rs.getBytes(1), instanceId, task, filename);
        return rows.isEmpty() ? Optional.empty()
                : keys.open(instanceId, "output:" + task + ":" + filename, rows.get(0));
    }

    /** Forgets the instance's secrets: its key, credential store and files (events and logs stay). */
    public void purge(String instanceId) {
        keys.destroy(instanceId);
        jdbc.update("DELETE FROM instance_credstores WHERE instance_id = ?", instanceId);
        jdbc.update("DELETE FROM instance_outputs WHERE instance_id = ?", instanceId);
    }
}
