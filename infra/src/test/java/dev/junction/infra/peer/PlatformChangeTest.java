package dev.junction.infra.peer;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * "The platform changed": {@code PATCH /{resource}} merges data into the resource's data and into
 * {@code this.data} of each of its live pipes, which then propagate to their peers; new pipes start
 * from the changed data. (Resource {@code platform} has default data {@code REGION=eu}.)
 */
class PlatformChangeTest extends JunctionTestBase {

    @Test
    void aPlatformChangeReachesEveryLivePipeItsPeerAndNewPipes() {
        String withPeer = uniqueId("plat-peer");
        String plain = uniqueId("plat-plain");
        String gone = uniqueId("plat-gone");
        String peerPath = "/platform/pipes/to-" + withPeer;
        createPipe("platform", withPeer, Map.of("URI", "https://backend.herokuapp.com"),
                Map.of("uri", PEER.root() + peerPath, "issuer", PEER.root()));
        createPipe("platform", plain, Map.of("OWN", "kept"), null);
        createPipe("platform", gone, null, null);
        assertThat(call("DELETE", "/platform/pipes/" + gone, null).status()).isEqualTo(204);
        await().atMost(PATIENCE).until(() -> PEER.patches(peerPath), list -> !list.isEmpty());
        assertThat(PEER.patches(peerPath).get(0).json().path("other").path("data"))
                .isEqualTo(JSON.valueToTree(Map.of("REGION", "eu", "URI", "https://backend.herokuapp.com")));

        Response change = call("PATCH", "/platform", "{\"data\":{\"URI\":\"https://updated.herokuapp.com\"}}");
        assertThat(change.status()).as(change.body()).isEqualTo(202);

        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(JSON.convertValue(getPipe("platform", withPeer).path("this").path("data"), Map.class))
                    .isEqualTo(Map.of("REGION", "eu", "URI", "https://updated.herokuapp.com"));
            assertThat(JSON.convertValue(getPipe("platform", plain).path("this").path("data"), Map.class))
                    .isEqualTo(Map.of("REGION", "eu", "OWN", "kept", "URI", "https://updated.herokuapp.com"));
        });
        List<ReferencePeer.Received> patches = await().atMost(PATIENCE)
                .until(() -> PEER.patches(peerPath), list -> list.size() >= 2);
        assertThat(patches.get(patches.size() - 1).json().path("other").path("data"))
                .isEqualTo(JSON.valueToTree(Map.of("REGION", "eu", "URI", "https://updated.herokuapp.com")));
        assertThat(call("GET", "/platform/pipes/" + gone, null).status()).isEqualTo(404);

        String fresh = uniqueId("plat-new");
        createPipe("platform", fresh, Map.of("OWN", "new"), null);
        assertThat(JSON.convertValue(getPipe("platform", fresh).path("this").path("data"), Map.class))
                .isEqualTo(Map.of("REGION", "eu", "OWN", "new", "URI", "https://updated.herokuapp.com"));
    }

    @Test
    void aPlatformChangeNeedsUserCredentialsAndAnObject() {
        assertThat(unauthenticatedPatch(ROOT + "/platform", "{\"data\":{\"X\":\"1\"}}").status()).isEqualTo(401);
        assertThat(call("PATCH", "/platform", "{\"data\":\"not an object\"}").status()).isEqualTo(400);
        assertThat(call("PATCH", "/no-such-resource", "{\"data\":{\"X\":\"1\"}}").status()).isEqualTo(404);
    }
}
