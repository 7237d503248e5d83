package dev.junction.infra.oidc;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.junction.api.Actor;
import dev.junction.api.error.UnauthorizedException;
import dev.junction.api.pipe.End;
import dev.junction.api.pipe.PipeKeys;
import dev.junction.api.pipe.PipeView;
import dev.junction.command.rest.PeerAuthenticator;
import dev.junction.infra.oidc.TokenRefusal.Reason;
import dev.junction.query.pipe.PipeViews;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.time.Clock;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;

/**
 * Accepts a peer's update of a pipe only when its token proves it comes from the pipe's other end:
 * RS256 signature by a key of the issuer (found through OIDC discovery), {@code iss} equal to the
 * pipe's {@code other.issuer}, {@code aud} containing its {@code this.uri}, {@code sub} equal to its
 * {@code other.uri} (all compared exactly), its times acceptable ({@link TokenTimes}), and the token not
 * seen before. A refusal answers one fixed message, so a caller learns nothing of what the broker's
 * fetch of an issuer saw; its reason is logged (never the token) and counted in
 * {@value #REFUSED_METRIC}, tagged {@code reason}.
 */
public class PeerTokenVerifier implements PeerAuthenticator {

    public static final String REFUSED_METRIC = "junction.peer.tokens.refused";
    public static final String REFUSED_MESSAGE = "the peer token was not accepted";

    private static final Logger log = LoggerFactory.getLogger(PeerTokenVerifier.class);

    private final PipeViews pipes;
    private final IssuerKeys issuerKeys;
    private final ReplayGuard replays;
    private final TokenTimes times;
    private final Clock clock;
    private final Map<Reason, Counter> refused = new EnumMap<>(Reason.class);

    public PeerTokenVerifier(PipeViews pipes, IssuerKeys issuerKeys, ReplayGuard replays, TokenTimes times,
                             Clock clock, MeterRegistry meters) {
        this.pipes = pipes;
        this.issuerKeys = issuerKeys;
        this.replays = replays;
        this.times = times;
        this.clock = clock;
        for (Reason reason : Reason.values()) {
            refused.put(reason, Counter.builder(REFUSED_METRIC).tag("reason", reason.code())
                    .description("peer tokens refused, by reason").register(meters));
        }
    }

    @Override
    public PeerCall authenticate(String token, String resource, String pipeId, String body) {
        String pipeKey = PipeKeys.pipe(resource, pipeId);
        try {
            return verify(token, pipeKey, body);
        } catch (TokenRefusal e) {
            refused.get(e.reason()).increment();
            log.warn("peer update of pipe {} refused ({}): {}", pipeKey, e.reason().code(), e.getMessage());
            throw new UnauthorizedException(REFUSED_MESSAGE);
        }
    }

    @Override
    public void release(PeerCall call) {
        replays.forget(call.replayKey());
    }

    private PeerCall verify(String token, String pipeKey, String body) {
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(token);
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new TokenRefusal(Reason.MALFORMED, "malformed token");
        }
        if (!JWSAlgorithm.RS256.equals(jwt.getHeader().getAlgorithm())) {
            throw new TokenRefusal(Reason.ALGORITHM, "token must be signed with RS256, not "
                    + jwt.getHeader().getAlgorithm());
        }
        PipeView pipe = pipes.find(pipeKey).filter(p -> !p.deleted())
                .orElseThrow(() -> new TokenRefusal(Reason.UNKNOWN_PIPE, "no pipe to update"));
        End other = pipe.otherEnd();
        String issuer = claims.getIssuer();
        if (other.issuer() == null || !other.issuer().equals(issuer)) {
            throw new TokenRefusal(Reason.ISSUER, "issuer " + issuer + " is not the pipe's other.issuer");
        }
        verifySignature(jwt, issuer);
        times.check(claims, clock.instant());
        String thisUri = pipe.thisEnd().uri();
        if (claims.getAudience() == null || !claims.getAudience().contains(thisUri)) {
            throw new TokenRefusal(Reason.AUDIENCE, "audience " + claims.getAudience() + " does not name this pipe "
                    + thisUri);
        }
        if (!Objects.equals(claims.getSubject(), other.uri()) || other.uri() == null) {
            throw new TokenRefusal(Reason.SUBJECT, "subject " + claims.getSubject() + " is not the pipe's other.uri");
        }
        Long version;
        boolean deletion;
        try {
            version = claims.getLongClaim(TokenIssuer.VERSION_CLAIM);
            deletion = Boolean.TRUE.equals(claims.getBooleanClaim(TokenIssuer.DELETED_CLAIM));
        } catch (ParseException e) {
            throw new TokenRefusal(Reason.CLAIM_TYPES, "claims " + TokenIssuer.VERSION_CLAIM + "/"
                    + TokenIssuer.DELETED_CLAIM + " have the wrong type");
        }
        // without a jti, two updates in one second may carry the same token, so the body is part of the key
        String replayKey = claims.getJWTID() != null ? "jti:" + sha256(issuer + "\n" + claims.getJWTID())
                : "tok:" + sha256(token + "\n" + (body == null ? "" : body));
        if (!replays.firstUse(replayKey, issuer, times.acceptableUntil(claims))) {
            throw new TokenRefusal(Reason.REPLAY, "token was already used (replay)");
        }
        return new PeerCall(Actor.peer(issuer, claims.getSubject()), version, deletion, replayKey);
    }

    private void verifySignature(SignedJWT jwt, String issuer) {
        String kid = jwt.getHeader().getKeyID();
        JWK jwk;
        try {
            jwk = issuerKeys.key(issuer, kid);
        } catch (Exception e) {
            throw new TokenRefusal(Reason.ISSUER_KEYS_UNAVAILABLE, "keys of issuer " + issuer + " cannot be fetched: "
                    + e.getMessage());
        }
        if (!(jwk instanceof RSAKey rsa)) {
            throw new TokenRefusal(Reason.UNKNOWN_KEY, "issuer " + issuer + " has no RSA key " + kid);
        }
        try {
            if (!jwt.verify(new RSASSAVerifier(rsa))) {
                throw new TokenRefusal(Reason.SIGNATURE, "signature does not verify");
            }
        } catch (JOSEException e) {
            throw new TokenRefusal(Reason.SIGNATURE, "signature cannot be verified: " + e.getMessage());
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
