package dev.junction.command.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.api.error.InvalidInputException;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;

import java.io.UncheckedIOException;

/** Test helpers: JSON written with single quotes, and a matcher on the fields an InvalidInputException names. */
public final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    public static JsonNode node(String singleQuoted) {
        try {
            return MAPPER.readTree(singleQuoted.replace('\'', '"'));
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
