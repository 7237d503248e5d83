package dev.junction.infra;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Schemas that would stall or crash the broker (a backtracking regex, endless recursion, references to
 * the broker's own files) are answered 400 naming the schema field, and create or change nothing.
 */
class HostileSchemaApiTest extends ApiTestSupport {

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"$ref\":\"#\"}",
            "{\"allOf\":[{\"$ref\":\"#\"}]}",
            "{\"$defs\":{\"a\":{\"$ref\":\"#/$defs/b\"},\"b\":{\"$ref\":\"#/$defs/a\"}},\"$ref\":\"#/$defs/a\"}",
            "{\"$dynamicAnchor\":\"m\",\"anyOf\":[{\"$dynamicRef\":\"#m\"}]}",
            "{\"$ref\":\"classpath:/application.yaml\"}",
            "{\"$ref\":\"resource:/db/migration/V1__events.sql\"}",
            "{\"$id\":\"classpath:/\",\"$ref\":\"application.yaml\"}",
            "{\"type\":\"string\",\"pattern\":\"(a)\\\\1\"}"
    })
    void aHostileSchemaInACreationIs400NamingItAndCreatesNothing(String schema) {
        String id = newId("hostile");

        Answer answer = post("/backend/pipes", "{\"id\":\"%s\",\"this\":{\"schema\":%s}}".formatted(id, schema));

        assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
        assertThat(answer.errorFields()).containsExactly("this.schema");
        assertThat(pipeStatus("backend", id)).isEqualTo(404);
    }

    @Test
    void aHostileSchemaOnTheOtherEndIsNamedThere() {
        String id = newId("hostile-other");

        Answer answer = post("/backend/pipes", "{\"id\":\"%s\",\"other\":{\"schema\":{\"$ref\":\"#\"}}}".formatted(id));

        assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
        assertThat(answer.errorFields()).containsExactly("other.schema");
        assertThat(pipeStatus("backend", id)).isEqualTo(404);
    }

    @Test
    void aSchemaPatchThatRecursesEndlesslyIs400AndLeavesThePipeUnchanged() {
        String id = newId("hostile-patch");
        Answer created = post("/backend/pipes", "{\"id\":\"%s\",\"this\":{\"schema\":{\"type\":\"object\"},"
                .formatted(id) + "\"data\":{\"URI\":\"https://ok.example\"}}}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        JsonNode before = pipe("backend", id);

        for (String schema : List.of("{\"$ref\":\"#\"}", "{\"not\":{\"$ref\":\"#\"}}",
                "{\"properties\":{\"URI\":{\"$ref\":\"classpath:/application.yaml\"}}}")) {
            Answer answer = patch("/backend/pipes/" + id, "{\"this\":{\"schema\":" + schema + "}}");

            assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
            assertThat(answer.errorFields()).containsExactly("this.schema");
            assertThat(pipe("backend", id)).isEqualTo(before);
        }
    }

    /** The JDK's engine takes minutes on this; the client's response timeout is the hang guard. */
    @Test
    void aBacktrackingPatternIsAnsweredAtOnceByItsVerdict() {
        String schema = "{\"type\":\"object\",\"properties\":{\"V\":{\"type\":\"string\",\"pattern\":\"^(.*a){12}$\"}}}";
        String refused = newId("regex");
        String accepted = newId("regex");

        Answer invalid = post("/backend/pipes", "{\"id\":\"%s\",\"this\":{\"schema\":%s,\"data\":{\"V\":\"%s\"}}}"
                .formatted(refused, schema, "a".repeat(40) + "b"));
        Answer valid = post("/backend/pipes", "{\"id\":\"%s\",\"this\":{\"schema\":%s,\"data\":{\"V\":\"%s\"}}}"
                .formatted(accepted, schema, "a".repeat(40)));

        assertThat(invalid.status()).as(invalid.toString()).isEqualTo(400);
        assertThat(invalid.errorFields()).containsExactly("this.data.V");
        assertThat(pipeStatus("backend", refused)).isEqualTo(404);
        assertThat(valid.status()).as(valid.toString()).isEqualTo(201);
        assertThat(delete("/backend/pipes/" + accepted).status()).isEqualTo(204);
    }
}
