package dev.junction.infra.peer;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A peer's update is accepted only with a token that proves it comes from the pipe's other end.
 * Every refusal is a 401 that changes nothing: the pipe keeps its old {@code other.data} and its
 * history gains no event.
 */
@ExtendWith(OutputCaptureExtension.class)
class PeerTokenRefusalTest extends JunctionTestBase {

    private static final Map<String, String> OLD = Map.of("KEY", "old");
    private static final Map<String, String> NEW = Map.of("KEY", "new");

    /** A Junction pipe of resource {@code db} whose other end is a pipe of {@code peer}, with other.data = OLD. */
    private record Target(String id, String uri, String peerPipe, ReferencePeer peer) {
    }

    private static Target target(ReferencePeer peer) {
        String id = uniqueId("refuse");
        String peerPipe = peer.pipeUri("db", "src-" + id);
        createPipe("db", id, null, Map.of("uri", peerPipe, "issuer", peer.root()));
        Target target = new Target(id, junctionPipeUri("db", id), peerPipe, peer);
        assertThat(peer.sendUpdate(target.uri(), peerPipe, OLD)).as("the valid first update").isEqualTo(202);
        return target;
    }

    private static Target target() {
        return target(PEER);
    }

    /** Sends NEW with {@code token}: 401, other.data still OLD, no new event. */
    private static void assertRefused(Target target, String token) {
        int events = history("db", target.id()).size();

        int status = target.peer().patch(target.uri(), token, ReferencePeer.updateBody(NEW));

        assertThat(status).isEqualTo(401);
        JsonNode pipe = getPipe("db", target.id());
        assertThat(JSON.convertValue(pipe.path("other").path("data"), Map.class)).isEqualTo(OLD);
        assertThat(pipe.path("other").path("uri").asText()).isEqualTo(target.peerPipe());
        assertThat(history("db", target.id())).hasSize(events);
    }

    @Test
    void forgedSignatureIsRefused(CapturedOutput output) {
        Target target = target();
        RSAKey impostor = ReferencePeer.newKey(PEER.signingKey().getKeyID());

        String forged = ReferencePeer.sign(PEER.claims(target.uri(), target.peerPipe()).build(), impostor);

        assertRefused(target, forged);
        assertThat(output.getAll()).contains("refused (signature): signature does not verify").doesNotContain(forged);
    }

    @Test
    void tamperedClaimsAreRefused() {
        Target target = target();
        String[] parts = PEER.token(target.uri(), target.peerPipe()).split("\\.");
        String otherClaims = PEER.token(target.uri(), target.peerPipe(),
                c -> c.expirationTime(Date.from(Instant.now().plus(Duration.ofDays(365))))).split("\\.")[1];

        assertRefused(target, parts[0] + "." + otherClaims + "." + parts[2]);
    }

    @Test
    void wrongIssuerIsRefused() {
        Target target = target();
        try (ReferencePeer stranger = new ReferencePeer()) {
            // a real issuer with keys of its own, but not the pipe's other.issuer
            assertRefused(target, stranger.token(target.uri(), target.peerPipe()));
        }
        // issuers are compared exactly, not as patterns or prefixes: a real issuer on the peer's host, under
        // a path, whose name starts with the pipe's other.issuer, is still another issuer
        RSAKey tenantKey = ReferencePeer.newKey("tenant-" + UUID.randomUUID());
        String tenant = PEER.addPathIssuer("/tenant-" + target.id(), tenantKey);
        assertRefused(target, ReferencePeer.sign(PEER.claims(target.uri(), target.peerPipe()).issuer(tenant).build(),
                tenantKey));
        assertRefused(target, PEER.token(target.uri(), target.peerPipe(), c -> c.issuer(PEER.root() + "/")));
        assertRefused(target, PEER.token(target.uri(), target.peerPipe(), c -> c.issuer(null)));

        // control: that tenant is a working issuer, accepted for a pipe whose other end it is
        String id = uniqueId("tenant");
        createPipe("db", id, null, Map.of("uri", target.peerPipe(), "issuer", tenant));
        assertThat(PEER.patch(junctionPipeUri("db", id), ReferencePeer.sign(PEER.claims(junctionPipeUri("db", id),
                target.peerPipe()).issuer(tenant).build(), tenantKey), ReferencePeer.updateBody(NEW))).isEqualTo(202);
    }

