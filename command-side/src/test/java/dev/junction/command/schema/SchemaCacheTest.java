package dev.junction.command.schema;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.api.pipe.End;
import org.junit.jupiter.api.Test;

import static dev.junction.api.testing.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;

/** The compiled schemas kept are bounded by the size of their text, not by their number. */
class SchemaCacheTest {

    private static ObjectNode schemaOfSize(int i, int chars) {
        ObjectNode schema = JsonNodeFactory.instance.objectNode();
        schema.putObject("properties").putObject("p" + i).put("description", "d".repeat(chars));
        return schema;
    }

    @Test
    void theCacheKeepsNoMoreSchemaTextThanItsLimit() {
        SchemaValidator validator = new SchemaValidator(new SchemaLimits(1_000, 64, 1_000, 100_000));

        for (int i = 0; i < 200; i++) {
            validator.errors("this", new End(null, null, schemaOfSize(i, 10_000), obj("{}")));
        }

        assertThat(validator.cachedSchemaText()).isBetween(1L, 100_000L);
    }

    @Test
    void aSchemaUsedAgainIsAnsweredFromTheCache() {
        SchemaValidator validator = new SchemaValidator(new SchemaLimits(1_000, 64, 1_000, 100_000));
        ObjectNode schema = schemaOfSize(1, 100);

        validator.errors("this", new End(null, null, schema, obj("{}")));
        long kept = validator.cachedSchemaText();
        validator.errors("this", new End(null, null, schema.deepCopy(), obj("{}")));

        assertThat(kept).isEqualTo(schema.toString().length());
        assertThat(validator.cachedSchemaText()).isEqualTo(kept);
    }
}
