package dev.junction.infra.peer;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Deleting a pipe tells the peer (an empty other.data and a token with {@code end_deleted: true}); a
 * Junction pipe told so by its peer keeps its other end's uri and issuer but drops its data.
 */
class PeerDeletionNoticeTest extends JunctionTestBase {

    @Test
    void deletingAPipeSendsADeletionNoticeToThePeer() throws Exception {
        String id = uniqueId("bye");
        String peerPath = "/db/pipes/to-" + id;
        String peerPipe = PEER.root() + peerPath;
        createPipe("db", id, Map.of("URI", "https://leaving.example.com"), Map.of("uri", peerPipe,
                "issuer", PEER.root()));
        await().atMost(PATIENCE).until(() -> PEER.patches(peerPath), list -> !list.isEmpty());
        assertThat(PEER.patches(peerPath).get(0).deletionNotice()).isFalse();

        assertThat(call("DELETE", "/db/pipes/" + id, null).status()).isEqualTo(204);

        ReferencePeer.Received notice = await().atMost(PATIENCE).until(
                () -> PEER.patches(peerPath).stream().filter(ReferencePeer.Received::deletionNotice).toList(),
                list -> !list.isEmpty()).get(0);
        assertThat(notice.json()).isEqualTo(JSON.readTree("{\"other\":{\"data\":{}}}"));
        assertThat(notice.header("Content-Type")).startsWith("application/json");
        JWTClaimsSet claims = notice.claims();
        assertThat(claims.getIssuer()).isEqualTo(ROOT);
        assertThat(claims.getAudience()).containsExactly(peerPipe);
        assertThat(claims.getSubject()).isEqualTo(junctionPipeUri("db", id));
        assertThat(claims.getJWTID()).isNotBlank();
        RSAKey key = (RSAKey) junctionKeys().getKeyByKeyId(notice.token().getHeader().getKeyID());
        assertThat(notice.token().verify(new RSASSAVerifier(key))).isTrue();
        assertThat(call("GET", "/db/pipes/" + id, null).status()).isEqualTo(404);
        // the notice's delivery is recorded after the deletion (the first delivery's may be recorded either side)
        await().atMost(PATIENCE).untilAsserted(() -> {
            List<JsonNode> entries = new java.util.ArrayList<>();
            history("db", id).forEach(entries::add);
            int deleted = entries.stream().map(e -> e.path("type").asText()).toList().indexOf("PipeDeleted");
            assertThat(deleted).isPositive();
            assertThat(entries.subList(deleted, entries.size())).anySatisfy(e -> {
                assertThat(e.path("type").asText()).isEqualTo("PropagationSucceeded");
                assertThat(e.path("event").path("deletion").asBoolean()).isTrue();
            });
        });
    }

    @Test
    void aPipeCreatedAgainDeliversItsNewLifeWithAHigherVersion() throws Exception {
        String id = uniqueId("again");
        String peerPath = "/db/pipes/to-" + id;
        Map<String, String> other = Map.of("uri", PEER.root() + peerPath, "issuer", PEER.root());
        createPipe("db", id, Map.of("URI", "https://v1.example.com"), other);
        call("PATCH", "/db/pipes/" + id, "{\"this\":{\"data\":{\"URI\":\"https://v2.example.com\"}}}");
        await().atMost(PATIENCE).until(() -> PEER.patches(peerPath).stream().anyMatch(
                p -> p.body().contains("v2.example.com")));
        long lastOfFirstLife = PEER.patches(peerPath).stream().filter(p -> !p.deletionNotice())
                .mapToLong(ReferencePeer.Received::endVersion).max().orElseThrow();
        assertThat(call("DELETE", "/db/pipes/" + id, null).status()).isEqualTo(204);
        await().atMost(PATIENCE).until(() -> PEER.patches(peerPath).stream()
                .anyMatch(ReferencePeer.Received::deletionNotice));

        createPipe("db", id, Map.of("URI", "https://reborn.example.com"), other);

        ReferencePeer.Received reborn = await().atMost(PATIENCE).until(() -> PEER.patches(peerPath).stream()
                .filter(p -> p.body().contains("reborn.example.com")).toList(), list -> !list.isEmpty()).get(0);
        assertThat(reborn.deletionNotice()).isFalse();
        assertThat(reborn.json()).isEqualTo(JSON.readTree(
                "{\"other\":{\"data\":{\"URI\":\"https://reborn.example.com\"}}}"));
        assertThat(reborn.endVersion()).as("a peer drops any version not newer than the last it applied")
                .isGreaterThan(lastOfFirstLife);
    }

    @Test
    void deletingAPipeWithoutAPeerSendsNothing() {
        String id = uniqueId("alone");
        createPipe("db", id, Map.of("URI", "https://alone.example.com"), null);
        int before = PEER.received().size();

        assertThat(call("DELETE", "/db/pipes/" + id, null).status()).isEqualTo(204);

        assertThat(eventTypes("db", id)).containsExactly("PipeCreated", "PipeDeleted");
        assertThat(PEER.received().stream().skip(before).map(ReferencePeer.Received::path))
                .noneMatch(path -> path.contains(id));
    }

    @Test
    void aDeletionNoticeFromThePeerClearsOtherDataButKeepsTheEnd() {
        String id = uniqueId("detach");
        String peerPipe = PEER.pipeUri("db", "src-" + id);
        String uri = junctionPipeUri("db", id);
        createPipe("db", id, null, Map.of("uri", peerPipe, "issuer", PEER.root()));
        assertThat(PEER.sendUpdate(uri, peerPipe, Map.of("URI", "https://peer.example.com"))).isEqualTo(202);

        String notice = PEER.token(uri, peerPipe, c -> c.claim("end_deleted", true));
        assertThat(PEER.patch(uri, notice, "{\"other\":{\"data\":{}}}")).isEqualTo(202);

        JsonNode pipe = getPipe("db", id);
        JsonNode other = pipe.path("other");
        assertThat(other.path("uri").asText()).isEqualTo(peerPipe);
        assertThat(other.path("issuer").asText()).isEqualTo(PEER.root());
        assertThat(other.path("data").isMissingNode() || other.path("data").isEmpty())
                .as("other.data cleared: %s", other).isTrue();
        List<String> types = eventTypes("db", id);
        assertThat(types).containsExactly("PipeCreated", "OtherEndUpdated", "OtherEndDetached");

        // the peer's pipe may come back later: its next update is applied again
        assertThat(PEER.sendUpdate(uri, peerPipe, Map.of("URI", "https://back.example.com"))).isEqualTo(202);
        assertThat(getPipe("db", id).path("other").path("data").path("URI").asText())
                .isEqualTo("https://back.example.com");
    }

    @Test
    void aForgedDeletionNoticeIsRefused() {
        String id = uniqueId("nodetach");
        String peerPipe = PEER.pipeUri("db", "src-" + id);
        String uri = junctionPipeUri("db", id);
        createPipe("db", id, null, Map.of("uri", peerPipe, "issuer", PEER.root()));
        assertThat(PEER.sendUpdate(uri, peerPipe, Map.of("URI", "https://peer.example.com"))).isEqualTo(202);

        String forged = ReferencePeer.sign(PEER.claims(uri, peerPipe).claim("end_deleted", true).build(),
                ReferencePeer.newKey(PEER.signingKey().getKeyID()));

        assertThat(PEER.patch(uri, forged, "{\"other\":{\"data\":{}}}")).isEqualTo(401);
        assertThat(getPipe("db", id).path("other").path("data").path("URI").asText())
                .isEqualTo("https://peer.example.com");
    }
}
