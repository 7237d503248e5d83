package dev.junction.infra;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpMethod;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ids checked once, at the edge (docs/operator-guide.md, "Limits"): a path id outside the id rule and a
 * matrix parameter are 400 naming them, on every route, and change nothing.
 */
class PathIdsApiTest extends EdgeApiTestSupport {

    // ---- ids ------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"a%00b", "a%0d%0aFAKE", "%C3%A9t%C3%A9", "..", "a%2Fb", "-lead", "a%20b"})
    void aPipeIdOutsideTheIdRuleIs400OnEveryPipeRoute(String rawId) {
        String safe = newId("ids");
        createPipe("backend", safe, "{\"K\":\"v\"}");
        JsonNode before = pipe("backend", safe);

        for (Answer answer : List.of(sendRaw(HttpMethod.GET, "/backend/pipes/" + rawId, null),
                sendRaw(HttpMethod.GET, "/backend/pipes/" + rawId + "?at=2030-01-01T00:00:00Z", null),
                sendRaw(HttpMethod.GET, "/backend/pipes/" + rawId + "/history", null),
                sendRaw(HttpMethod.PATCH, "/backend/pipes/" + rawId, "{\"this\":{\"data\":{\"K\":\"w\"}}}"),
                sendRaw(HttpMethod.DELETE, "/backend/pipes/" + rawId, null),
                sendRaw(HttpMethod.POST, "/admin/propagations/backend/" + rawId + "/retry", null))) {
            assertThat(answer.status()).as(rawId + ": " + brief(answer)).isEqualTo(400);
            assertThat(answer.errorFields()).containsExactly("pipe id");
            assertThat(answer.body()).doesNotContain("\r", "\n", "FAKE", "\u0000");
        }
        assertThat(pipe("backend", safe)).isEqualTo(before);
    }

    @Test
    void everyKindOfPathIdIsCheckedAndNamed() {
        String bad = "a%00b";
        assertThat(sendRaw(HttpMethod.GET, "/" + bad + "/pipes", null).errorFields()).containsExactly("resource id");
        assertThat(sendRaw(HttpMethod.PATCH, "/" + bad, "{\"data\":{\"K\":\"v\"}}").errorFields())
                .containsExactly("resource id");
        assertThat(sendRaw(HttpMethod.GET, "/backend/offers/" + bad, null).errorFields())
                .containsExactly("blueprint name");
        assertThat(sendRaw(HttpMethod.POST, "/backend/offers/" + bad + "/bindings", "{}").errorFields())
                .containsExactly("blueprint name");
        assertThat(sendRaw(HttpMethod.GET, "/backend/offers/https/protos/" + bad, null).errorFields())
                .containsExactly("proto id");
        assertThat(sendRaw(HttpMethod.GET, "/backend/offers/https/adapters/" + bad, null).errorFields())
                .containsExactly("adapter id");
        assertThat(sendRaw(HttpMethod.GET, "/backend/pipes/" + "p".repeat(201), null).errorFields())
                .containsExactly("pipe id");
    }

    @Test
    void anIdOfTwoHundredCharactersAndTheDocumentedCharactersPasses() {
        String id = "A0._:~-" + "p".repeat(193);

        createPipe("backend", id, "{\"K\":\"v\"}");

        assertThat(sendRaw(HttpMethod.GET, "/backend/pipes/" + id, null).status()).isEqualTo(200);
        assertThat(sendRaw(HttpMethod.GET, "/.well-known/openid-configuration", null).status()).isEqualTo(200);
        assertThat(sendRaw(HttpMethod.GET, "/backend/offers/https/adapters/auth:oidc", null).status()).isEqualTo(200);
    }

    @Test
    void bodyIdsProtoAndAdaptersFollowTheIdRule() {
        Answer id = post("/backend/pipes", "{\"id\":\"a\\u0000b\"}");
        Answer proto = post("/backend/offers/https/bindings", "{\"id\":\"" + newId("bp") + "\",\"proto\":\"x\\r\\nFAKE\"}");
        Answer adapters = post("/backend/offers/https/bindings",
                "{\"id\":\"" + newId("bp") + "\",\"adapters\":[\"auth:oidc\",\"a\\u0000\"]}");

        assertThat(id.status()).isEqualTo(400);
        assertThat(id.errorFields()).containsExactly("id");
        assertThat(proto.status()).isEqualTo(400);
        assertThat(proto.errorFields()).containsExactly("proto");
        assertThat(proto.body()).doesNotContain("FAKE");
        assertThat(adapters.status()).isEqualTo(400);
        assertThat(adapters.errorFields()).containsExactly("adapters");
    }

    /**
     * Random bytes, percent-encoded, as a pipe id on each pipe route (seeded, so a failure repeats): never
     * a 5xx or a 2xx, 400 whenever the decoded id breaks the id rule, and the pipe beside them unchanged.
     */
    @Test
    void randomPathIdsAreRefusedOrNotFoundAndNeverFail() {
        String safe = newId("fuzz");
        createPipe("backend", safe, "{\"K\":\"v\"}");
        JsonNode before = pipe("backend", safe);
        java.util.Random random = new java.util.Random(9);
        String allowed = "ABCxyz019._:~-";
        for (int round = 0; round < 100; round++) {
            byte[] bytes = new byte[1 + random.nextInt(round % 5 == 0 ? 240 : 12)];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = random.nextInt(3) == 0 ? (byte) random.nextInt(256)
                        : (byte) allowed.charAt(random.nextInt(allowed.length()));
            }
            StringBuilder raw = new StringBuilder();
            for (byte b : bytes) {
                raw.append(String.format("%%%02X", b & 0xff));
            }
            boolean valid = dev.junction.api.input.Ids.valid(new String(bytes, StandardCharsets.UTF_8));
            for (Answer answer : List.of(sendRaw(HttpMethod.GET, "/backend/pipes/" + raw, null),
                    sendRaw(HttpMethod.GET, "/backend/pipes/" + raw + "/history", null),
                    sendRaw(HttpMethod.PATCH, "/backend/pipes/" + raw, "{\"this\":{\"data\":{\"K\":\"w\"}}}"),
                    sendRaw(HttpMethod.DELETE, "/backend/pipes/" + raw, null))) {
                assertThat(answer.status()).as(raw + ": " + brief(answer)).isIn(valid ? List.of(400, 404) : List.of(400));
            }
        }
        assertThat(pipe("backend", safe)).isEqualTo(before);
    }

    // ---- matrix parameters ----------------------------------------------------------------------

    @Test
    void aMatrixParameterIs400AndNeverActsOnAnotherId() {
        String id = newId("matrix");
        createPipe("backend", id, "{\"K\":\"v\"}");
        JsonNode before = pipe("backend", id);

        for (Answer answer : List.of(sendRaw(HttpMethod.DELETE, "/backend/pipes/" + id + ";jsessionid=x", null),
                sendRaw(HttpMethod.PATCH, "/backend/pipes/" + id + ";v=1", "{\"this\":{\"data\":{\"K\":\"w\"}}}"),
                sendRaw(HttpMethod.GET, "/backend;x=1/pipes/" + id, null))) {
            assertThat(answer.status()).as(brief(answer)).isEqualTo(400);
            assertThat(answer.errorFields()).containsExactly("path");
        }
        assertThat(pipe("backend", id)).isEqualTo(before);
    }
}
