package dev.junction.infra.oidc;

import dev.junction.infra.crypto.MasterKey;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.sql.Timestamp;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The broker's RSA signing keys, kept in PostgreSQL with the private part encrypted under the master
 * key. The newest key signs; older keys are retired and stay in the JWKS until every token they
 * signed has expired ({@code retired_at + token TTL + clock skew}). Rotation happens on a schedule
 * ({@code junction.oidc.rotation-period}) or by the operator ({@code POST /admin/keys/rotate}).
 * Brokers sharing a database share their keys; a PostgreSQL advisory lock keeps two of them from
 * rotating at once.
 */
public class SigningKeys {

    private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);
    private static final long ROTATION_LOCK = 0x4a756e6374L;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final MasterKey masterKey;
    private final Duration tokenTtl;
    private final Duration skew;
    private final Duration rotationPeriod;
    private final Clock clock;

    private volatile Current current;
    private volatile JWKSet published = new JWKSet();

    /** The key that signs now. */
    public record Current(String kid, RSAKey key, Instant createdAt) {
    }

    public SigningKeys(JdbcTemplate jdbc, TransactionTemplate tx, MasterKey masterKey, Duration tokenTtl,
                       Duration skew, Duration rotationPeriod, Clock clock) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.masterKey = masterKey;
        this.tokenTtl = tokenTtl;
        this.skew = skew;
        this.rotationPeriod = rotationPeriod;
        this.clock = clock;
    }

    /** Loads the keys, creating the first one (or a due replacement) when needed. */
    public void start() {
        rotateIfDue();
        reload();
    }

    public Current current() {
        Current c = current;
        if (c == null) {
            reload();
            c = current;
        }
        return c;
    }

    public JWKSet publicKeys() {
        return published;
    }

    /** Replaces the signing key now (operator command); answers the new key id. */
    public String rotate() {
        String kid = tx.execute(status -> {
            jdbc.queryForObject("SELECT pg_advisory_xact_lock(?)", Object.class, ROTATION_LOCK);
            return rotateLocked();
        });
        reload();
        return kid;
    }

    /** Rotates when the signing key is older than the rotation period; called on a schedule. */
    public void rotateIfDue() {
        Boolean rotated = tx.execute(status -> {
            jdbc.queryForObject("SELECT pg_advisory_xact_lock(?)", Object.class, ROTATION_LOCK);
            List<Timestamp> newest = jdbc.queryForList(
                    "SELECT created_at FROM signing_key WHERE retired_at IS NULL ORDER BY created_at DESC LIMIT 1",
                    Timestamp.class);
            if (!newest.isEmpty() && newest.get(0).toInstant().plus(rotationPeriod).isAfter(clock.instant())) {
                return false;
            }
            rotateLocked();
            return true;
        });
        if (Boolean.TRUE.equals(rotated)) {
            reload();
        }
        purgeExpired();
    }

    private String rotateLocked() {
        Instant now = clock.instant();
        RSAKey key;
        try {
            key = new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).algorithm(JWSAlgorithm.RS256)
                    .keyUse(KeyUse.SIGNATURE).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot generate a signing key", e);
        }
        byte[] privatePkcs8;
        try {
            privatePkcs8 = key.toRSAPrivateKey().getEncoded();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot encode the signing key", e);
        }
        Timestamp publishUntil = Timestamp.from(now.plus(tokenTtl).plus(skew));
        jdbc.update("UPDATE signing_key SET retired_at = ?, publish_until = ? WHERE retired_at IS NULL",
                Timestamp.from(now), publishUntil);
        jdbc.update("INSERT INTO signing_key (kid, public_jwk, private_key, created_at) VALUES (?, ?, ?, ?)",
                key.getKeyID(), key.toPublicJWK().toJSONString(),
                masterKey.encrypt(privatePkcs8, key.getKeyID().getBytes(StandardCharsets.UTF_8)),
                Timestamp.from(now));
        log.info("signing key {} created; previous keys retired", key.getKeyID());
        return key.getKeyID();
    }

    /** Reads the keys back: the newest active key signs, every unexpired one is published. */
    public void reload() {
        Instant now = clock.instant();
        List<RSAKey> keys = new ArrayList<>();
        Current signing = null;
        for (var row : jdbc.queryForList("SELECT kid, public_jwk, private_key, created_at, retired_at, publish_until "
                + "FROM signing_key WHERE retired_at IS NULL OR publish_until > ? ORDER BY created_at DESC",
                Timestamp.from(now))) {
            String kid = (String) row.get("kid");
            RSAKey publicKey;
            try {
                publicKey = RSAKey.parse((String) row.get("public_jwk"));
            } catch (ParseException e) {
                throw new IllegalStateException("signing key " + kid + " is damaged", e);
            }
            keys.add(publicKey);
            if (signing == null && row.get("retired_at") == null) {
                byte[] plain = masterKey.decrypt((byte[]) row.get("private_key"), kid.getBytes(StandardCharsets.UTF_8));
                try {
                    RSAPrivateKey privateKey = (RSAPrivateKey) KeyFactory.getInstance("RSA")
                            .generatePrivate(new PKCS8EncodedKeySpec(plain));
                    signing = new Current(kid, new RSAKey.Builder(publicKey).privateKey(privateKey).build(),
                            ((Timestamp) row.get("created_at")).toInstant());
                } catch (java.security.GeneralSecurityException e) {
                    throw new IllegalStateException("signing key " + kid + " cannot be read", e);
                }
            }
        }
        published = new JWKSet(new ArrayList<>(keys));
        if (signing != null) {
            current = signing;
        }
    }

    private void purgeExpired() {
        int removed = jdbc.update("DELETE FROM signing_key WHERE retired_at IS NOT NULL AND publish_until <= ?",
                Timestamp.from(clock.instant()));
        if (removed > 0) {
            log.info("{} retired signing keys past their last token's expiry were removed", removed);
            reload();
        }
    }
}
