package dev.junction.infra.peer;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Deliveries that carry Junction's {@code end_version} are applied only when newer than the last one
 * applied, so a retried old delivery arriving late changes nothing; versionless deliveries (reference
 * peers) are applied in arrival order.
 */
class PeerOrderingTest extends JunctionTestBase {

    private record Target(String id, String uri, String peerPipe) {
    }

    private static Target target() {
        String id = uniqueId("order");
        String peerPipe = PEER.pipeUri("db", "src-" + id);
        createPipe("db", id, null, Map.of("uri", peerPipe, "issuer", PEER.root()));
        return new Target(id, junctionPipeUri("db", id), peerPipe);
    }

    private static int deliver(Target target, Long version, Map<String, ?> data) {
        String token = PEER.token(target.uri(), target.peerPipe(), c -> {
            if (version != null) {
                c.claim("end_version", version);
            }
        });
        return PEER.patch(target.uri(), token, ReferencePeer.updateBody(data));
    }

    private static Map<?, ?> otherData(Target target) {
        return JSON.convertValue(getPipe("db", target.id()).path("other").path("data"), Map.class);
    }

    @Test
    void anOlderVersionArrivingAfterANewerOneChangesNothing() {
        Target target = target();

        assertThat(deliver(target, 3L, Map.of("URI", "https://v3.example.com"))).isEqualTo(202);
        int events = history("db", target.id()).size();
        // answered like any accepted delivery, so that the sender stops retrying it
        assertThat(deliver(target, 2L, Map.of("URI", "https://v2.example.com", "EXTRA", "v2"))).isEqualTo(202);

        assertThat(otherData(target)).isEqualTo(Map.of("URI", "https://v3.example.com"));
        assertThat(history("db", target.id())).hasSize(events);
        assertThat(history("db", target.id()).get(events - 1).path("event").path("peerVersion").asLong())
                .isEqualTo(3);
    }

    @Test
    void theSameVersionTwiceIsAppliedOnce() {
        Target target = target();

        assertThat(deliver(target, 5L, Map.of("URI", "https://first.example.com"))).isEqualTo(202);
        assertThat(deliver(target, 5L, Map.of("URI", "https://second.example.com"))).isEqualTo(202);

        assertThat(otherData(target)).isEqualTo(Map.of("URI", "https://first.example.com"));
    }

    @Test
    void newerVersionsAreApplied() {
        Target target = target();

        assertThat(deliver(target, 1L, Map.of("URI", "https://v1.example.com"))).isEqualTo(202);
        assertThat(deliver(target, 2L, Map.of("URI", "https://v2.example.com"))).isEqualTo(202);
        assertThat(deliver(target, 7L, Map.of("URI", "https://v7.example.com"))).isEqualTo(202);

        assertThat(otherData(target)).isEqualTo(Map.of("URI", "https://v7.example.com"));
    }

    @Test
    void versionlessDeliveriesApplyInArrivalOrder() {
        Target target = target();

        assertThat(deliver(target, null, Map.of("URI", "https://one.example.com", "A", "1"))).isEqualTo(202);
        assertThat(deliver(target, null, Map.of("URI", "https://two.example.com"))).isEqualTo(202);
        assertThat(otherData(target)).isEqualTo(Map.of("URI", "https://two.example.com", "A", "1"));

        assertThat(deliver(target, null, Map.of("URI", "https://one.example.com"))).isEqualTo(202);
        assertThat(otherData(target)).isEqualTo(Map.of("URI", "https://one.example.com", "A", "1"));
    }
}
