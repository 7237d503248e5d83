package dev.junction.command.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.api.error.InvalidInputException;
import dev.junction.api.error.InvalidInputException.FieldError;
import dev.junction.api.pipe.End;
import dev.junction.api.testing.FreePorts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.junction.api.testing.Json.node;
import static dev.junction.api.testing.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SchemaValidatorTest {

    private static final JsonNode HTTPS_URI = node(
            "{'type':'object','required':['URI'],'properties':{'URI':{'type':'string','pattern':'^https://'}}}");

    private final SchemaValidator validator = TestSchemaValidators.validator();

    private static End end(JsonNode schema, ObjectNode data) {
        return new End(null, null, schema, data);
    }

    private List<String> fields(String endName, JsonNode schema, ObjectNode data) {
        return validator.errors(endName, end(schema, data)).stream().map(FieldError::field).toList();
    }

    @Test
    void dataMatchingThePatternIsValid() {
        assertThat(validator.errors("this", end(HTTPS_URI, obj("{'URI':'https://db.example'}")))).isEmpty();
    }

    @Test
    void aPatternViolationNamesTheField() {
        List<FieldError> errors = validator.errors("this", end(HTTPS_URI, obj("{'URI':'http://db.example'}")));

        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("this.data.URI");
            assertThat(e.message()).contains("^https://");
        });
    }

    @Test
    void aMissingRequiredPropertyIsReportedByItsOwnPath() {
        List<FieldError> errors = validator.errors("other", end(HTTPS_URI, obj("{}")));

        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("other.data.URI");
            assertThat(e.message()).contains("URI");
        });
    }

    @Test
    void aTypeErrorNamesTheNestedFieldPath() {
        JsonNode schema = node("{'properties':{'db':{'properties':{'port':{'type':'integer'}}}}}");

        assertThat(fields("this", schema, obj("{'db':{'port':'5432'}}"))).containsExactly("this.data.db.port");
    }

    @Test
    void missingDataIsValidatedAsAnEmptyObject() {
        assertThat(fields("this", HTTPS_URI, null)).containsExactly("this.data.URI");
    }

    @Test
    void validateReportsEveryFailingFieldOfBothEnds() {
        JsonNode otherSchema = node("{'properties':{'USER':{'type':'string'},'PASS':{'type':'string'}}}");

        assertThatThrownBy(() -> validator.validate(end(HTTPS_URI, obj("{'URI':'ftp://x'}")),
                end(otherSchema, obj("{'USER':1,'PASS':2}"))))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.errors())
                        .extracting(FieldError::field)
                        .containsExactly("this.data.URI", "other.data.PASS", "other.data.USER"));
    }

    @Test
    void validEndsAndEndsWithoutSchemaPass() {
        assertThatCode(() -> validator.validate(end(HTTPS_URI, obj("{'URI':'https://x'}")),
                end(null, obj("{'anything':1}")))).doesNotThrowAnyException();
    }

    @Test
    void theCacheDoesNotMixSchemas() {
        JsonNode asString = node("{'properties':{'PORT':{'type':'string'}}}");
        JsonNode asInteger = node("{'properties':{'PORT':{'type':'integer'}}}");
        ObjectNode data = obj("{'PORT':5432}");

        assertThat(fields("this", asString, data)).containsExactly("this.data.PORT");
        assertThat(fields("this", asInteger, data)).isEmpty();
        assertThat(fields("this", asString, data)).containsExactly("this.data.PORT");
    }

    @Test
    void theCacheDoesNotMixSchemasThatShareAnId() {
        JsonNode asString = node("{'$id':'urn:junction:test','properties':{'PORT':{'type':'string'}}}");
        JsonNode asInteger = node("{'$id':'urn:junction:test','properties':{'PORT':{'type':'integer'}}}");
        ObjectNode data = obj("{'PORT':5432}");

        assertThat(fields("this", asString, data)).containsExactly("this.data.PORT");
        assertThat(fields("this", asInteger, data)).isEmpty();
    }

    @Test
    void aSchemaChangedAfterUseIsNotAnsweredFromTheCache() {
        ObjectNode schema = obj("{'properties':{'PORT':{'type':'string'}}}");
        ObjectNode data = obj("{'PORT':5432}");
        assertThat(fields("this", schema, data)).containsExactly("this.data.PORT");

        ((ObjectNode) schema.get("properties").get("PORT")).put("type", "integer");

        assertThat(fields("this", schema, data)).isEmpty();
    }

    @Test
    void anOlderDraftNamedBySchemaIsStillUsable() {
        JsonNode draft7 = node("{'$schema':'http://json-schema.org/draft-07/schema#',"
                + "'properties':{'PORT':{'type':'integer'}}}");

        assertThat(fields("this", draft7, obj("{'PORT':'x'}"))).containsExactly("this.data.PORT");
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://schemas.example/pipe.json", "http://schemas.example/pipe.json#/$defs/a"})
    void aRemoteRefIsRefusedWithAClearError(String ref) {
        List<FieldError> errors = validator.errors("this", end(node("{'$ref':'" + ref + "'}"), obj("{}")));

        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("this.schema");
            assertThat(e.message()).contains("$ref").contains("is not allowed").contains(ref.replaceAll("#.*", ""));
        });
    }

    /**
     * The refusal must not depend on the scheme being spelled http(s): {@code jar:http:} and
     * {@code ftp:} fetch from the network too. A loopback listener shows that no connection was
     * attempted: the first connection it accepts is the probe the test opens afterwards.
     */
    @ParameterizedTest
    @ValueSource(strings = {"jar:http://127.0.0.1:%d/schemas.jar!/pipe.json", "ftp://127.0.0.1:%d/pipe.json",
            "http://127.0.0.1:%d/pipe.json"})
    @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aRefToTheNetworkInAnyDisguiseIsRefusedWithoutConnecting(String template) throws IOException {
        try (ServerSocket listener = FreePorts.listener()) {
            String ref = template.formatted(listener.getLocalPort());

            List<FieldError> errors = validator.errors("this", end(node("{'$ref':'" + ref + "'}"), obj("{}")));

            assertThat(errors).singleElement().satisfies(e -> {
                assertThat(e.field()).isEqualTo("this.schema");
                assertThat(e.message()).contains("is not allowed");
            });
            try (Socket probe = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
                 Socket first = listener.accept()) {
                assertThat(first.getPort()).as("the first connection is the probe").isEqualTo(probe.getLocalPort());
            }
        }
    }

    @Test
    void aRefToALocalFileIsRefused() throws IOException {
        Path file = Files.createTempFile("schema", ".json");
        try {
            Files.writeString(file, "{\"properties\":{\"PORT\":{\"type\":\"integer\"}}}");
            String ref = file.toUri().toString();

            List<FieldError> errors = validator.errors("this", end(node("{'$ref':'" + ref + "'}"),
                    obj("{'PORT':'not a number'}")));

            assertThat(errors).singleElement().satisfies(e -> {
                assertThat(e.field()).isEqualTo("this.schema");
                assertThat(e.message()).contains("is not allowed");
            });
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void aRefInsideTheSchemaStillWorks() {
        JsonNode schema = node("{'$defs':{'port':{'type':'integer'}},'properties':{'PORT':{'$ref':'#/$defs/port'}}}");

        assertThat(fields("this", schema, obj("{'PORT':'x'}"))).containsExactly("this.data.PORT");
        assertThat(fields("this", schema, obj("{'PORT':1}"))).isEmpty();
    }

    @Test
    void anUnusableSchemaIsReportedOnTheSchemaField() {
        JsonNode brokenPattern = node("{'properties':{'URI':{'type':'string','pattern':'['}}}");

        assertThat(validator.errors("this", end(brokenPattern, obj("{'URI':'x'}"))))
                .singleElement().satisfies(e -> {
                    assertThat(e.field()).isEqualTo("this.schema");
                    assertThat(e.message()).startsWith("is not a usable JSON Schema");
                });
    }

    @Test
    void aSchemaThatIsNeitherObjectNorBooleanIsReportedOnTheSchemaField() {
        JsonNode text = JsonNodeFactory.instance.textNode("{\"type\":\"object\"}");

        assertThatThrownBy(() -> validator.validate(End.EMPTY, end(text, obj("{}"))))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.errors())
                        .extracting(FieldError::field).containsExactly("other.schema"));
    }

    @Test
    void booleanSchemasAreHonoured() {
        assertThat(fields("this", JsonNodeFactory.instance.booleanNode(true), obj("{'a':1}"))).isEmpty();
        assertThat(fields("this", JsonNodeFactory.instance.booleanNode(false), obj("{'a':1}")))
                .containsExactly("this.data");
    }
}
