package dev.junction.infra.peer;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Junction and a peer that is not Junction (the {@link ReferencePeer}) keep each other's pipe ends up
 * to date, in both directions, with the reference broker's wire format and tokens.
 */
class PeerInteropTest extends JunctionTestBase {

    @Test
    void junctionAcceptsAReferencePeersUpdate() {
        String id = uniqueId("recv");
        String peerPipe = PEER.pipeUri("db", "from-" + id);
        createPipe("db", id, null, Map.of("uri", peerPipe, "issuer", PEER.root()));

        int status = PEER.sendUpdate(junctionPipeUri("db", id), peerPipe,
                Map.of("URI", "postgresqls://db.example.com/mydb", "USER", "app"));

        assertThat(status).isEqualTo(202);
        JsonNode pipe = getPipe("db", id);
        assertThat(pipe.path("other").path("data").path("URI").asText()).isEqualTo("postgresqls://db.example.com/mydb");
        assertThat(pipe.path("other").path("data").path("USER").asText()).isEqualTo("app");
        assertThat(pipe.path("other").path("uri").asText()).isEqualTo(peerPipe);
        assertThat(pipe.path("other").path("issuer").asText()).isEqualTo(PEER.root());
        assertThat(pipe.path("this").has("data")).as("a peer's update brings only other.data").isFalse();
        List<String> events = eventTypes("db", id);
        assertThat(events).containsExactly("PipeCreated", "OtherEndUpdated");
        JsonNode actor = history("db", id).get(1).path("actor");
        assertThat(actor.path("kind").asText()).isEqualTo("peer");
    }

    @Test
    void aReferencePeersUpdateMergesKeyByKey() {
        String id = uniqueId("merge");
        String peerPipe = PEER.pipeUri("db", "from-" + id);
        createPipe("db", id, null, Map.of("uri", peerPipe, "issuer", PEER.root()));

        assertThat(PEER.sendUpdate(junctionPipeUri("db", id), peerPipe, Map.of("A", "1", "B", "1"))).isEqualTo(202);
        assertThat(PEER.sendUpdate(junctionPipeUri("db", id), peerPipe, Map.of("B", "2", "C", "2"))).isEqualTo(202);

        JsonNode data = getPipe("db", id).path("other").path("data");
        assertThat(JSON.convertValue(data, Map.class)).isEqualTo(Map.of("A", "1", "B", "2", "C", "2"));
    }

    @Test
    void junctionSendsItsEndToAReferencePeerWithAVerifiableToken() throws Exception {
        String id = uniqueId("send");
        String peerPath = "/db/pipes/to-" + id;
        String peerPipe = PEER.root() + peerPath;
        String thisUri = junctionPipeUri("db", id);
        createPipe("db", id, Map.of("URI", "https://backend.example.com", "PORT", 443),
                Map.of("uri", peerPipe, "issuer", PEER.root()));

        ReferencePeer.Received patch = await().atMost(PATIENCE)
                .until(() -> PEER.patches(peerPath), list -> !list.isEmpty()).get(0);
        Instant received = Instant.now();

        assertThat(patch.header("Content-Type")).startsWith("application/json");
        assertThat(patch.json()).isEqualTo(JSON.readTree(
                "{\"other\":{\"data\":{\"URI\":\"https://backend.example.com\",\"PORT\":443}}}"));

        SignedJWT token = patch.token();
        assertThat(token.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
        String kid = token.getHeader().getKeyID();
        assertThat(kid).isNotBlank();
        RSAKey key = (RSAKey) junctionKeys().getKeyByKeyId(kid);
        assertThat(key).as("Junction publishes the key %s that signed the token", kid).isNotNull();
        assertThat(token.verify(new RSASSAVerifier(key))).isTrue();

        JWTClaimsSet claims = token.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo(ROOT);
        assertThat(claims.getAudience()).containsExactly(peerPipe);
        assertThat(claims.getSubject()).isEqualTo(thisUri);
        assertThat(claims.getJWTID()).isNotBlank();
        assertThat(claims.getIssueTime()).isNotNull();
        assertThat(claims.getExpirationTime().toInstant())
                .isAfter(received.minus(Duration.ofMinutes(1)))
                .isBefore(received.plus(Duration.ofHours(1)));
        assertThat(claims.getBooleanClaim("end_deleted")).isNull();

        call("PATCH", "/db/pipes/" + id, "{\"this\":{\"data\":{\"URI\":\"https://updated.example.com\"}}}");

        ReferencePeer.Received second = await().atMost(PATIENCE).until(() -> PEER.patches(peerPath),
                list -> list.size() >= 2).get(1);
        assertThat(second.json()).isEqualTo(JSON.readTree(
                "{\"other\":{\"data\":{\"URI\":\"https://updated.example.com\",\"PORT\":443}}}"));
        assertThat(second.claims().getJWTID()).isNotEqualTo(claims.getJWTID());
        assertThat(second.token().verify(new RSASSAVerifier((RSAKey) junctionKeys().getKeyByKeyId(
                second.token().getHeader().getKeyID())))).isTrue();
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(getPipe("db", id).path("propagation")
                .path("state").asText()).isEqualTo("delivered"));
    }

