package dev.junction.command.osb;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.api.Actor;
import dev.junction.api.error.InvalidInputException;
import dev.junction.api.input.BoundedJson;
import dev.junction.api.input.Ids;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The platform's user behind an OSB request, from {@code X-Broker-API-Originating-Identity: platform
 * base64(json)}: recorded as a user {@link Actor} named by the JSON's {@code user_id} (Cloud Foundry) or
 * {@code username} / {@code uid} (Kubernetes), with the platform as its subject. Without the header the
 * request's own user (the Basic credentials) is the actor.
 */
public final class OriginatingIdentity {

    public static final String HEADER = "X-Broker-API-Originating-Identity";

    /** The encoded part, at most; platforms send a few fields. */
    static final int MAX_VALUE_CHARS = 4096;

    private OriginatingIdentity() {
    }

    /** The actor, or {@code fallback} when there is no header; a 400 naming the header when it is malformed. */
    public static Actor actor(String header, Actor fallback, BoundedJson json) {
        if (header == null) {
            return fallback;
        }
        String trimmed = header.trim();
        int space = trimmed.indexOf(' ');
        if (space <= 0 || trimmed.length() - space - 1 > MAX_VALUE_CHARS) {
            throw invalid("must be a platform, a space and a base64 JSON object of at most "
                    + MAX_VALUE_CHARS + " characters");
        }
        String platform = trimmed.substring(0, space);
        if (!Ids.valid(platform)) {
            throw invalid("platform " + Ids.RULE);
        }
        JsonNode identity;
        try {
            byte[] decoded = Base64.getDecoder().decode(trimmed.substring(space + 1).trim());
            identity = json.read(new String(decoded, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw invalid("value must be base64");
        } catch (InvalidInputException e) {
            throw invalid("value must be base64 of a JSON object");
        }
        if (identity == null || !identity.isObject()) {
            throw invalid("value must be base64 of a JSON object");
        }
        String user = first(identity, "user_id", "username", "uid");
        if (user == null) {
            throw invalid("value must name the user (user_id, username or uid)");
        }
        if (user.isEmpty() || user.length() > Ids.MAX_LENGTH || !printable(user)) {
            throw invalid("user must be 1 to " + Ids.MAX_LENGTH + " printable characters");
        }
        return new Actor(Actor.Kind.USER, user, platform);
    }

    private static String first(JsonNode identity, String... fields) {
        for (String field : fields) {
            JsonNode value = identity.get(field);
            if (value != null && value.isTextual()) {
                return value.asText();
            }
        }
        return null;
    }

    private static boolean printable(String text) {
        return text.chars().allMatch(c -> c >= 0x20 && c != 0x7f);
    }

    private static InvalidInputException invalid(String message) {
        return new InvalidInputException(HEADER, message);
    }
}
