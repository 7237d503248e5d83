package dev.junction.command.schema;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.api.error.InvalidInputException.FieldError;
import dev.junction.api.pipe.End;
import dev.junction.api.error.InvalidInputException;
import dev.junction.command.rest.PipeRequest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SchemaValidatorRequiredTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aMissingRequiredFieldIsNamedByItsFullPath() throws Exception {
        var schema = JSON.readTree("{\"type\":\"object\",\"required\":[\"URI\"]}");
        var errors = TestSchemaValidators.validator().errors("this", new End(null, null, schema, (ObjectNode) JSON.readTree("{}")));
        assertThat(errors).extracting(FieldError::field).containsExactly("this.data.URI");
    }

    @Test
    void trailingGarbageAfterTheJsonIsRefused() {
        assertThatThrownBy(() -> PipeRequest.parse("{\"id\":\"p1\"} garbage", new dev.junction.api.input.BoundedJson(
                new dev.junction.api.input.InputLimits(1_000, 1_000, 1_000, 16, 100, 20))))
                .isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).errors()).extracting(FieldError::field)
                        .containsExactly("body"));
    }
}
