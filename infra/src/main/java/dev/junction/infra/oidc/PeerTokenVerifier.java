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
import dev.junction.query.pipe.PipeViews;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Accepts a peer's update of a pipe only when its token proves it comes from the pipe's other end:
 * RS256 signature by a key of the issuer (found through OIDC discovery), {@code iss} equal to the
 * pipe's {@code other.issuer}, {@code aud} containing its {@code this.uri}, {@code sub} equal to its
 * {@code other.uri} (all compared exactly), {@code exp}/{@code nbf}/{@code iat} within the clock skew,
 * and the token not seen before. Every refusal is logged with its reason, never with the token.
 */
public class PeerTokenVerifier implements PeerAuthenticator {

    private static final Logger log = LoggerFactory.getLogger(PeerTokenVerifier.class);

    private final PipeViews pipes;
    private final IssuerKeys issuerKeys;
    private final ReplayGuard replays;
    private final Duration skew;
    private final Clock clock;

    public PeerTokenVerifier(PipeViews pipes, IssuerKeys issuerKeys, ReplayGuard replays, Duration skew,
                             Clock clock) {
        this.pipes = pipes;
        this.issuerKeys = issuerKeys;
        this.replays = replays;
        this.skew = skew;
        this.clock = clock;
    }

    @Override
    public PeerCall authenticate(String token, String resource, String pipeId, String body) {
        String pipeKey = PipeKeys.pipe(resource, pipeId);
        try {
            return verify(token, pipeKey, body);
        } catch (UnauthorizedException e) {
            log.warn("peer update of pipe {} refused: {}", pipeKey, e.getMessage());
            throw e;
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
            throw new UnauthorizedException("malformed token");
        }
        if (!JWSAlgorithm.RS256.equals(jwt.getHeader().getAlgorithm())) {
            throw new UnauthorizedException("token must be signed with RS256, not " + jwt.getHeader().getAlgorithm());
        }
        PipeView pipe = pipes.find(pipeKey).filter(p -> !p.deleted())
                .orElseThrow(() -> new UnauthorizedException("no pipe " + pipeKey + " to update"));
        End other = pipe.otherEnd();
        String issuer = claims.getIssuer();
        if (other.issuer() == null || !other.issuer().equals(issuer)) {
            throw new UnauthorizedException("issuer " + issuer + " is not the pipe's other.issuer");
        }
        JWK jwk;
        try {
            jwk = issuerKeys.key(issuer, jwt.getHeader().getKeyID());
        } catch (Exception e) {
            throw new UnauthorizedException("keys of issuer " + issuer + " cannot be fetched: " + e.getMessage());
        }
        if (!(jwk instanceof RSAKey rsa)) {
            throw new UnauthorizedException("issuer " + issuer + " has no RSA key " + jwt.getHeader().getKeyID());
        }
        try {
            if (!jwt.verify(new RSASSAVerifier(rsa))) {
                throw new UnauthorizedException("signature does not verify");
            }
        } catch (JOSEException e) {
            throw new UnauthorizedException("signature cannot be verified: " + e.getMessage());
        }
        Instant now = clock.instant();
        Date exp = claims.getExpirationTime();
        if (exp == null || !exp.toInstant().plus(skew).isAfter(now)) {
            throw new UnauthorizedException("token expired or has no exp");
        }
        if (claims.getNotBeforeTime() != null && claims.getNotBeforeTime().toInstant().minus(skew).isAfter(now)) {
            throw new UnauthorizedException("token not valid yet (nbf)");
        }
        if (claims.getIssueTime() != null && claims.getIssueTime().toInstant().minus(skew).isAfter(now)) {
            throw new UnauthorizedException("token issued in the future (iat)");
        }
        String thisUri = pipe.thisEnd().uri();
        if (claims.getAudience() == null || !claims.getAudience().contains(thisUri)) {
            throw new UnauthorizedException("audience " + claims.getAudience() + " does not name this pipe " + thisUri);
        }
        if (!Objects.equals(claims.getSubject(), other.uri()) || other.uri() == null) {
            throw new UnauthorizedException("subject " + claims.getSubject() + " is not the pipe's other.uri");
        }
        String replayKey = claims.getJWTID() != null ? "jti:" + sha256(issuer + "\n" + claims.getJWTID())
                : "tok:" + sha256(token + "\n" + (body == null ? "" : body));
        if (!replays.firstUse(replayKey, issuer, exp.toInstant().plus(skew))) {
            throw new UnauthorizedException("token was already used (replay)");
        }
        Long version = null;
        boolean deletion = false;
        try {
            version = claims.getLongClaim(TokenIssuer.VERSION_CLAIM);
            Boolean deleted = claims.getBooleanClaim(TokenIssuer.DELETED_CLAIM);
            deletion = Boolean.TRUE.equals(deleted);
        } catch (ParseException e) {
            throw new UnauthorizedException("claims " + TokenIssuer.VERSION_CLAIM + "/" + TokenIssuer.DELETED_CLAIM
                    + " have the wrong type");
        }
        return new PeerCall(Actor.peer(issuer, claims.getSubject()), version, deletion, replayKey);
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
