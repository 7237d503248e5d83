package dev.junction.infra.instance;

import dev.junction.api.Randomness;
import dev.junction.api.instance.InstanceSecrets;
import dev.junction.infra.crypto.MasterKey;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Each instance's own AES key (kept sealed under the broker's master key) and what is sealed under it.
 * A purge destroys the key: from then on nothing sealed for that instance opens, and nothing new is
 * sealed for it. Every sealed value is bound to its instance and purpose, so one cannot stand in for
 * another.
 */
public class InstanceKeys implements InstanceSecrets {

    /** Sealed text is marked with its format, so a later format can be told apart. */
    private static final String TEXT_PREFIX = "ik1:";

    private final JdbcTemplate jdbc;
    private final MasterKey master;

    public InstanceKeys(JdbcTemplate jdbc, MasterKey master) {
        this.jdbc = jdbc;
        this.master = master;
    }

    /** Seals {@code plain} under the instance's key, made on first use. */
    public byte[] seal(String instanceId, String purpose, byte[] plain) {
        return key(instanceId, true).orElseThrow(() -> new IllegalStateException(
                "instance " + instanceId + " is purged: nothing more is sealed for it"))
                .encrypt(plain, aad(instanceId, purpose));
    }

    /** Empty once the instance is purged (or when it never had a key). */
    public Optional<byte[]> open(String instanceId, String purpose, byte[] sealed) {
        return key(instanceId, false).map(k -> k.decrypt(sealed, aad(instanceId, purpose)));
    }

    /** The bind credentials, sealed as text (they travel in an event). */
    public String sealText(String instanceId, String plain) {
        return TEXT_PREFIX + Base64.getEncoder().encodeToString(
                seal(instanceId, "credentials", plain.getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public Optional<String> open(String instanceId, String sealed) {
        if (sealed == null || !sealed.startsWith(TEXT_PREFIX)) {
            return Optional.empty();
        }
        byte[] bytes = Base64.getDecoder().decode(sealed.substring(TEXT_PREFIX.length()));
        return open(instanceId, "credentials", bytes).map(b -> new String(b, StandardCharsets.UTF_8));
    }

    /** Destroys the instance's key for good; a key never made is recorded as destroyed, so none is made later. */
    public void destroy(String instanceId) {
        Timestamp now = Timestamp.from(Instant.now());
        jdbc.update("INSERT INTO instance_keys (instance_id, sealed_key, created_at, destroyed_at) VALUES (?, NULL, ?, ?) "
                + "ON CONFLICT (instance_id) DO UPDATE SET sealed_key = NULL, destroyed_at = EXCLUDED.destroyed_at",
                instanceId, now, now);
    }

    public boolean destroyed(String instanceId) {
        List<Boolean> rows = jdbc.query("SELECT destroyed_at IS NOT NULL FROM instance_keys WHERE instance_id = ?",
                (rs, i) -> rs.getBoolean(1), instanceId);
        return !rows.isEmpty() && rows.get(0);
    }

    private Optional<MasterKey> key(String instanceId, boolean create) {
        if (create) {
            byte[] raw = new byte[32];
            Randomness.nextBytes(raw);
            // made at most once: a concurrent first use keeps the row that won
            jdbc.update("INSERT INTO instance_keys (instance_id, sealed_key, created_at) VALUES (?, ?, ?) "
                            + "ON CONFLICT (instance_id) DO NOTHING",
                    instanceId, master.encrypt(raw, aad(instanceId, "instance-key")), Timestamp.from(Instant.now()));
        }
        List<byte[]> rows = jdbc.query("SELECT sealed_key FROM instance_keys WHERE instance_id = ?",
                (rs, i) -> rs.getBytes(1), instanceId);
        if (rows.isEmpty() || rows.get(0) == null) {
            return Optional.empty();
        }
        byte[] raw = master.decrypt(rows.get(0), aad(instanceId, "instance-key"));
        try {
            // the instance key uses the master key's own AES-GCM format
            return Optional.of(MasterKey.load(Base64.getEncoder().encodeToString(raw), null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] aad(String instanceId, String purpose) {
        return ("junction-instance:" + purpose + ":" + instanceId).getBytes(StandardCharsets.UTF_8);
    }
}
