package dev.junction.infra;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.junction.infra.TestBroker.PASSWORD;
import static dev.junction.infra.TestBroker.USER;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every 4xx of the API, each followed by a check that nothing changed: the pipes of every demo
 * resource and the pipe counts of every blueprint read the same as before the failed request.
 */
class ErrorStatusApiTest extends ApiTestSupport {

    private static final List<String> RESOURCES = List.of("backend", "db", "frontend");
    private static final List<String> BLUEPRINTS = List.of("backend/offers/https", "db/offers/postgresqls",
            "frontend/needs/db", "frontend/needs/backend");

    /** Everything the API shows that a request could change. */
    private record State(Map<String, JsonNode> pipes, Map<String, Integer> pipeCounts) {
    }

    private State state() {
        LinkedHashMap<String, JsonNode> pipes = new LinkedHashMap<>();
        for (String resource : RESOURCES) {
            Answer list = get("/" + resource + "/pipes");
            assertThat(list.status()).isEqualTo(200);
            pipes.put(resource, list.json());
        }
        LinkedHashMap<String, Integer> counts = new LinkedHashMap<>();
        for (String blueprint : BLUEPRINTS) {
            String[] parts = blueprint.split("/");
            counts.put(blueprint, pipeCount(parts[0], parts[1], parts[2]));
        }
        return new State(pipes, counts);
    }

    private String pipeId;
    private JsonNode pipeBefore;

    @BeforeEach
    void aPipeToBreak() {
        pipeId = newId("err");
        pipeBefore = createPipe("backend", pipeId, "{\"URI\":\"https://before.example\"}");
    }

