package dev.junction.command.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.api.error.InvalidInputException.FieldError;
import dev.junction.api.pipe.End;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** Regular expressions of user schemas: linear time, ECMA-262 meaning, and a clear 400 for what cannot run. */
class SchemaPatternTest {

    /** Only a hang guard: the JDK's backtracking engine takes minutes on these inputs. */
    private static final Duration HANG_GUARD = Duration.ofSeconds(10);

    private final SchemaValidator validator = TestSchemaValidators.validator();

    private static ObjectNode patternSchema(String pattern) {
        ObjectNode value = JsonNodeFactory.instance.objectNode().put("type", "string").put("pattern", pattern);
        ObjectNode schema = JsonNodeFactory.instance.objectNode();
        schema.putObject("properties").set("v", value);
        return schema;
    }

    private static ObjectNode data(String value) {
        return JsonNodeFactory.instance.objectNode().put("v", value);
    }

    private List<FieldError> errors(JsonNode schema, ObjectNode data) {
        return assertTimeoutPreemptively(HANG_GUARD, () -> validator.errors("this", new End(null, null, schema, data)));
    }

    @Test
    void aCatastrophicPatternCompletesAndAnswers() {
        ObjectNode schema = patternSchema("^(.*a){12}$");

        assertThat(errors(schema, data("a".repeat(40) + "b"))).extracting(FieldError::field)
                .containsExactly("this.data.v");
        assertThat(errors(schema, data("a".repeat(40)))).isEmpty();
    }

    @Test
    void aCatastrophicPatternPropertiesKeyCompletesAndAnswers() {
        ObjectNode schema = JsonNodeFactory.instance.objectNode();
        schema.putObject("patternProperties").putObject("^(a|aa)+$").put("type", "integer");
        ObjectNode data = JsonNodeFactory.instance.objectNode().put("a".repeat(60) + "b", "x")
                .put("a".repeat(60), "x");

        assertThat(errors(schema, data)).extracting(FieldError::field).containsExactly("this.data." + "a".repeat(60));
    }

    @Test
    void aFormatRegexValueIsCheckedWithoutRunningItsBacktracking() {
        ObjectNode schema = JsonNodeFactory.instance.objectNode().put("$schema", "http://json-schema.org/draft-07/schema#");
        schema.putObject("properties").putObject("v").put("type", "string").put("format", "regex");

        assertThat(errors(schema, data("^[a-z]+$"))).isEmpty();
        assertThat(errors(schema, data("(a)\\1"))).extracting(FieldError::field).containsExactly("this.data.v");
    }

    static Stream<Arguments> ecmaPatterns() {
        return Stream.of(
                Arguments.of("^\\u0041$", "A", true),
                Arguments.of("^\\u{1F600}$", "\uD83D\uDE00", true),
                Arguments.of("^\\cJ$", "\n", true),
                Arguments.of("^a\\sb$", "a\u00A0b", true),
                Arguments.of("^a\\Sb$", "a\u2003b", false),
                Arguments.of("^[\\s]$", "\u3000", true),
                Arguments.of("^a.b$", "a\u2028b", false),
                Arguments.of("^a.b$", "a\rb", false),
                Arguments.of("^\\p{Script=Greek}+$", "\u03B1\u03B2", true),
                Arguments.of("^\\d+$", "\u0663", false),
                Arguments.of("^\\w+$", "\u00E9", false),
                Arguments.of("^a$", "a\n", false),
                Arguments.of("^[^]$", "\n", true),
                Arguments.of("^[]$", "a", false),
                Arguments.of("^[[]$", "[", true),
                Arguments.of("ab", "xaby", true),
                Arguments.of("^\\/\\-$", "/-", true));
    }

    @ParameterizedTest
    @MethodSource("ecmaPatterns")
    void ecmaPatternsKeepTheirMeaning(String pattern, String value, boolean valid) {
        assertThat(errors(patternSchema(pattern), data(value))).hasSize(valid ? 0 : 1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"(a)\\1", "(?=a)b", "(?<!a)b", "\\k<x>", "\\Qa\\E", "a\\z", "\\p{Letter}", "[", "\\u12"})
    void aPatternRe2CannotRunMakesTheSchemaUnusable(String pattern) {
        assertThat(errors(patternSchema(pattern), data("a"))).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("this.schema");
            assertThat(e.message()).startsWith("is not a usable JSON Schema: the pattern ");
        });
    }

    @Test
    void aLongPatternIsRefusedWithoutEchoingIt() {
        String pattern = "x".repeat(1_001) + "\r\nSECRET";

        assertThat(errors(patternSchema(pattern), data("a"))).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("this.schema");
            assertThat(e.message()).contains("longer than 1000 characters").doesNotContain("SECRET")
                    .doesNotContain("\r").hasSizeLessThan(200);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"((a{1000}){1000}){1000}", "(a{100}){100}", "(?:(?:x{10}){10}){11}", "[ab]{1001}x{0,1}"})
    void aPatternThatRepeatsBeyondTheLimitIsRefusedBeforeItIsCompiled(String pattern) {
        assertThat(errors(patternSchema(pattern), data("a"))).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("this.schema");
            assertThat(e.message()).contains("the pattern");
        });
    }

    @Test
    void aPatternInsideDefsOnlyReachedByRefIsCheckedToo() {
        ObjectNode schema = JsonNodeFactory.instance.objectNode();
        schema.putObject("$defs").putObject("x").put("pattern", "(?=a)");
        schema.put("$ref", "#/$defs/x");

        assertThat(errors(schema, data("a"))).extracting(FieldError::field).containsExactly("this.schema");
    }

    @Test
    void anUnsupportedPatternIsNamedOnTheOtherEndToo() {
        assertThat(validator.errors("other", new End(null, null, patternSchema("(a)\\1"), data("a"))))
                .extracting(FieldError::field).containsExactly("other.schema");
    }
}
