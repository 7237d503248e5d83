package dev.junction.api.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.api.error.InvalidInputException;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;

import java.io.UncheckedIOException;

/**
 * JSON written with single quotes, so that tests read without escaped double quotes, and a matcher on
 * the fields an {@link InvalidInputException} names. Shared by every module's tests through the
 * api-contract test-jar.
 */
public final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    /** The JSON text with every single quote turned into a double quote. */
    public static String text(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }

    public static JsonNode node(String singleQuoted) {
        try {
            return MAPPER.readTree(text(singleQuoted));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ObjectNode obj(String singleQuoted) {
        return (ObjectNode) node(singleQuoted);
    }

    /** Matches an InvalidInputException that names the given field (among others). */
    public static Matcher<Throwable> invalidField(String field) {
        return new TypeSafeMatcher<>() {
            @Override
            protected boolean matchesSafely(Throwable item) {
                return item instanceof InvalidInputException e
                        && e.errors().stream().anyMatch(error -> error.field().equals(field));
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("an InvalidInputException naming field ").appendValue(field);
            }
        };
    }
}
