package dev.junction.infra.peer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.api.testing.FreePorts;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Failed deliveries are retried with back-off (here 0.2 s, 0.4 s, 3 attempts), every attempt is an
 * event in the pipe's history, and after the last one the failure shows in the pipe and in the
 * operator's list until the operator asks for a retry.
 */
class PeerPropagationRetryTest extends JunctionTestBase {

    private static String propagationState(String resource, String id) {
        return getPipe(resource, id).path("propagation").path("state").asText();
    }

    @Test
    void aPeerThatFailsAtFirstGetsTheDataOnALaterAttempt() {
        String id = uniqueId("retry");
        String peerPath = "/db/pipes/to-" + id;
        PEER.failFirst(peerPath, 2, 503);

        createPipe("db", id, Map.of("URI", "https://retried.example.com"),
                Map.of("uri", PEER.root() + peerPath, "issuer", PEER.root()));

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(propagationState("db", id)).isEqualTo("delivered"));
        List<ReferencePeer.Received> patches = PEER.patches(peerPath);
        assertThat(patches).extracting(ReferencePeer.Received::answered).containsExactly(503, 503, 202);
        assertThat(patches.get(2).json().path("other").path("data").path("URI").asText())
                .isEqualTo("https://retried.example.com");
        assertThat(patches).extracting(p -> p.claims().getJWTID()).doesNotHaveDuplicates();

        List<String> types = eventTypes("db", id);
        assertThat(types).containsExactly("PipeCreated", "PropagationAttemptFailed", "PropagationAttemptFailed",
                "PropagationSucceeded");
        JsonNode history = history("db", id);
        assertThat(history.get(1).path("event").path("attempt").asInt()).isEqualTo(1);
        assertThat(history.get(2).path("event").path("attempt").asInt()).isEqualTo(2);
        assertThat(history.get(1).path("event").path("reason").asText()).contains("503");
        assertThat(getPipe("db", id).path("propagation").path("attempts").asInt()).isEqualTo(3);
    }

    @Test
    void afterTheLastAttemptThePropagationFailsUntilTheOperatorRetries() {
        String id = uniqueId("fail");
        String peerPath = "/db/pipes/to-" + id;
        PEER.answer(peerPath, () -> 503);

        createPipe("db", id, Map.of("URI", "https://never.example.com"),
                Map.of("uri", PEER.root() + peerPath, "issuer", PEER.root()));

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(propagationState("db", id)).isEqualTo("failed"));
        JsonNode propagation = getPipe("db", id).path("propagation");
        assertThat(propagation.path("attempts").asInt()).isEqualTo(3);
        assertThat(propagation.path("lastError").asText()).contains("503");
        assertThat(PEER.patches(peerPath)).hasSize(3);
        assertThat(eventTypes("db", id)).containsExactly("PipeCreated", "PropagationAttemptFailed",
                "PropagationAttemptFailed", "PropagationAttemptFailed", "PropagationFailed");

        JsonNode failed = call("GET", "/admin/propagations/failed", null).json();
        assertThat(ids(failed, "db")).contains(id);
        assertThat(unauthenticatedPost("/admin/propagations/db/" + id + "/retry")).isEqualTo(401);

        PEER.answer(peerPath, () -> 202);
        Response retry = call("POST", "/admin/propagations/db/" + id + "/retry", null);
        assertThat(retry.status()).as(retry.body()).isEqualTo(202);

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(propagationState("db", id)).isEqualTo("delivered"));
        List<ReferencePeer.Received> patches = PEER.patches(peerPath);
        assertThat(patches.get(patches.size() - 1).answered()).isEqualTo(202);
        assertThat(patches.get(patches.size() - 1).json().path("other").path("data").path("URI").asText())
                .isEqualTo("https://never.example.com");
        assertThat(ids(call("GET", "/admin/propagations/failed", null).json(), "db")).doesNotContain(id);
        assertThat(eventTypes("db", id)).endsWith("PropagationFailed", "PropagationRetryRequested",
                "PropagationSucceeded");
    }

    @Test
    void aDeletionNoticeThatFailsCanBeRetriedByTheOperator() {
        String id = uniqueId("failbye");
        String peerPath = "/db/pipes/to-" + id;
        createPipe("db", id, Map.of("URI", "https://bye.example.com"),
                Map.of("uri", PEER.root() + peerPath, "issuer", PEER.root()));
        await().atMost(PATIENCE).until(() -> PEER.patches(peerPath), list -> !list.isEmpty());
        await().atMost(PATIENCE).until(() -> eventTypes("db", id).contains("PropagationSucceeded"));
        PEER.answer(peerPath, () -> 503);

        assertThat(call("DELETE", "/db/pipes/" + id, null).status()).isEqualTo(204);

        await().atMost(PATIENCE).until(() -> eventTypes("db", id).contains("PropagationFailed"));
        JsonNode listed = null;
        for (JsonNode pipe : call("GET", "/admin/propagations/failed", null).json()) {
            if (pipe.path("id").asText().equals(id)) {
                listed = pipe;
            }
        }
        assertThat(listed).as("the failed deletion notice is listed").isNotNull();
        assertThat(listed.path("propagation").path("deletion").asBoolean()).isTrue();
        assertThat(PEER.patches(peerPath).stream().filter(ReferencePeer.Received::deletionNotice)).hasSize(3);

        PEER.answer(peerPath, () -> 202);
        assertThat(call("POST", "/admin/propagations/db/" + id + "/retry", null).status()).isEqualTo(202);

        await().atMost(PATIENCE).until(() -> PEER.patches(peerPath).stream()
                .anyMatch(p -> p.deletionNotice() && p.answered() == 202));
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(eventTypes("db", id))
                .endsWith("PropagationRetryRequested", "PropagationSucceeded"));
        assertThat(ids(call("GET", "/admin/propagations/failed", null).json(), "db")).doesNotContain(id);
    }

    @Test
    void aRetryOfAPropagationThatDidNotFailIsAConflict() {
        String id = uniqueId("noretry");
        createPipe("db", id, Map.of("URI", "https://fine.example.com"), null);

        assertThat(call("POST", "/admin/propagations/db/" + id + "/retry", null).status()).isEqualTo(409);
    }

    @Test
    void anUnreachablePeerIsRetriedAndFailsToo() {
        String id = uniqueId("unreachable");
        String nowhere = "http://127.0.0.1:" + FreePorts.port() + "/db/pipes/gone";

        createPipe("db", id, Map.of("URI", "https://lost.example.com"), Map.of("uri", nowhere,
                "issuer", "http://127.0.0.1:1"));

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(propagationState("db", id)).isEqualTo("failed"));
        assertThat(getPipe("db", id).path("propagation").path("lastError").asText()).contains("unreachable");
    }

    private static List<String> ids(JsonNode pipes, String resource) {
        List<String> ids = new ArrayList<>();
        pipes.forEach(p -> {
            if (p.path("resource").asText().equals(resource)) {
                ids.add(p.path("id").asText());
            }
        });
        return ids;
    }
}
