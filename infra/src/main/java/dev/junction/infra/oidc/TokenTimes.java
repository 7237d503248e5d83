package dev.junction.infra.oidc;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.junction.infra.oidc.TokenRefusal.Reason;

import java.time.Duration;
import java.time.Instant;

/**
 * The time rules of a peer's token: {@code exp} required and not past, {@code nbf}/{@code iat} not in
 * the future, a lifetime of at most {@code maxLifetime}, and, for a token without {@code jti} (which
 * cannot be made single-use), an {@code iat} no older than {@code withoutJtiWindow}; each within
 * {@code skew}.
 */
public final class TokenTimes {

    private final Duration skew;
    private final Duration maxLifetime;
    private final Duration withoutJtiWindow;

    public TokenTimes(Duration skew, Duration maxLifetime, Duration withoutJtiWindow) {
        this.skew = skew;
        this.maxLifetime = maxLifetime;
        this.withoutJtiWindow = withoutJtiWindow;
    }

    /** Refuses a token whose times are not acceptable at {@code now}. */
    void check(JWTClaimsSet claims, Instant now) {
        Instant exp = instant(claims.getExpirationTime());
        Instant nbf = instant(claims.getNotBeforeTime());
        Instant iat = instant(claims.getIssueTime());
        if (exp == null || !exp.plus(skew).isAfter(now)) {
            throw new TokenRefusal(Reason.EXPIRED, "token expired or has no exp");
        }
        if (nbf != null && nbf.minus(skew).isAfter(now)) {
            throw new TokenRefusal(Reason.NOT_YET_VALID, "token not valid yet (nbf " + nbf + ")");
        }
        if (iat != null && iat.minus(skew).isAfter(now)) {
            throw new TokenRefusal(Reason.NOT_YET_VALID, "token issued in the future (iat " + iat + ")");
        }
        Instant start = iat != null ? iat : now;
        if (Duration.between(start, exp).compareTo(maxLifetime.plus(skew)) > 0) {
            throw new TokenRefusal(Reason.LIFETIME_TOO_LONG, "token lives from " + start + " to " + exp
                    + ", longer than " + maxLifetime);
        }
        if (claims.getJWTID() == null) {
            if (iat == null) {
                throw new TokenRefusal(Reason.ISSUE_TIME_MISSING, "token has neither jti nor iat");
            }
            if (now.isAfter(windowEnd(iat))) {
                throw new TokenRefusal(Reason.OUTSIDE_WINDOW, "token without jti issued at " + iat
                        + ", more than " + withoutJtiWindow + " ago");
            }
        }
    }

    /** Until when a checked token could be accepted, so until when its use must be remembered. */
    Instant acceptableUntil(JWTClaimsSet claims) {
        Instant expiry = claims.getExpirationTime().toInstant().plus(skew);
        if (claims.getJWTID() != null) {
            return expiry;
        }
        Instant windowEnd = windowEnd(claims.getIssueTime().toInstant());
        return windowEnd.isBefore(expiry) ? windowEnd : expiry;
    }

    private Instant windowEnd(Instant iat) {
        return iat.plus(withoutJtiWindow).plus(skew);
    }

    private static Instant instant(java.util.Date date) {
        return date == null ? null : date.toInstant();
    }
}
