package dev.junction.infra.oidc;

import java.util.Locale;

/**
 * Why a peer's token was refused: a reason from a fixed set (the metric's tag, so no caller text
 * reaches a metric) and the detail for the log, which the caller never sees.
 */
final class TokenRefusal extends RuntimeException {

    /** The reasons a token is refused; each one's {@link #code()} tags the refusal counter. */
    enum Reason {
        MALFORMED, ALGORITHM, UNKNOWN_PIPE, ISSUER, ISSUER_KEYS_UNAVAILABLE, UNKNOWN_KEY, SIGNATURE, EXPIRED,
        NOT_YET_VALID, LIFETIME_TOO_LONG, ISSUE_TIME_MISSING, OUTSIDE_WINDOW, AUDIENCE, SUBJECT, REPLAY,
        CLAIM_TYPES;

        String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Reason reason;

    TokenRefusal(Reason reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    Reason reason() {
        return reason;
    }
}