    @Test
    void wrongAudienceIsRefused() {
        Target target = target();
        Target neighbour = target();

        assertRefused(target, PEER.token(neighbour.uri(), target.peerPipe()));
        assertRefused(target, PEER.token(target.uri() + "x", target.peerPipe()));
        assertRefused(target, PEER.token(target.uri(), target.peerPipe(), c -> c.audience((String) null)));
    }

    @Test
    void wrongSubjectIsRefused() {
        Target target = target();

        assertRefused(target, PEER.token(target.uri(), PEER.pipeUri("db", "someone-else")));
        assertRefused(target, PEER.token(target.uri(), target.peerPipe() + "-evil"));
        assertRefused(target, PEER.token(target.uri(), null));
    }

    @Test
    void expiredTokenIsRefused() {
        Target target = target();
        Instant past = Instant.now().minus(Duration.ofHours(2));

        assertRefused(target, PEER.token(target.uri(), target.peerPipe(), c -> c
                .issueTime(Date.from(past)).expirationTime(Date.from(past.plus(Duration.ofMinutes(30))))));
        assertRefused(target, PEER.token(target.uri(), target.peerPipe(), c -> c.expirationTime(null)));
    }

    @Test
    void tokenFromTheFutureIsRefused() {
        Target target = target();
        Instant later = Instant.now().plus(Duration.ofMinutes(30));

        assertRefused(target, PEER.token(target.uri(), target.peerPipe(), c -> c.notBeforeTime(Date.from(later))));
        assertRefused(target, PEER.token(target.uri(), target.peerPipe(), c -> c.issueTime(Date.from(later))));
    }

    @Test
    void tokenLivingLongerThanTheMaximumIsRefused() {
        Target target = target();

        assertRefused(target, PEER.token(target.uri(), target.peerPipe(),
                c -> c.expirationTime(Date.from(Instant.now().plus(Duration.ofDays(365L * 30))))));
    }

    @Test
    void referenceTokenUsedAfterItsWindowIsRefused() {
        Target target = target();
        Instant issued = Instant.now().minus(Duration.ofMinutes(5));

        // a token the reference signed five minutes ago, with its one hour to live, captured and sent again
        assertRefused(target, PEER.token(target.uri(), target.peerPipe(), c -> c
                .issueTime(Date.from(issued)).expirationTime(Date.from(issued.plus(Duration.ofHours(1))))));
        assertRefused(target, PEER.token(target.uri(), target.peerPipe(), c -> c.issueTime(null)));
    }

    @Test
    void everyRefusalAnswersTheSameBody() {
        Target target = target();
        // a pipe whose other.issuer serves no discovery document: the fetch of its keys fails
        String id = uniqueId("nokeys");
        String issuer = PEER.root() + "/no-issuer-here";
        createPipe("db", id, null, Map.of("uri", target.peerPipe(), "issuer", issuer));
        String noKeysUri = junctionPipeUri("db", id);
        String body = ReferencePeer.updateBody(NEW);

        List<JunctionTestBase.Response> refusals = List.of(
                bearerPatch(noKeysUri, PEER.token(noKeysUri, target.peerPipe(), c -> c.issuer(issuer)), body),
                bearerPatch(target.uri(), PEER.token(target.uri(), target.peerPipe(), c -> c.issuer(issuer)), body),
                bearerPatch(target.uri(), PEER.token(target.uri() + "x", target.peerPipe()), body),
                bearerPatch(target.uri(), "not-a-jwt", body),
                bearerPatch(junctionPipeUri("db", "no-such-pipe"), PEER.token(target.uri(), target.peerPipe()), body));

        assertThat(refusals).extracting(JunctionTestBase.Response::status).containsOnly(401);
        assertThat(refusals).extracting(r -> r.json().path("message").asText())
                .containsOnly("the peer token was not accepted");
        assertThat(refusals).extracting(JunctionTestBase.Response::body).containsOnly(refusals.get(0).body());
    }

