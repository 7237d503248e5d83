package dev.junction.infra.instance;

import dev.junction.infra.crypto.MasterKey;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Each backend's configured {@code $OUT_CONFIG} (sealed under the master key) and its last state. */
public class BackendConfigs {

    private final JdbcTemplate jdbc;
    private final MasterKey master;

    public BackendConfigs(JdbcTemplate jdbc, MasterKey master) {
        this.jdbc = jdbc;
        this.master = master;
    }

    /** Records a state; {@code archive} null keeps the configuration stored before. */
    public void save(String name, byte[] archive, BackendRegistry.State state, String message, Instant at) {
        byte[] sealed = archive == null ? null : master.encrypt(archive, aad(name));
        jdbc.update("INSERT INTO backend_configs (name, sealed_config, state, message, checked_at) VALUES (?, ?, ?, ?, ?) "
                        + "ON CONFLICT (name) DO UPDATE SET sealed_config = COALESCE(EXCLUDED.sealed_config, "
                        + "backend_configs.sealed_config), state = EXCLUDED.state, message = EXCLUDED.message, "
                        + "checked_at = EXCLUDED.checked_at",
                name, sealed, state.name(), message, Timestamp.from(at));
    }

    /** Deletes a backend's kept configuration and state (its registration changed or was removed). */
    public void forget(String name) {
        jdbc.update("DELETE FROM backend_configs WHERE name = ?", name);
    }

    public Optional<byte[]> config(String name) {
        List<byte[]> rows = jdbc.query("SELECT sealed_config FROM backend_configs WHERE name = ?",
                (rs, i) -> rs.getBytes(1), name);
        return rows.isEmpty() || rows.get(0) == null ? Optional.empty()
                : Optional.of(master.decrypt(rows.get(0), aad(name)));
    }

    private static byte[] aad(String name) {
        return ("junction-backend-config:" + name).getBytes(StandardCharsets.UTF_8);
    }
}
