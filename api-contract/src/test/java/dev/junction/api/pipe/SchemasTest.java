package dev.junction.api.pipe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static dev.junction.api.testing.Json.node;
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

    @Test
    void aSchemaAlreadyAmongTheAllOfPartsIsNotAddedAgain() {
        JsonNode ab = Schemas.combine(A, B);
        JsonNode abc = Schemas.combine(ab, C);

        assertThat(Schemas.combine(ab, B.deepCopy())).isSameAs(ab);
        assertThat(Schemas.combine(ab, A.deepCopy())).isSameAs(ab);
        assertThat(Schemas.combine(abc, A.deepCopy())).isSameAs(abc);
        assertThat(Schemas.combine(abc, C.deepCopy())).isSameAs(abc);
    }

    @Test
    void aNewSchemaJoinsTheAllOfInsteadOfNestingIt() {
        JsonNode ab = Schemas.combine(A, B);

        assertThat(Schemas.combine(ab, C)).isEqualTo(node("{'allOf':[{'required':['A']},{'required':['B']},"
                + "{'required':['C']}]}"));
    }

    @Test
    void manyCombinationsKeepOneLevel() {
        JsonNode combined = A;
        for (int i = 0; i < 100; i++) {
            combined = Schemas.combine(combined, node("{'required':['K" + i + "']}"));
        }
        assertThat(combined.get("allOf")).hasSize(101);
        combined.get("allOf").forEach(part -> assertThat(part.has("allOf")).isFalse());
    }

    @Test
    void anAllOfWithOtherKeywordsIsNotTakenApart() {
        JsonNode mixed = node("{'allOf':[{'required':['A']}],'type':'object'}");

        assertThat(Schemas.combine(mixed, A)).isEqualTo(node("{'allOf':[{'allOf':[{'required':['A']}],"
                + "'type':'object'},{'required':['A']}]}"));
    }
}
