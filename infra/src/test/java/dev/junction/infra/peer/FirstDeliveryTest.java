package dev.junction.infra.peer;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A new version of a peered pipe's end leaves for the peer from its commit, not from the propagation
 * saga's processor; the saga's own request for that version is then not sent a second time.
 */
class FirstDeliveryTest extends JunctionTestBase {

    private static final String SAGA_PROCESSOR = "PeerPropagationSagaProcessor";

    @Autowired
    EventProcessingConfiguration processing;

    @Test
    void aNewVersionReachesThePeerWhileTheSagaProcessorIsStoppedAndOnlyOnce() throws Exception {
        String id = uniqueId("first");
        String peerPath = "/db/pipes/" + id;
        createPipeToPeer("db", id, Map.of("URI", "https://v1.example.com"), id);
        await().atMost(PATIENCE).until(() -> PEER.patches(peerPath).size() == 1);

        EventProcessor saga = processing.eventProcessor(SAGA_PROCESSOR).orElseThrow();
        saga.shutDown();
        try {
            assertThat(call("PATCH", "/db/pipes/" + id, "{\"this\":{\"data\":{\"URI\":\"https://v2.example.com\"}}}")
                    .status()).isEqualTo(202);
            await().atMost(PATIENCE).until(() -> PEER.patches(peerPath).size() == 2);
        } finally {
            saga.start();
        }
        List<ReferencePeer.Received> patches = PEER.patches(peerPath);
        assertThat(patches.get(1).json().path("other").path("data").path("URI").asText())
                .isEqualTo("https://v2.example.com");
        assertThat(patches.get(1).endVersion()).isEqualTo(2);

        // the saga catches up, takes the delivery's success as its own, and sends nothing more
        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(getPipe("db", id).path("propagation").path("state").asText()).isEqualTo("delivered");
            assertThat(getPipe("db", id).path("propagation").path("version").asLong()).isEqualTo(2);
        });
        Thread.sleep(1_000);
        assertThat(PEER.patches(peerPath)).as("deliveries to the peer").hasSize(2);
    }
}
