package dev.junction.api.input;

import dev.junction.api.error.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IdsTest {

    @ParameterizedTest
    @ValueSource(strings = {"p1", "0", "a.b_c:d~e-f", "3f2a9c1e-1b2c-4d5e-8f90-123456789abc", "auth:oidc", "db",
            "postgresqls", "m-0", "bench-3-17"})
    void idsTheExamplesAndTemplatesUsePass(String id) {
        assertThat(Ids.valid(id)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-p1", ".p1", ".", "..", "p 1", "p/1", "p;x=1", "p1?", "é", "a\u0000b", "a\r\nb",
            "a\tb", "a%00b", "a\u2028b"})
    void anythingElseIsRefused(String id) {
        assertThat(Ids.valid(id)).isFalse();
    }

    @Test
    void anIdIsAtMost200Characters() {
        assertThat(Ids.valid("a".repeat(200))).isTrue();
        assertThat(Ids.valid("a".repeat(201))).isFalse();
        assertThat(Ids.valid(null)).isFalse();
    }

    @Test
    void aRefusalNamesTheIdAndNeverRepeatsIt() {
        assertThatThrownBy(() -> Ids.require("pipe id", "x\r\nFAKE LOG LINE"))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.errors()).extracting(InvalidInputException.FieldError::field).containsExactly("pipe id");
                    assertThat(e.getMessage()).doesNotContain("FAKE", "\r", "\n");
                });
        assertThat(Ids.require("pipe id", "p1")).isEqualTo("p1");
    }
}
