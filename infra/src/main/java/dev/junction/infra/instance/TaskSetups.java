package dev.junction.infra.instance;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.infra.crypto.MasterKey;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a backend's {@code setup} made for one task: the environment it gave the stencil and its
 * {@code $OUT_CONFIG}, sealed under the master key, kept until the task's teardown succeeds (which may be
 * retried long after, by another run of the broker).
 */
public class TaskSetups {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final JdbcTemplate jdbc;
    private final MasterKey master;

    public TaskSetups(JdbcTemplate jdbc, MasterKey master) {
        this.jdbc = jdbc;
        this.master = master;
    }

    public record Setup(Map<String, String> env, byte[] configArchive) {
    }

    public void keep(String instanceId, int task, Setup setup) {
        try {
            byte[] env = JSON.writeValueAsBytes(setup.env());
            jdbc.update("INSERT INTO task_setups (instance_id, task, sealed_env, sealed_config, created_at) "
                            + "VALUES (?, ?, ?, ?, ?) ON CONFLICT (instance_id, task) DO UPDATE SET "
                            + "sealed_env = EXCLUDED.sealed_env, sealed_config = EXCLUDED.sealed_config",
                    instanceId, task, master.encrypt(env, aad(instanceId, task, "env")),
                    master.encrypt(setup.configArchive(), aad(instanceId, task, "config")),
                    Timestamp.from(Instant.now()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Optional<Setup> find(String instanceId, int task) {
        List<Setup> rows = jdbc.query("SELECT sealed_env, sealed_config FROM task_setups WHERE instance_id = ? "
                + "AND task = ?", (rs, i) -> {
            try {
                Map<String, String> env = JSON.readValue(master.decrypt(rs.getBytes(1), aad(instanceId, task, "env")),
                        new TypeReference<Map<String, String>>() { });
                return new Setup(env, master.decrypt(rs.getBytes(2), aad(instanceId, task, "config")));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, instanceId, task);
        return rows.stream().findFirst();
    }

    public void forget(String instanceId, int task) {
        jdbc.update("DELETE FROM task_setups WHERE instance_id = ? AND task = ?", instanceId, task);
    }

    private static byte[] aad(String instanceId, int task, String part) {
        return ("junction-task-setup:" + part + ":" + task + ":" + instanceId).getBytes(StandardCharsets.UTF_8);
    }
}
