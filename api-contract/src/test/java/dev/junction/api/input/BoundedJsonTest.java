package dev.junction.api.input;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.api.error.InvalidInputException;
import dev.junction.api.error.InvalidInputException.FieldError;
import dev.junction.api.error.PayloadTooLargeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.junction.api.testing.Json.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BoundedJsonTest {

    private static final BoundedJson JSON = new BoundedJson(new InputLimits(100, 100, 10_000, 8, 50, 20));

    private static void assertInvalid(String singleQuoted, String... fields) {
        assertThatThrownBy(() -> JSON.read(text(singleQuoted)))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.errors())
                        .extracting(FieldError::field).containsExactlyInAnyOrder(fields));
    }

    @Test
    void numbersADoubleCarriesAreReadAsDoubles() {
        JsonNode node = JSON.read(text("{'a':1.5,'b':[2.5e10,-0.0],'c':7,'d':1e308}"));

        assertThat(node.get("a").isDouble()).isTrue();
        assertThat(node.get("a").doubleValue()).isEqualTo(1.5);
        assertThat(node.at("/b/0").isDouble()).isTrue();
        assertThat(node.get("c").isInt()).isTrue();
        assertThat(node.get("d").doubleValue()).isEqualTo(1e308);
    }

    @Test
    void numbersADoubleCannotCarryAreRefusedNamingTheirPath() {
        assertInvalid("{'this':{'data':{'x':1e400}}}", "this.data.x");
        assertInvalid("{'x':-1e400,'y':[1,1e-400]}", "x", "y[1]");
        assertInvalid("1e999", "body");
    }

    @Test
    void nonNumericNumbersAreNotJson() {
        assertInvalid("{'x':NaN}", "body");
        assertInvalid("{'x':Infinity}", "body");
    }

    @Test
    void aFieldNameInAnErrorIsPrintable() {
        assertThatThrownBy(() -> JSON.read("{\"a\\r\\nFAKE\":1e400}"))
                .isInstanceOfSatisfying(InvalidInputException.class, e ->
                        assertThat(e.errors().get(0).field()).isEqualTo("a\\u000d\\u000aFAKE"));
    }

    @Test
    void nestingDeeperThanTheLimitIsRefusedOnTheBody() {
        JSON.read("[".repeat(8) + "]".repeat(8));

        assertThatThrownBy(() -> JSON.read("[".repeat(9) + "]".repeat(9)))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.errors()).extracting(FieldError::field).containsExactly("body");
                    assertThat(e.getMessage()).contains("deeper than 8");
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"{'s':'%s'}", "{'%s':1}"})
    void stringsAndNamesLongerThanTheLimitAreRefusedOnTheBody(String template) {
        JSON.read(text(template.formatted("x".repeat(50))));

        assertInvalid(template.formatted("x".repeat(51)), "body");
    }

    @Test
    void numbersLongerThanTheLimitAreRefusedOnTheBody() {
        JSON.read("{\"n\":" + "1".repeat(20) + "}");

        assertInvalid("{'n':" + "1".repeat(21) + "}", "body");
    }

    @Test
    void trailingTokensAreNotJson() {
        assertInvalid("{'a':1}{'b':2}", "body");
    }

    @Test
    void aPartOverItsLimitIs413NamingIt() {
        JsonNode small = JSON.read(text("{'a':'" + "x".repeat(40) + "'}"));
        JsonNode large = JSON.read(text("{'a':'" + "x".repeat(45) + "','b':'" + "y".repeat(45) + "'}"));

        JSON.requireAtMost(small, "this.data", 100);
        JSON.requireAtMost(null, "this.data", 100);
        assertThatThrownBy(() -> JSON.requireAtMost(large, "other.schema", 100))
                .isInstanceOfSatisfying(PayloadTooLargeException.class, e -> {
                    assertThat(e.field()).isEqualTo("other.schema");
                    assertThat(e.getMessage()).contains("100");
                });
    }

    @Test
    void theSizeIsThatOfCompactUtf8() {
        JsonNode node = JSON.read("{ \"a\" :  \"é\" }"); // {"a":"é"} is 10 bytes

        JSON.requireAtMost(node, "data", 10);
        assertThatThrownBy(() -> JSON.requireAtMost(node, "data", 9)).isInstanceOf(PayloadTooLargeException.class);
    }
}