    @Test
    void settingOtherUriLaterDeliversTheEndAtOnce() {
        String id = uniqueId("later");
        String peerPath = "/db/pipes/to-" + id;
        createPipe("db", id, Map.of("URI", "https://later.example.com"), null);

        Response patch = call("PATCH", "/db/pipes/" + id, "{\"other\":{\"uri\":\"" + PEER.root() + peerPath
                + "\",\"issuer\":\"" + PEER.root() + "\"}}");

        assertThat(patch.status()).isEqualTo(202);
        ReferencePeer.Received delivery = await().atMost(PATIENCE)
                .until(() -> PEER.patches(peerPath), list -> !list.isEmpty()).get(0);
        assertThat(delivery.json().path("other").path("data").path("URI").asText())
                .isEqualTo("https://later.example.com");
        assertThat(delivery.claims().getAudience()).containsExactly(PEER.root() + peerPath);
    }

    @Test
    void aPeersUpdateThatBreaksTheSchemaIsRefusedAndChangesNothing() {
        String id = uniqueId("schema");
        String peerPipe = PEER.pipeUri("db", "from-" + id);
        Response created = call("POST", "/db/pipes", "{\"id\":\"" + id + "\",\"other\":{\"uri\":\"" + peerPipe
                + "\",\"issuer\":\"" + PEER.root() + "\",\"schema\":{\"type\":\"object\",\"properties\":"
                + "{\"URI\":{\"type\":\"string\",\"pattern\":\"^https://\"}}}}}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(PEER.sendUpdate(junctionPipeUri("db", id), peerPipe, Map.of("URI", "https://ok.example.com")))
                .isEqualTo(202);
        int events = history("db", id).size();

        int status = PEER.sendUpdate(junctionPipeUri("db", id), peerPipe, Map.of("URI", "http://plain.example.com"));

        assertThat(status).isEqualTo(400);
        assertThat(getPipe("db", id).path("other").path("data").path("URI").asText())
                .isEqualTo("https://ok.example.com");
        assertThat(history("db", id)).hasSize(events);
    }

    @Test
    void aTokenWhoseUpdateWasRefusedMayBeSentAgainWithACorrectedBody() {
        String id = uniqueId("retoken");
        String peerPipe = PEER.pipeUri("db", "from-" + id);
        Response created = call("POST", "/db/pipes", "{\"id\":\"" + id + "\",\"other\":{\"uri\":\"" + peerPipe
                + "\",\"issuer\":\"" + PEER.root() + "\",\"schema\":{\"type\":\"object\",\"properties\":"
                + "{\"URI\":{\"type\":\"string\",\"pattern\":\"^https://\"}}}}}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String token = PEER.token(junctionPipeUri("db", id), peerPipe, c -> c.jwtID("one-token-" + id));

        assertThat(PEER.patch(junctionPipeUri("db", id), token,
                "{\"other\":{\"data\":{\"URI\":\"http://plain.example.com\"}}}")).isEqualTo(400);
        assertThat(PEER.patch(junctionPipeUri("db", id), token,
                "{\"other\":{\"data\":{\"URI\":\"https://fixed.example.com\"}}}")).isEqualTo(202);
        assertThat(getPipe("db", id).path("other").path("data").path("URI").asText())
                .isEqualTo("https://fixed.example.com");
        assertThat(PEER.patch(junctionPipeUri("db", id), token,
                "{\"other\":{\"data\":{\"URI\":\"https://again.example.com\"}}}"))
                .as("a token whose update was applied is used up").isEqualTo(401);
    }

    @Test
    void nothingIsSentWhileThisEndHasNoData() {
        String id = uniqueId("quiet");
        String peerPath = "/db/pipes/to-" + id;
        createPipe("db", id, null, Map.of("uri", PEER.root() + peerPath, "issuer", PEER.root()));

        // a later change that brings data is what triggers the first delivery
        call("PATCH", "/db/pipes/" + id, "{\"this\":{\"data\":{\"URI\":\"https://now.example.com\"}}}");

        List<ReferencePeer.Received> patches = await().atMost(PATIENCE)
                .until(() -> PEER.patches(peerPath), list -> !list.isEmpty());
        assertThat(patches).hasSize(1);
        assertThat(patches.get(0).json().path("other").path("data").path("URI").asText())
                .isEqualTo("https://now.example.com");
    }

    @Test
    void settingOtherUriLaterOnAPipeWithoutDataSendsNothingUntilItHasData() {
        String id = uniqueId("later-quiet");
        String peerPath = "/db/pipes/to-" + id;
        createPipe("db", id, null, null);

        assertThat(call("PATCH", "/db/pipes/" + id, "{\"other\":{\"uri\":\"" + PEER.root() + peerPath
                + "\",\"issuer\":\"" + PEER.root() + "\"}}").status()).isEqualTo(202);
        await().during(Duration.ofSeconds(1)).atMost(PATIENCE).until(() -> PEER.patches(peerPath).isEmpty());
        call("PATCH", "/db/pipes/" + id, "{\"this\":{\"data\":{\"URI\":\"https://first.example.com\"}}}");

        List<ReferencePeer.Received> patches = await().atMost(PATIENCE)
                .until(() -> PEER.patches(peerPath), list -> !list.isEmpty());
        assertThat(patches).hasSize(1);
        assertThat(patches.get(0).json().path("other").path("data").path("URI").asText())
                .isEqualTo("https://first.example.com");
    }
}
