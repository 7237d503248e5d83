package dev.junction.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.util.List;

/**
 * The {@code -P key=value} options as OSB {@code parameters}: a value that parses as JSON is that JSON
 * ({@code -P size=3} is a number, {@code -P tags=["a"]} an array, {@code -P on=true} a boolean), anything
 * else is a string ({@code -P size=large}). A key given twice is an error, not a silent overwrite.
 */
public final class Parameters {

    /** The longest key: parameters name a stencil's inputs, which are short. */
    static final int MAX_KEY = 200;
    /** The most parameters on one command line. */
    static final int MAX_COUNT = 100;

    /** Strict: {@code 3 4} or {@code 1.2.3} are text, not the first JSON value they start with. */
    private static final ObjectReader STRICT = BrokerClient.JSON.reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private Parameters() {
    }

    /** The parameters object, or null when none were given (OSB then gets no {@code parameters}). */
    public static ObjectNode parse(List<String> options) {
        if (options == null || options.isEmpty()) {
            return null;
        }
        if (options.size() > MAX_COUNT) {
            throw usage("at most " + MAX_COUNT + " -P options");
        }
        ObjectNode parameters = BrokerClient.JSON.createObjectNode();
        for (String option : options) {
            int equals = option.indexOf('=');
            if (equals <= 0) {
                throw usage("-P " + Table.oneLine(option, 60) + ": expected key=value");
            }
            String key = option.substring(0, equals);
            if (key.length() > MAX_KEY || !key.equals(key.strip()) || key.chars().anyMatch(Character::isISOControl)) {
                throw usage("-P " + Table.oneLine(key, 60) + ": a key is 1 to " + MAX_KEY
                        + " characters, without spaces around it or control characters");
            }
            if (parameters.has(key)) {
                throw usage("-P " + key + " is given twice");
            }
            parameters.set(key, value(option.substring(equals + 1)));
        }
        return parameters;
    }

    /** A value: its JSON when the whole of it is one JSON value, else the text itself. */
    static JsonNode value(String text) {
        if (text.isBlank()) {
            return TextNode.valueOf(text);
        }
        try {
            JsonNode parsed = STRICT.readTree(text);
            if (parsed != null && !parsed.isMissingNode()) {
                return parsed;
            }
        } catch (JsonProcessingException e) {
            // not JSON: the text itself, as a user typing size=large means
        }
        return TextNode.valueOf(text);
    }

    private static CliException usage(String message) {
        return new CliException(ExitCodes.USAGE, message);
    }
}
