package dev.junction.api.pipe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JsonWeightsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aDocumentWeighsAboutTheLengthOfItsJsonText() throws Exception {
        JsonNode doc = JSON.readTree("{\"URI\":\"" + "x".repeat(10_000) + "\",\"port\":5432,\"tags\":[\"a\",\"b\"],"
                + "\"nested\":{\"deep\":true}}");
        long text = doc.toString().length();
        assertThat(JsonWeights.of(doc)).isBetween(text, text + 64);
    }

    @Test
    void aViewWeighsItsEndsDataAndSchemas() throws Exception {
        ObjectNode data = (ObjectNode) JSON.readTree("{\"k\":\"" + "v".repeat(50_000) + "\"}");
        JsonNode schema = JSON.readTree("{\"type\":\"object\",\"description\":\"" + "d".repeat(20_000) + "\"}");
        End end = new End("http://b/db/pipes/p", "http://b", schema, data);
        PipeView view = new PipeView("db", "p", end, End.EMPTY, null, 1, 1, null, false, null, null);
        assertThat(JsonWeights.of(view)).isGreaterThan(70_000).isLessThan(72_000);
        assertThat(JsonWeights.of((PipeView) null)).isZero();
    }

    @Test
    void aDeeplyNestedDocumentIsWeighedWithoutOverflowingTheStack() {
        ArrayNode root = JsonNodeFactory.instance.arrayNode();
        ArrayNode inner = root;
        for (int i = 0; i < 200_000; i++) {
            inner = inner.addArray();
        }
        assertThat(JsonWeights.of(root)).isGreaterThan(400_000);
    }
}
