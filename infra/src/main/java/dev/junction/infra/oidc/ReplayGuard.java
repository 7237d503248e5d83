package dev.junction.infra.oidc;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;

/** Remembers accepted peer tokens until they expire, in PostgreSQL, so a replay is refused even after a restart. */
public class ReplayGuard {

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public ReplayGuard(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** True the first time a token key is seen; false for a replay. */
    public boolean firstUse(String tokenKey, String issuer, Instant expiresAt) {
        try {
            jdbc.update("INSERT INTO seen_token (token_key, issuer, expires_at) VALUES (?, ?, ?)",
                    tokenKey, issuer, Timestamp.from(expiresAt));
            return true;
        } catch (DuplicateKeyException e) {
            return false;
        }
    }

    /** Forgets a token key (its update was refused, so the token was not really used). */
    public void forget(String tokenKey) {
        jdbc.update("DELETE FROM seen_token WHERE token_key = ?", tokenKey);
    }

    public int purgeExpired() {
        return jdbc.update("DELETE FROM seen_token WHERE expires_at < ?", Timestamp.from(clock.instant()));
    }
}