    /** Asserts the answer is the error format with this status, and that the state equals {@code before}. */
    private void assertRefused(Answer answer, int status, State before) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
        assertThat(answer.headers().getContentType()).isNotNull();
        assertThat(answer.headers().getContentType().isCompatibleWith(MediaType.APPLICATION_JSON)).isTrue();
        assertThat(answer.json().path("status").asInt()).isEqualTo(status);
        assertThat(answer.json().path("message").asText()).isNotBlank();
        assertThat(state()).as("state after %s", answer).isEqualTo(before);
        assertThat(pipe("backend", pipeId)).isEqualTo(pipeBefore);
    }

    // ---- 400 -----------------------------------------------------------------------------------

    @Test
    void malformedJsonIs400OnEveryRouteThatTakesABody() {
        State before = state();
        String broken = "{\"id\":\"" + newId("broken") + "\",\"this\":{\"data\":";

        for (Answer answer : List.of(post("/backend/pipes", broken), patch("/backend/pipes/" + pipeId, broken),
                post("/backend/offers/https/bindings", broken), post("/backend/pipes", "[1,2]"),
                patch("/backend/pipes/" + pipeId, "\"text\""))) {
            assertRefused(answer, 400, before);
            assertThat(answer.errorFields()).containsExactly("body");
        }
    }

    @Test
    void fieldsOfTheWrongTypeAre400NamingEachField() {
        State before = state();

        Answer answer = post("/backend/pipes",
                "{\"id\":5,\"this\":{\"uri\":3,\"data\":\"text\",\"schema\":\"no\"},\"other\":[]}");

        assertRefused(answer, 400, before);
        assertThat(answer.errorFields()).containsExactlyInAnyOrder("id", "this.uri", "this.schema", "this.data",
                "other");

        Answer badId = post("/backend/pipes", "{\"id\":\"no spaces/or slashes\"}");
        assertRefused(badId, 400, before);
        assertThat(badId.errorFields()).containsExactly("id");

        Answer badAdapters = post("/backend/offers/https/bindings", "{\"id\":\"x1\",\"adapters\":\"auth:oidc\"}");
        assertRefused(badAdapters, 400, before);
        assertThat(badAdapters.errorFields()).containsExactly("adapters");
    }

    @Test
    void dataViolatingAnEndsSchemaIs400NamingEachFailingField() {
        State before = state();
        String id = newId("schema");

        Answer answer = post("/backend/pipes", """
                {"id":"%s",
                 "this":{"schema":{"type":"object","properties":{"URI":{"type":"string","pattern":"^https://"},
                                   "PORT":{"type":"integer"}}},
                         "data":{"URI":"http://plain.example","PORT":"eighty"}},
                 "other":{"schema":{"type":"object","required":["SECRET"]},"data":{}}}
                """.formatted(id));

        assertRefused(answer, 400, before);
        assertThat(answer.errorFields()).containsExactlyInAnyOrder("this.data.URI", "this.data.PORT", "other.data.SECRET");
        assertThat(pipeStatus("backend", id)).isEqualTo(404);
    }

    @Test
    void aPatchThatBreaksThePipesSchemaIs400AndLeavesItUnchanged() {
        String id = newId("schema-patch");
        Answer created = post("/backend/pipes", """
                {"id":"%s","this":{"schema":{"type":"object","properties":{"URI":{"type":"string","pattern":"^https://"}}},
                                   "data":{"URI":"https://ok.example"}}}
                """.formatted(id));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        JsonNode before = pipe("backend", id);
        State state = state();

        Answer answer = patch("/backend/pipes/" + id, "{\"this\":{\"data\":{\"URI\":\"http://bad.data\",\"X\":\"1\"}}}");

        assertRefused(answer, 400, state);
        assertThat(answer.errorFields()).containsExactly("this.data.URI");
        assertThat(pipe("backend", id)).isEqualTo(before);

        Answer schemaPatch = patch("/backend/pipes/" + id,
                "{\"this\":{\"schema\":{\"type\":\"object\",\"required\":[\"PORT\"]}}}");
        assertRefused(schemaPatch, 400, state);
        assertThat(schemaPatch.errorFields()).as("a new schema is combined with the old (allOf) and checked")
                .containsExactly("this.data.PORT");
        assertThat(pipe("backend", id)).isEqualTo(before);
    }

    @Test
    void aPatchWithoutABodyIs400() {
        State before = state();

        Answer answer = send(client, HttpMethod.PATCH, "/backend/pipes/" + pipeId, null, null);

        assertRefused(answer, 400, before);
        assertThat(answer.errorFields()).containsExactly("body");
    }

    // ---- 401 -----------------------------------------------------------------------------------

    @Test
    void everyUserRouteIs401WithoutCredentialsAndSaysHowToAuthenticate() {
        State before = state();
        String create = "{\"id\":\"" + newId("anon") + "\"}";
        String change = "{\"this\":{\"data\":{\"URI\":\"https://changed.example\"}}}";

        List<Answer> answers = List.of(
                send(anonymous, HttpMethod.GET, "/backend/pipes", null, null),
                send(anonymous, HttpMethod.POST, "/backend/pipes", MediaType.APPLICATION_JSON, create),
                send(anonymous, HttpMethod.GET, "/backend/pipes/" + pipeId, null, null),
                send(anonymous, HttpMethod.PATCH, "/backend/pipes/" + pipeId, MediaType.APPLICATION_JSON, change),
                send(anonymous, HttpMethod.DELETE, "/backend/pipes/" + pipeId, null, null),
                send(anonymous, HttpMethod.GET, "/backend/pipes/" + pipeId + "/history", null, null),
                send(anonymous, HttpMethod.GET, "/backend/offers", null, null),
                send(anonymous, HttpMethod.GET, "/backend/offers/https/protos/https", null, null),
                send(anonymous, HttpMethod.POST, "/backend/offers/https/bindings", MediaType.APPLICATION_JSON, create),
                send(anonymous, HttpMethod.POST, "/admin/read-models/rebuild", null, null),
                send(anonymous, HttpMethod.GET, "/actuator/metrics", null, null),
                send(anonymous, HttpMethod.GET, "/nope/pipes", null, null));

        for (Answer answer : answers) {
            assertRefused(answer, 401, before);
            assertThat(answer.headers().getFirst(HttpHeaders.WWW_AUTHENTICATE)).startsWith("Basic realm=");
        }
    }

    @Test
    void wrongCredentialsAre401() {
        State before = state();
        String change = "{\"this\":{\"data\":{\"URI\":\"https://changed.example\"}}}";
        List<WebTestClient> wrong = List.of(client(USER, "wrong"), client("bar", PASSWORD), client(USER, ""),
                client(USER.toUpperCase(), PASSWORD),
                WebTestClient.bindToServer().baseUrl(ROOT).defaultHeader(HttpHeaders.AUTHORIZATION, "Basic !!!").build(),
                WebTestClient.bindToServer().baseUrl(ROOT).defaultHeader(HttpHeaders.AUTHORIZATION,
                        "Bearer not-a-token").build());

        for (WebTestClient with : wrong) {
            Answer read = send(with, HttpMethod.GET, "/backend/pipes", null, null);
            assertRefused(read, 401, before);
            assertThat(read.headers().getFirst(HttpHeaders.WWW_AUTHENTICATE)).startsWith("Basic realm=");
            Answer write = send(with, HttpMethod.PATCH, "/backend/pipes/" + pipeId, MediaType.APPLICATION_JSON, change);
            assertRefused(write, 401, before);
            // a Bearer token on a pipe's PATCH is a peer's: it is refused with a Bearer challenge
            boolean bearer = with == wrong.get(wrong.size() - 1);
            assertThat(write.headers().getFirst(HttpHeaders.WWW_AUTHENTICATE))
                    .startsWith(bearer ? "Bearer realm=" : "Basic realm=");
        }
    }

    // ---- 404 -----------------------------------------------------------------------------------

    @Test
    void anUnknownResourceIs404OnEveryRoute() {
        State before = state();
        String create = "{\"id\":\"" + newId("nowhere") + "\"}";

        for (Answer answer : List.of(get("/nowhere/pipes"), post("/nowhere/pipes", create),
                get("/nowhere/pipes/" + pipeId), patch("/nowhere/pipes/" + pipeId, "{\"this\":{\"data\":{}}}"),
                delete("/nowhere/pipes/" + pipeId), get("/nowhere/pipes/" + pipeId + "/history"),
                get("/nowhere/offers"), get("/nowhere/needs"), get("/nowhere/offers/https"),
                get("/nowhere/offers/https/protos"), get("/nowhere/offers/https/adapters/auth:oidc"),
                post("/nowhere/offers/https/bindings", create))) {
            assertRefused(answer, 404, before);
        }
    }

    @Test
    void anUnknownPipeIs404() {
        String missing = newId("missing");
        State before = state();

        for (Answer answer : List.of(get("/backend/pipes/" + missing),
                patch("/backend/pipes/" + missing, "{\"this\":{\"data\":{\"URI\":\"https://x.example\"}}}"),
                delete("/backend/pipes/" + missing), get("/backend/pipes/" + missing + "/history"),
                get("/backend/pipes/" + missing + "?at=2030-01-01T00:00:00Z"),
                get("/frontend/pipes/" + pipeId))) {
            assertRefused(answer, 404, before);
        }
        assertThat(pipeStatus("backend", missing)).as("a PATCH does not create").isEqualTo(404);
    }

    @Test
    void anUnknownBlueprintProtoOrAdapterIs404() {
        State before = state();

        for (Answer answer : List.of(get("/backend/offers/nope"), get("/backend/needs/https"),
                get("/backend/offers/nope/protos"), get("/backend/offers/nope/adapters"),
                get("/backend/offers/https/protos/nope"), get("/backend/offers/https/protos/postgresqls"),
                get("/backend/offers/https/adapters/nope"), get("/backend/offers/https/adapters/auth:basic"),
                get("/frontend/needs/backend/adapters/auth:server"),
                post("/backend/offers/nope/bindings", "{\"id\":\"" + newId("nobp") + "\"}"),
                post("/backend/needs/https/bindings", "{\"id\":\"" + newId("nobp") + "\"}"))) {
            assertRefused(answer, 404, before);
        }
    }

    @Test
    void bindingWithAnUnknownProtoOrAdapterIs404AndCreatesNothing() {
        State before = state();
        String id = newId("nobind");

        for (String body : List.of("{\"id\":\"%s\",\"proto\":\"rediss\"}", "{\"id\":\"%s\",\"proto\":\"nope\"}",
                "{\"id\":\"%s\",\"adapters\":[\"auth:mtls\"]}", "{\"id\":\"%s\",\"adapters\":[\"auth:oidc\",\"nope\"]}")) {
            Answer answer = post("/backend/offers/https/bindings", body.formatted(id));
            assertRefused(answer, 404, before);
            assertThat(pipeStatus("backend", id)).isEqualTo(404);
        }
        Answer need = post("/frontend/needs/backend/bindings", "{\"id\":\"" + id + "\",\"adapters\":[\"auth:server\"]}");
        assertRefused(need, 404, before);
        assertThat(pipeStatus("frontend", id)).isEqualTo(404);
    }

    // ---- 405 -----------------------------------------------------------------------------------

    @Test
    void aWrongMethodIs405AndNamesTheAllowedOnes() {
        State before = state();
        String body = "{\"id\":\"" + pipeId + "\",\"this\":{\"data\":{\"URI\":\"https://put.example\"}}}";

        Answer put = send(client, HttpMethod.PUT, "/backend/pipes/" + pipeId, MediaType.APPLICATION_JSON, body);
        assertRefused(put, 405, before);
        assertThat(put.headers().getAllow()).containsExactlyInAnyOrder(HttpMethod.GET, HttpMethod.PATCH,
                HttpMethod.DELETE);

        Answer deleteAll = delete("/backend/pipes");
        assertRefused(deleteAll, 405, before);
        assertThat(deleteAll.headers().getAllow()).containsExactlyInAnyOrder(HttpMethod.GET, HttpMethod.POST);

        for (Answer answer : List.of(post("/backend/pipes/" + pipeId, body), post("/backend/offers", "{}"),
                patch("/backend/offers/https", "{}"), delete("/backend/offers/https/protos/https"),
                get("/backend/offers/https/bindings"))) {
            assertRefused(answer, 405, before);
            assertThat(answer.headers().getAllow()).isNotEmpty();
        }
    }

    // ---- 409 -----------------------------------------------------------------------------------

    @Test
    void aDuplicatePipeIdIs409AndKeepsTheFirstPipe() {
        State before = state();

        Answer answer = post("/backend/pipes",
                "{\"id\":\"" + pipeId + "\",\"this\":{\"data\":{\"URI\":\"https://second.example\"}}}");

        assertRefused(answer, 409, before);
        assertThat(pipe("backend", pipeId).at("/this/data/URI").asText()).isEqualTo("https://before.example");

        Answer binding = post("/backend/offers/https/bindings", "{\"id\":\"" + pipeId + "\"}");
        assertRefused(binding, 409, before);
    }

    @Test
    void aFullNeedIs409() {
        String first = newId("full");
        String second = newId("full");
        try {
            assertThat(post("/frontend/needs/backend/bindings", "{\"id\":\"" + first + "\"}").status()).isEqualTo(201);
            State before = state();
            assertThat(before.pipeCounts().get("frontend/needs/backend")).isEqualTo(1);

            Answer answer = post("/frontend/needs/backend/bindings", "{\"id\":\"" + second + "\"}");

            assertRefused(answer, 409, before);
            assertThat(pipeStatus("frontend", second)).isEqualTo(404);
            assertThat(get("/frontend/pipes/" + second + "/history").status()).as("no event for it").isEqualTo(404);
        } finally {
            deleteQuietly("frontend", first);
            deleteQuietly("frontend", second);
        }
    }

    // ---- 415 -----------------------------------------------------------------------------------

    @Test
    void aBodyThatIsNotJsonIs415() {
        State before = state();
        String json = "{\"id\":\"" + newId("plain") + "\",\"this\":{\"data\":{\"URI\":\"https://t.example\"}}}";

        for (Answer answer : List.of(
                send(client, HttpMethod.POST, "/backend/pipes", MediaType.TEXT_PLAIN, json),
                send(client, HttpMethod.PATCH, "/backend/pipes/" + pipeId, MediaType.TEXT_PLAIN, json),
                send(client, HttpMethod.POST, "/backend/offers/https/bindings", MediaType.APPLICATION_XML, json),
                send(client, HttpMethod.POST, "/backend/pipes", MediaType.APPLICATION_FORM_URLENCODED, "id=x"))) {
            assertRefused(answer, 415, before);
        }
    }
}
