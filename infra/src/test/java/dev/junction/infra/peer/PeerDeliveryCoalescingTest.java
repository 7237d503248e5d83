package dev.junction.infra.peer;

import dev.junction.api.pipe.PeerDeliveryRequests.DeliverPipeEnd;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One delivery per pipe is on its way at a time: versions that come while the peer is still busy with
 * an earlier one are not raced after it, the newest of them follows it alone.
 */
class PeerDeliveryCoalescingTest extends JunctionTestBase {

    @Autowired
    MeterRegistry meters;

    private double superseded() {
        return meters.counter("junction.propagation.superseded").count();
    }

    @Test
    void updatesWhileThePeerIsBusyReachItAsOneDeliveryOfTheNewest() throws Exception {
        String id = uniqueId("busy");
        String peerPath = "/db/pipes/to-" + id;
        CountDownLatch arrived = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean first = new AtomicBoolean(true);
        PEER.answer(peerPath, () -> {
            if (first.getAndSet(false)) {
                arrived.countDown();
                try {
                    release.await(4, TimeUnit.SECONDS); // within Junction's 5 s read timeout of the tests
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return 202;
        });
        double supersededBefore = superseded();

        createPipe("db", id, Map.of("URI", "https://v1.example.com"),
                Map.of("uri", PEER.root() + peerPath, "issuer", PEER.root()));
        assertThat(arrived.await(30, TimeUnit.SECONDS)).isTrue();
        for (int v = 2; v <= 6; v++) {
            assertThat(call("PATCH", "/db/pipes/" + id, "{\"this\":{\"data\":{\"URI\":\"https://v" + v
                    + ".example.com\"}}}").status()).isEqualTo(202);
        }
        // five requests wait behind the first: four of them give way to the newest
        await().atMost(PATIENCE).until(() -> superseded() - supersededBefore >= 4);
        release.countDown();

        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(getPipe("db", id).path("propagation").path("state").asText()).isEqualTo("delivered");
            assertThat(getPipe("db", id).path("propagation").path("version").asLong()).isEqualTo(6);
        });
        List<ReferencePeer.Received> patches = PEER.patches(peerPath);
        assertThat(patches).hasSize(2);
        assertThat(patches.get(0).json().path("other").path("data").path("URI").asText())
                .isEqualTo("https://v1.example.com");
        assertThat(patches.get(1).json().path("other").path("data").path("URI").asText())
                .isEqualTo("https://v6.example.com");
        assertThat(patches.get(1).endVersion()).isEqualTo(6);
    }

    /** Of two waiting requests the saga's later one stays: a newer version, then a deletion, then a later attempt. */
    @Test
    void theNewerOfTwoWaitingRequestsIsTheOneTheSagaMadeLater() {
        DeliverPipeEnd v3 = new DeliverPipeEnd("db/p", 3, false, 1);
        DeliverPipeEnd v4 = new DeliverPipeEnd("db/p", 4, false, 1);
        DeliverPipeEnd deletion = new DeliverPipeEnd("db/p", 4, true, 1);
        DeliverPipeEnd retry = new DeliverPipeEnd("db/p", 4, false, 2);
        DeliverPipeEnd current = new DeliverPipeEnd("db/p", DeliverPipeEnd.CURRENT_VERSION, false, 1);

        assertThat(PeerDelivery.newer(v3, v4)).isSameAs(v4);
        assertThat(PeerDelivery.newer(v4, v3)).isSameAs(v4);
        assertThat(PeerDelivery.newer(v4, deletion)).isSameAs(deletion);
        assertThat(PeerDelivery.newer(deletion, v4)).isSameAs(deletion);
        assertThat(PeerDelivery.newer(v4, retry)).isSameAs(retry);
        assertThat(PeerDelivery.newer(current, v3)).as("any known version is newer than 'whatever it is now'")
                .isSameAs(v3);
    }
}
