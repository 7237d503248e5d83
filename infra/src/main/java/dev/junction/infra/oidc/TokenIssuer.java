package dev.junction.infra.oidc;

import dev.junction.api.Randomness;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/**
 * Signs the tokens this broker presents to peers: RS256, {@code iss} = root URL, {@code aud} = the
 * peer's pipe uri, {@code sub} = this pipe's uri, a short life and a unique {@code jti}. Junction
 * adds {@code end_version} (the version of the end being sent, so receivers can drop stale
 * deliveries) and {@code end_deleted} on a deletion notice; peers that do not know them ignore them.
 */
public class TokenIssuer {

    public static final String VERSION_CLAIM = "end_version";
    public static final String DELETED_CLAIM = "end_deleted";

    private final String issuer;
    private final SigningKeys keys;
    private final Duration ttl;
    private final Clock clock;

    public TokenIssuer(String issuer, SigningKeys keys, Duration ttl, Clock clock) {
        this.issuer = issuer;
        this.keys = keys;
        this.ttl = ttl;
        this.clock = clock;
    }

    public String issuer() {
        return issuer;
    }

    public String mint(String audience, String subject, Long version, boolean deleted) {
        SigningKeys.Current key = keys.current();
        Instant now = clock.instant();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .audience(audience)
                .subject(subject)
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ttl)))
                .jwtID(Randomness.uuid().toString());
        if (version != null) {
            claims.claim(VERSION_CLAIM, version);
        }
        if (deleted) {
            claims.claim(DELETED_CLAIM, true);
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.kid())
                .type(JOSEObjectType.JWT).build(), claims.build());
        try {
            jwt.sign(new RSASSASigner(key.key()));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a token", e);
        }
        return jwt.serialize();
    }
}