    @Test
    void lineBreaksInAPipeIdOrAnIssuerForgeNoLogLine(CapturedOutput output) {
        Target target = target();
        String forgedIssuer = PEER.root() + "\r\nFAKE-ISSUER 2026-01-01 INFO all is well";

        int status = PEER.patch(target.uri(), PEER.token(target.uri(), target.peerPipe(), c -> c.issuer(forgedIssuer)),
                ReferencePeer.updateBody(NEW));
        int forgedId = PEER.patch(junctionPipeUri("db", "x%0d%0aFAKE-ID%0aFAKE-LF%e2%80%a8FAKE-LS"),
                PEER.token(target.uri(), target.peerPipe()), ReferencePeer.updateBody(NEW));
        Response read = call("GET", "/db/pipes/y%0d%0aFAKE-READ", null);

        assertThat(status).isEqualTo(401);
        assertThat(forgedId).isBetween(400, 499);
        assertThat(read.status()).isBetween(400, 499);
        assertThat(output.getAll()).as("the refusal is logged, escaped").contains("FAKE-ISSUER");
        assertThat(output.getAll().split("\\R")).noneMatch(line -> line.startsWith("FAKE"));
        assertThat(output.getAll()).doesNotContain("\u2028");
    }

    @Test
    void replayedTokenIsRefused() {
        Target target = target();
        String token = PEER.token(target.uri(), target.peerPipe(), c -> c.jwtID(UUID.randomUUID().toString()));
        assertThat(PEER.patch(target.uri(), token, ReferencePeer.updateBody(Map.of("KEY", "old", "N", "1"))))
                .isEqualTo(202);
        int events = history("db", target.id()).size();

        int status = PEER.patch(target.uri(), token, ReferencePeer.updateBody(Map.of("KEY", "replayed")));

        assertThat(status).isEqualTo(401);
        assertThat(JSON.convertValue(getPipe("db", target.id()).path("other").path("data"), Map.class))
                .isEqualTo(Map.of("KEY", "old", "N", "1"));
        assertThat(history("db", target.id())).hasSize(events);
    }

    @Test
    void replayedReferenceTokenWithoutJtiIsRefused() {
        Target target = target();
        String token = PEER.token(target.uri(), target.peerPipe());
        String body = ReferencePeer.updateBody(Map.of("KEY", "old", "N", "2"));
        assertThat(PEER.patch(target.uri(), token, body)).isEqualTo(202);
        int events = history("db", target.id()).size();

        assertThat(PEER.patch(target.uri(), token, body)).isEqualTo(401);

        assertThat(history("db", target.id())).hasSize(events);
    }

    @Test
    void unknownKidIsRefused() {
        Target target = target();
        RSAKey unpublished = ReferencePeer.newKey("never-published-" + UUID.randomUUID());

        assertRefused(target, ReferencePeer.sign(PEER.claims(target.uri(), target.peerPipe()).build(), unpublished));
    }

    @Test
    void keyPublishedAfterTheFirstFetchIsFoundByARefresh() {
        try (ReferencePeer rotating = new ReferencePeer()) {
            Target target = target(rotating);
            assertThat(rotating.jwksFetches()).as("keys fetched on first use").isEqualTo(1);

            RSAKey next = ReferencePeer.newKey("next-" + UUID.randomUUID());
            rotating.publish(next);
            String token = ReferencePeer.sign(rotating.claims(target.uri(), target.peerPipe()).build(), next);
            String body = ReferencePeer.updateBody(NEW);

            // the unknown kid makes Junction fetch the keys again, at most once per 10 s: a token signed
            // with the new key is accepted once that refresh has happened
            await().atMost(PATIENCE).pollInterval(Duration.ofSeconds(1))
                    .until(() -> rotating.patch(target.uri(), token, body) == 202);

            assertThat(JSON.convertValue(getPipe("db", target.id()).path("other").path("data"), Map.class))
                    .isEqualTo(NEW);
            assertThat(rotating.jwksFetches())
                    .as("one fetch on first use, one refresh for the unknown kid, however many tokens named it")
                    .isEqualTo(2);
        }
    }

