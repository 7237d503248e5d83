package dev.junction.command.schema;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.api.error.InvalidInputException.FieldError;
import dev.junction.api.pipe.End;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.junction.api.testing.Json.node;
import static dev.junction.api.testing.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;

/** Only references inside the schema itself are followed; nothing a schema names is ever loaded. */
class SchemaReferenceTest {

    private final List<String> loaded = new CopyOnWriteArrayList<>();
    private final SchemaValidator validator = new SchemaValidator(TestSchemaValidators.LIMITS, loaded::add);

    private List<FieldError> errors(JsonNode schema) {
        return validator.errors("this", new End(null, null, schema, obj("{'PORT':'x'}")));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{'$ref':'classpath:/application.yaml'}",
            "{'$ref':'classpath:draft/2020-12/schema'}",
            "{'$ref':'resource:/db/migration/V1__events.sql'}",
            "{'$ref':'https://json-schema.org/draft/2020-12/schema'}",
            "{'$id':'https://schemas.example/pipe.json','$ref':'other.json'}",
            "{'$ref':'urn:junction:elsewhere'}",
            "{'$defs':{'a':{'$id':'https://schemas.example/a.json'}},'$ref':'https://schemas.example/b.json'}",
            "{'properties':{'PORT':{'$ref':'classpath:application.yaml#/x'}}}"
    })
    void aRefOutsideTheSchemaIsRefusedBeforeAnyLoaderIsAsked(String schema) {
        assertThat(errors(node(schema))).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("this.schema");
            assertThat(e.message()).contains("is not allowed");
        });
        assertThat(loaded).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{'$id':'classpath:/','$ref':'application.yaml'}",
            "{'$id':'resource:/x/','$ref':'application.yaml'}",
            "{'$id':'classpath:/application.yaml','$ref':'#'}",
            "{'$id':'file:///etc/','$ref':'passwd'}",
            "{'$id':'https://json-schema.org/draft/2020-12/schema'}"
    })
    void anIdCannotSmuggleAnotherScheme(String schema) {
        assertThat(errors(node(schema))).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("this.schema");
            assertThat(e.message()).contains("$id");
        });
        assertThat(loaded).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"classpath:/application.yaml", "https://schemas.example/meta", "urn:x"})
    void onlyAKnownMetaSchemaMayBeNamed(String metaSchema) {
        assertThat(errors(node("{'$schema':'" + metaSchema + "'}"))).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("this.schema");
            assertThat(e.message()).contains("$schema").contains("known meta-schemas");
        });
        assertThat(loaded).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://json-schema.org/draft/2020-12/schema", "https://json-schema.org/draft/2019-09/schema",
            "http://json-schema.org/draft-07/schema#", "http://json-schema.org/draft-06/schema#",
            "http://json-schema.org/draft-04/schema#"})
    void theKnownMetaSchemasStayUsable(String metaSchema) {
        JsonNode schema = node("{'$schema':'" + metaSchema + "','properties':{'PORT':{'type':'integer'}}}");

        assertThat(errors(schema)).extracting(FieldError::field).containsExactly("this.data.PORT");
        assertThat(loaded).allMatch(iri -> iri.startsWith("classpath:draft"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{'$id':'https://schemas.example/pipe.json','$defs':{'p':{'type':'integer'}},"
                    + "'properties':{'PORT':{'$ref':'https://schemas.example/pipe.json#/$defs/p'}}}",
            "{'$defs':{'p':{'$id':'urn:junction:port','type':'integer'}},'properties':{'PORT':{'$ref':'urn:junction:port'}}}",
            "{'$defs':{'p':{'$anchor':'port','type':'integer'}},'properties':{'PORT':{'$ref':'#port'}}}",
            "{'$defs':{'a b':{'type':'integer'}},'properties':{'PORT':{'$ref':'#/$defs/a%20b'}}}",
            "{'$schema':'http://json-schema.org/draft-07/schema#','definitions':{'p':{'$id':'#port','type':'integer'}},"
                    + "'properties':{'PORT':{'$ref':'#port'}}}"
    })
    void refsInsideTheSchemaAreFollowed(String schema) {
        assertThat(errors(node(schema))).extracting(FieldError::field).containsExactly("this.data.PORT");
        assertThat(loaded).isEmpty();
    }

    @Test
    void aRefToAMissingPartOfTheSchemaIsRefused() {
        assertThat(errors(node("{'$ref':'#/$defs/none'}"))).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("this.schema");
            assertThat(e.message()).contains("points to no schema");
        });
    }
}
