package dev.junction.infra.peer;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two Junction pipes that are each other's other end (on the same broker, which calls itself over
 * HTTP as it would call another Junction): deliveries carry Junction's tokens, {@code end_version}
 * and deletion notices, and the receiving pipe follows the sending one through updates, a deletion
 * and a new life of the sending pipe.
 */
class JunctionToJunctionTest extends JunctionTestBase {

    private static Map<?, ?> otherData(String resource, String id) {
        JsonNode data = getPipe(resource, id).path("other").path("data");
        return data.isMissingNode() ? Map.of() : JSON.convertValue(data, Map.class);
    }

    @Test
    void aReceivingJunctionPipeFollowsTheSendingOneThroughUpdatesDeletionAndANewLife() {
        String sender = uniqueId("sender");
        String receiver = uniqueId("receiver");
        String senderUri = junctionPipeUri("db", sender);
        String receiverUri = junctionPipeUri("orders", receiver);
        createPipe("orders", receiver, null, Map.of("uri", senderUri, "issuer", ROOT));

        createPipe("db", sender, Map.of("URI", "https://v1.example.com"), Map.of("uri", receiverUri, "issuer", ROOT));
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(otherData("orders", receiver))
                .isEqualTo(Map.of("URI", "https://v1.example.com")));

        call("PATCH", "/db/pipes/" + sender, "{\"this\":{\"data\":{\"URI\":\"https://v2.example.com\"}}}");
        call("PATCH", "/db/pipes/" + sender, "{\"this\":{\"data\":{\"URI\":\"https://v3.example.com\"}}}");
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(otherData("orders", receiver))
                .isEqualTo(Map.of("URI", "https://v3.example.com")));
        assertThat(history("orders", receiver).toString()).contains("\"peerVersion\":3");

        assertThat(call("DELETE", "/db/pipes/" + sender, null).status()).isEqualTo(204);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(otherData("orders", receiver)).isEmpty());
        JsonNode detached = getPipe("orders", receiver).path("other");
        assertThat(detached.path("uri").asText()).isEqualTo(senderUri);
        assertThat(detached.path("issuer").asText()).isEqualTo(ROOT);

        // the sending pipe is created again: its new life reaches the receiver, it is not taken for a
        // stale retry of its old one
        createPipe("db", sender, Map.of("URI", "https://reborn.example.com"),
                Map.of("uri", receiverUri, "issuer", ROOT));
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(otherData("orders", receiver))
                .isEqualTo(Map.of("URI", "https://reborn.example.com")));
    }
}
