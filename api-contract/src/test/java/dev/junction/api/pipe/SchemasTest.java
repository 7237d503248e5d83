package dev.junction.api.pipe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static dev.junction.api.pipe.JsonText.node;
import static org.assertj.core.api.Assertions.assertThat;

class SchemasTest {

    private static final JsonNode A = node("{'required':['A']}");
    private static final JsonNode B = node("{'required':['B']}");
    private static final JsonNode C = node("{'required':['C']}");

    @Test
    void nothingCombinesToNull() {
        assertThat(Schemas.combine(null, null)).isNull();
        assertThat(Schemas.combine(NullNode.getInstance(), null)).isNull();
        assertThat(Schemas.combine(List.of())).isNull();
        assertThat(Schemas.combine(Arrays.asList(null, NullNode.getInstance()))).isNull();
    }

    @Test
    void oneSchemaIsKeptAsIs() {
        assertThat(Schemas.combine(A, null)).isSameAs(A);
        assertThat(Schemas.combine(null, B)).isSameAs(B);
        assertThat(Schemas.combine(NullNode.getInstance(), B)).isSameAs(B);
        assertThat(Schemas.combine(List.of(A))).isSameAs(A);
    }

    @Test
    void twoSchemasGoUnderAllOfInOrder() {
        assertThat(Schemas.combine(A, B)).isEqualTo(node("{'allOf':[{'required':['A']},{'required':['B']}]}"));
        assertThat(Schemas.combine(B, A)).isEqualTo(node("{'allOf':[{'required':['B']},{'required':['A']}]}"));
    }

    @Test
    void equalSchemasAreNotRepeated() {
        assertThat(Schemas.combine(A, A.deepCopy())).isEqualTo(A);
        assertThat(Schemas.combine(List.of(A, B, A.deepCopy(), C)))
                .isEqualTo(node("{'allOf':[{'required':['A']},{'required':['B']},{'required':['C']}]}"));
    }

    @Test
    void severalSchemasGoUnderAllOfSkippingAbsentOnes() {
        assertThat(Schemas.combine(Arrays.asList(A, null, B, NullNode.getInstance(), C)))
                .isEqualTo(node("{'allOf':[{'required':['A']},{'required':['B']},{'required':['C']}]}"));
    }
}
