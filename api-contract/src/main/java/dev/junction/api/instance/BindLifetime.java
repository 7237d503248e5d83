package dev.junction.api.instance;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * The lifetime a stencil's {@code bind} output may declare for its credentials, at its top level:
 * {@code expires_in} (whole seconds from the end of the bind, 1 to {@value #MAX_SECONDS}) or
 * {@code expires_at} (an RFC 3339 date-time). Both stay in the credentials as printed; a value that is
 * neither is no lifetime (the credentials do not expire as far as the broker knows).
 */
public final class BindLifetime {

    /** Ten years: anything longer is no lifetime a platform needs to plan for. */
    public static final long MAX_SECONDS = 10L * 366 * 24 * 3600;
    static final int MAX_TEXT = 64;

    private BindLifetime() {
    }

    /** When the credentials expire, or null; {@code now} is when the bind ended. */
    public static Instant expiresAt(JsonNode output, Instant now) {
        if (output == null || !output.isObject()) {
            return null;
        }
        JsonNode in = output.get("expires_in");
        if (in != null && in.isIntegralNumber() && in.asLong() >= 1 && in.asLong() <= MAX_SECONDS) {
            return now.plusSeconds(in.asLong());
        }
        JsonNode at = output.get("expires_at");
        if (at != null && at.isTextual() && at.asText().length() <= MAX_TEXT) {
            try {
                return OffsetDateTime.parse(at.asText()).toInstant();
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        return null;
    }
}