    @Test
    void malformedTokenIsRefused() {
        Target target = target();

        assertRefused(target, "not-a-jwt");
        assertRefused(target, "a.b.c");
        String valid = PEER.token(target.uri(), target.peerPipe());
        assertRefused(target, valid.substring(0, valid.lastIndexOf('.')));
    }

    @Test
    void unsignedTokenIsRefused() {
        Target target = target();
        JWTClaimsSet claims = PEER.claims(target.uri(), target.peerPipe()).build();

        assertRefused(target, new PlainJWT(claims).serialize());
        // alg "none" in a header that still names the peer's kid, with some signature attached
        String header = Base64.getUrlEncoder().withoutPadding().encodeToString(
                ("{\"alg\":\"none\",\"kid\":\"" + PEER.signingKey().getKeyID() + "\"}")
                        .getBytes(StandardCharsets.UTF_8));
        String[] signed = PEER.token(target.uri(), target.peerPipe()).split("\\.");
        assertRefused(target, header + "." + signed[1] + "." + signed[2]);
        assertRefused(target, header + "." + signed[1] + ".");
    }

    @Test
    void hmacTokenIsRefused() throws Exception {
        Target target = target();
        JWTClaimsSet claims = PEER.claims(target.uri(), target.peerPipe()).build();
        // the classic confusion: HS256 keyed with the peer's public key, which anyone can fetch
        SignedJWT hs256 = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256)
                .keyID(PEER.signingKey().getKeyID()).build(), claims);
        hs256.sign(new MACSigner(PEER.signingKey().toRSAPublicKey().getEncoded()));

        assertRefused(target, hs256.serialize());
    }

    @Test
    void rs512TokenIsRefused() throws Exception {
        Target target = target();
        SignedJWT rs512 = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS512)
                .keyID(PEER.signingKey().getKeyID()).build(), PEER.claims(target.uri(), target.peerPipe()).build());
        rs512.sign(new com.nimbusds.jose.crypto.RSASSASigner(PEER.signingKey()));

        assertRefused(target, rs512.serialize());
    }

    @Test
    void updateWithoutAnyCredentialsIsRefused() {
        Target target = target();
        int events = history("db", target.id()).size();

        JunctionTestBase.Response response = unauthenticatedPatch(target.uri(), ReferencePeer.updateBody(NEW));

        assertThat(response.status()).isEqualTo(401);
        assertThat(history("db", target.id())).hasSize(events);
    }

    @Test
    void aPeerMayOnlyBringOtherData() {
        Target target = target();
        String token = PEER.token(target.uri(), target.peerPipe());

        int status = PEER.patch(target.uri(), token,
                "{\"this\":{\"data\":{\"HIJACK\":\"yes\"},\"uri\":\"http://evil\"},"
                        + "\"other\":{\"data\":{\"KEY\":\"new\"},\"uri\":\"http://evil\",\"issuer\":\"http://evil\"}}");

        assertThat(status).isEqualTo(202);
        JsonNode pipe = getPipe("db", target.id());
        assertThat(pipe.path("this").has("data")).isFalse();
        assertThat(pipe.path("this").path("uri").asText()).isEqualTo(target.uri());
        assertThat(pipe.path("other").path("uri").asText()).isEqualTo(target.peerPipe());
        assertThat(pipe.path("other").path("issuer").asText()).isEqualTo(PEER.root());
        assertThat(JSON.convertValue(pipe.path("other").path("data"), Map.class)).isEqualTo(NEW);
    }

    @Test
    void peerTokenForAnotherResourcesPipeOfTheSameIdIsRefused() {
        Target target = target();
        String id = target.id();
        createPipe("orders", id, null, Map.of("uri", target.peerPipe(), "issuer", PEER.root()));
        // a token for db's pipe, sent to orders' pipe of the same id
        String token = PEER.token(target.uri(), target.peerPipe());

        int status = PEER.patch(junctionPipeUri("orders", id), token, ReferencePeer.updateBody(NEW));

        assertThat(status).isEqualTo(401);
        assertThat(getPipe("orders", id).path("other").has("data")).isFalse();
    }
}
