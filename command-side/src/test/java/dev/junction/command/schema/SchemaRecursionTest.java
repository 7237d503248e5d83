package dev.junction.command.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.api.error.InvalidInputException.FieldError;
import dev.junction.api.pipe.End;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static dev.junction.api.testing.Json.node;
import static dev.junction.api.testing.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;

/** Schemas that would recurse without end, exponentially or too deep: a 400 on the schema, never an error. */
class SchemaRecursionTest {

    private final SchemaValidator validator = TestSchemaValidators.validator();

    private List<FieldError> errors(JsonNode schema, ObjectNode data) {
        return validator.errors("this", new End(null, null, schema, data));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{'$ref':'#'}",
            "{'allOf':[{'$ref':'#'}]}",
            "{'$defs':{'a':{'$ref':'#/$defs/b'},'b':{'$ref':'#/$defs/a'}},'$ref':'#/$defs/a'}",
            "{'anyOf':[{'type':'string'},{'not':{'$ref':'#'}}]}",
            "{'if':{'$ref':'#'}}",
            "{'dependentSchemas':{'a':{'$ref':'#'}}}",
            "{'$defs':{'x':{'$anchor':'x','oneOf':[{'$ref':'#x'}]}},'$ref':'#x'}",
            "{'$id':'urn:junction:r','$defs':{'a':{'$ref':'urn:junction:r#/$defs/a'}},'$ref':'#/$defs/a'}",
            "{'$dynamicAnchor':'meta','allOf':[{'$dynamicRef':'#meta'}]}",
            "{'$schema':'https://json-schema.org/draft/2019-09/schema','$recursiveAnchor':true,"
                    + "'anyOf':[{'$recursiveRef':'#'}]}"
    })
    void aReferenceCycleThatNeverDescendsIntoTheDataIsRefused(String schema) {
        assertThat(errors(node(schema), obj("{'a':1}"))).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("this.schema");
            assertThat(e.message()).contains("endless recursion");
        });
    }

    @Test
    void aRecursiveSchemaThatDescendsIntoTheDataKeepsWorking() {
        JsonNode tree = node("{'type':'object','properties':{'name':{'type':'string'},"
                + "'left':{'$ref':'#'},'right':{'$ref':'#'}},'additionalProperties':false}");

        assertThat(errors(tree, obj("{'name':'a','left':{'name':'b','right':{'name':'c'}}}"))).isEmpty();
        assertThat(errors(tree, obj("{'left':{'right':{'name':1}}}"))).extracting(FieldError::field)
                .containsExactly("this.data.left.right.name");
    }

    @Test
    void aDynamicRefThatDescendsIntoTheDataKeepsWorking() {
        JsonNode list = node("{'$dynamicAnchor':'node','type':'object',"
                + "'properties':{'next':{'$dynamicRef':'#node'},'v':{'type':'integer'}}}");

        assertThat(errors(list, obj("{'v':1,'next':{'v':2,'next':{'v':'x'}}}"))).extracting(FieldError::field)
                .containsExactly("this.data.next.next.v");
    }

    @Test
    void referencesThatMultiplyTheWorkOnOneValueAreRefused() {
        ObjectNode defs = JsonNodeFactory.instance.objectNode();
        for (int i = 0; i < 30; i++) {
            String next = "#/$defs/d" + (i + 1);
            defs.set("d" + i, node("{'allOf':[{'$ref':'" + next + "'},{'$ref':'" + next + "'}]}"));
        }
        defs.set("d30", node("{'type':'object'}"));
        ObjectNode schema = JsonNodeFactory.instance.objectNode();
        schema.set("$defs", defs);
        schema.put("$ref", "#/$defs/d0");

        assertThat(errors(schema, obj("{}"))).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("this.schema");
            assertThat(e.message()).contains("more than 1000 subschemas to one value");
        });
    }

    @Test
    void aRecursionThatBranchesOnEveryLevelOfTheDataIsRefused() {
        JsonNode schema = node("{'$defs':{'t':{'allOf':[{'items':{'$ref':'#/$defs/t'}},"
                + "{'items':{'$ref':'#/$defs/t'}}]}},'$ref':'#/$defs/t'}");

        assertThat(errors(schema, obj("{}"))).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("this.schema");
            assertThat(e.message()).contains("at data depth");
        });
    }

    @Test
    void aSchemaNestedTooDeeplyIsRefused() {
        ObjectNode schema = JsonNodeFactory.instance.objectNode();
        ObjectNode inner = schema;
        for (int i = 0; i < 40; i++) {
            inner = inner.putObject("properties").putObject("p");
        }

        assertThat(errors(schema, obj("{}"))).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("this.schema");
            assertThat(e.message()).contains("nested deeper than 64 levels");
        });
    }

    /** The last line: what the checks let through may still overflow the stack on deep data, and must answer. */
    @Test
    void aStackOverflowWhileValidatingBecomesAnErrorOnTheSchema() throws InterruptedException {
        JsonNode list = node("{'type':'object','properties':{'next':{'$ref':'#'}}}");
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        ObjectNode inner = data;
        for (int i = 0; i < 20_000; i++) {
            inner = inner.putObject("next");
        }
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread small = new Thread(null, () -> {
            try {
                outcome.set(errors(list, data));
            } catch (Throwable e) {
                outcome.set(e);
            }
        }, "small-stack", 256 * 1024);
        small.start();
        small.join();

        assertThat(outcome.get()).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
                .singleElement().isInstanceOfSatisfying(FieldError.class, e -> {
                    assertThat(e.field()).isEqualTo("this.schema");
                    assertThat(e.message()).contains("recurses too deeply");
                });
    }
}
