package dev.junction.infra.peer;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Where the broker calls on a user's behalf: only absolute http(s) URLs without user info, only the
 * hosts of {@code junction.peers.allowed-hosts} (here 127.0.0.1), and never through a redirect. A
 * refused call is a failed attempt like any other.
 */
class PeerUrlPolicyTest extends JunctionTestBase {

    private static JsonNode awaitFailed(String id) {
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(getPipe("db", id).path("propagation")
                .path("state").asText()).isEqualTo("failed"));
        return getPipe("db", id).path("propagation");
    }

    @Test
    void aHostOutsideTheAllowListIsNotCalled() {
        String id = uniqueId("host");
        String path = "/db/pipes/to-" + id;
        // the same test peer, named by a host that is not on the list
        String uri = PEER.root().replace("127.0.0.1", "localhost") + path;

        createPipe("db", id, Map.of("URI", "https://x.example.com"), Map.of("uri", uri, "issuer", PEER.root()));

        assertThat(awaitFailed(id).path("lastError").asText()).contains("allowed-hosts");
        assertThat(PEER.patches(path)).isEmpty();
    }

    @Test
    void onlyHttpUrlsWithoutUserInfoAreCalled() {
        String file = uniqueId("scheme");
        createPipe("db", file, Map.of("URI", "https://x.example.com"), Map.of("uri", "file:///etc/passwd",
                "issuer", PEER.root()));
        String userInfo = uniqueId("userinfo");
        String path = "/db/pipes/to-" + userInfo;
        createPipe("db", userInfo, Map.of("URI", "https://x.example.com"),
                Map.of("uri", PEER.root().replace("://", "://user:secret@") + path, "issuer", PEER.root()));

        assertThat(awaitFailed(file).path("lastError").asText()).contains("only http and https");
        assertThat(awaitFailed(userInfo).path("lastError").asText()).contains("user info");
        assertThat(PEER.patches(path)).isEmpty();
    }

    @Test
    void aRedirectIsNotFollowed() {
        String id = uniqueId("redirect");
        String path = "/db/pipes/to-" + id;
        String elsewhere = "/db/pipes/elsewhere-" + id;
        PEER.redirect(path, PEER.root() + elsewhere);

        createPipe("db", id, Map.of("URI", "https://x.example.com"), Map.of("uri", PEER.root() + path,
                "issuer", PEER.root()));

        assertThat(awaitFailed(id).path("lastError").asText()).contains("307");
        assertThat(PEER.patches(path)).hasSize(3);
        assertThat(PEER.patches(elsewhere)).isEmpty();
    }
}
