package dev.junction.infra.oidc;

import dev.junction.api.testing.MovableClock;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.junction.api.error.UnauthorizedException;
import dev.junction.api.pipe.End;
import dev.junction.api.pipe.PipeView;
import dev.junction.command.rest.PeerAuthenticator.PeerCall;
import dev.junction.query.pipe.PipeViews;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The time and replay rules of {@link PeerTokenVerifier} on a clock the test moves: a bounded lifetime,
 * tokens without {@code jti} only shortly after their {@code iat}, and one fixed answer for every refusal.
 */
class PeerTokenVerifierTest {

    private static final String ISSUER = "http://127.0.0.1:1/peer";
    private static final String THIS_URI = "http://127.0.0.1:2/db/pipes/p1";
    private static final String OTHER_URI = "http://127.0.0.1:1/peer/db/pipes/src";
    private static final Instant START = Instant.parse("2026-12-01T10:00:00Z");

    private final MovableClock clock = new MovableClock(START);
    private final RSAKey key = newKey();
    private IOException keyFetchFailure;
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final PeerTokenVerifier verifier = new PeerTokenVerifier(new OnePipe(), new StubKeys(), new MemoryReplays(),
            new TokenTimes(Duration.ofSeconds(60), Duration.ofHours(1), Duration.ofSeconds(60)), clock, meters);

    @Test
    void aTokenLivingLongerThanTheMaximumIsRefused() {
        refused(token(c -> c.expirationTime(Date.from(clock.instant().plus(Duration.ofDays(365L * 30))))), "lifetime_too_long");
        refused(token(c -> c.jwtID(UUID.randomUUID().toString()).issueTime(null)
                .expirationTime(Date.from(clock.instant().plus(Duration.ofHours(3))))), "lifetime_too_long");

        accepted(token(c -> { }), "{}");
    }

    @Test
    void aTokenWithoutJtiIsAcceptedOnlyShortlyAfterItsIssueTime() {
        String captured = token(c -> { });
        accepted(captured, "{\"A\":1}");
        clock.advance(Duration.ofSeconds(30));
        accepted(captured, "{\"B\":1}"); // within the window a new body is a new update, as the reference sends them
        refused(captured, "{\"B\":1}", "replay");

        clock.set(START.plus(Duration.ofMinutes(3)));
        refused(captured, "{\"C\":1}", "outside_window");
        refused(token(c -> c.issueTime(null)), "issue_time_missing");
    }

    @Test
    void aTokenWithJtiIsSingleUseForItsWholeLifetime() {
        String withJti = token(c -> c.jwtID(UUID.randomUUID().toString())
                .expirationTime(Date.from(clock.instant().plus(Duration.ofMinutes(30)))));
        clock.advance(Duration.ofMinutes(10));
        accepted(withJti, "{\"A\":1}");
        refused(withJti, "{\"B\":1}", "replay");
    }

    @Test
    void everyRefusalAnswersTheSameMessageAndIsCountedByReason() {
        refused(token(c -> c.issuer(ISSUER + "/other")), "issuer");
        refused(token(c -> c.audience("http://elsewhere")), "audience");
        refused(token(c -> c.subject("http://elsewhere")), "subject");
        refused("not-a-jwt", "malformed");
        refused(token(c -> c.expirationTime(Date.from(clock.instant().minus(Duration.ofHours(1))))
                .issueTime(Date.from(clock.instant().minus(Duration.ofHours(2))))), "expired");
        keyFetchFailure = new IOException(ISSUER + "/.well-known/openid-configuration answered 401");
        refused(token(c -> { }), "issuer_keys_unavailable");

        assertThat(meters.get(PeerTokenVerifier.REFUSED_METRIC).tag("reason", "issuer_keys_unavailable").counter()
                .count()).isEqualTo(1.0);
        assertThat(meters.get(PeerTokenVerifier.REFUSED_METRIC).tag("reason", "audience").counter().count())
                .isEqualTo(1.0);
        assertThat(meters.get(PeerTokenVerifier.REFUSED_METRIC).tag("reason", "signature").counter().count())
                .isZero();
    }

    private void accepted(String token, String body) {
        PeerCall call = verifier.authenticate(token, "db", "p1", body);
        assertThat(call.actor()).isNotNull();
    }

    private void refused(String token, String reason) {
        refused(token, "{}", reason);
    }

    private void refused(String token, String body, String reason) {
        double before = meters.find(PeerTokenVerifier.REFUSED_METRIC).tag("reason", reason).counter() == null ? 0
                : meters.get(PeerTokenVerifier.REFUSED_METRIC).tag("reason", reason).counter().count();
        assertThatThrownBy(() -> verifier.authenticate(token, "db", "p1", body))
                .isInstanceOf(UnauthorizedException.class)
                .hasMessage(PeerTokenVerifier.REFUSED_MESSAGE);
        assertThat(meters.get(PeerTokenVerifier.REFUSED_METRIC).tag("reason", reason).counter().count())
                .as("refusals counted as %s", reason).isEqualTo(before + 1);
    }

    /** A reference-style token (iat now, exp in 1 h, no jti), changed by {@code customize}. */
    private String token(Consumer<JWTClaimsSet.Builder> customize) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(ISSUER).audience(THIS_URI).subject(OTHER_URI)
                .issueTime(Date.from(clock.instant())).expirationTime(Date.from(clock.instant().plus(Duration.ofHours(1))));
        customize.accept(claims);
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
                claims.build());
        try {
            jwt.sign(new RSASSASigner(key));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    private static RSAKey newKey() {
        try {
            return new RSAKeyGenerator(2048).keyID("k1").generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private final class StubKeys extends IssuerKeys {
        StubKeys() {
            super(null, null, null, null, null, clock);
        }

        @Override
        public JWK key(String issuer, String kid) throws IOException {
            if (keyFetchFailure != null) {
                throw keyFetchFailure;
            }
            return ISSUER.equals(issuer) && key.getKeyID().equals(kid) ? key.toPublicJWK() : null;
        }
    }

    /** Remembers used keys until they could no longer be accepted, as the PostgreSQL table does. */
    private final class MemoryReplays extends ReplayGuard {
        private final Map<String, Instant> seen = new HashMap<>();

        MemoryReplays() {
            super(null, clock);
        }

        @Override
        public boolean firstUse(String tokenKey, String issuer, Instant expiresAt) {
            seen.values().removeIf(expiry -> expiry.isBefore(clock.instant()));
            return seen.putIfAbsent(tokenKey, expiresAt) == null;
        }

        @Override
        public void forget(String tokenKey) {
            seen.remove(tokenKey);
        }
    }

    private static final class OnePipe implements PipeViews {
        private final PipeView pipe = new PipeView("db", "p1", new End(THIS_URI, null, null, null),
                new End(OTHER_URI, ISSUER, null, null), null, 1, 1, null, false, START, START);

        @Override
        public Optional<PipeView> find(String key) {
            return key.equals("db/p1") ? Optional.of(pipe) : Optional.empty();
        }

        @Override
        public List<PipeView> list(String resource) {
            return List.of(pipe);
        }

        @Override
        public List<String> liveIds(String resource) {
            return List.of("p1");
        }

        @Override
        public List<PipeView> failedPropagations() {
            return List.of();
        }

        @Override
        public Optional<PipeView> await(String key, Predicate<PipeView> ready, Duration timeout) {
            return find(key);
        }
    }
}
