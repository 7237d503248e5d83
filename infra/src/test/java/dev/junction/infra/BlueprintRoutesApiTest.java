package dev.junction.infra;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Offers, needs, their templates and bindings, against the demo resources. */
class BlueprintRoutesApiTest extends ApiTestSupport {

    private static JsonNode builtin;

    @BeforeAll
    static void readBuiltinTemplates() throws IOException {
        try (InputStream in = BlueprintRoutesApiTest.class.getResourceAsStream("/dev/junction/templates/builtin.json")) {
            builtin = JSON.readTree(in);
        }
    }

    /** A built-in template's schema for one end, written from the offer's side. */
    private static JsonNode offerSchema(String collection, String id, String end) {
        for (JsonNode t : builtin.path(collection)) {
            if (t.path("id").asText().equals(id)) {
                return t.at("/offer/" + end);
            }
        }
        throw new AssertionError("no built-in " + collection + " " + id);
    }

    private static List<String> names(JsonNode array, String field) {
        List<String> names = new ArrayList<>();
        array.forEach(n -> names.add(n.path(field).asText()));
        return names;
    }

    @Test
    void offersListsTheResourcesOffersWithTheirTemplatesSeenFromTheProvider() {
        Answer answer = get("/backend/offers");

        assertThat(answer.status()).isEqualTo(200);
        JsonNode offers = answer.json();
        assertThat(offers.isArray()).isTrue();
        assertThat(names(offers, "name")).containsExactly("https");
        JsonNode https = offers.get(0);
        assertThat(https.path("maxPipes").asInt()).as("an offer is unlimited").isZero();
        assertThat(https.path("defaultAdapters")).isEqualTo(JSON.createArrayNode().add("auth:oidc"));
        assertThat(names(https.path("protos"), "id")).containsExactly("https");
        assertThat(https.at("/protos/0/this")).isEqualTo(offerSchema("protos", "https", "this"));
        assertThat(https.at("/protos/0").has("other")).isFalse();
        assertThat(names(https.path("adapters"), "id")).containsExactly("auth:oidc");
        assertThat(https.at("/adapters/0/other")).isEqualTo(offerSchema("adapters", "auth:oidc", "other"));
        assertThat(https.at("/adapters/0").has("this")).isFalse();
    }

    @Test
    void needsListsTheResourcesNeedsWithThisAndOtherSwapped() {
        Answer answer = get("/frontend/needs");

        assertThat(answer.status()).isEqualTo(200);
        JsonNode needs = answer.json();
        assertThat(needs.isArray()).isTrue();
        assertThat(names(needs, "name")).containsExactly("db", "backend");
        for (JsonNode need : needs) {
            assertThat(need.path("maxPipes").asInt()).as("a need allows one pipe").isEqualTo(1);
        }
        JsonNode backend = needs.get(1);
        assertThat(backend.at("/protos/0/id").asText()).isEqualTo("https");
        assertThat(backend.at("/protos/0/other")).isEqualTo(offerSchema("protos", "https", "this"));
        assertThat(backend.at("/protos/0").has("this")).isFalse();
        assertThat(backend.at("/adapters/0/this")).isEqualTo(offerSchema("adapters", "auth:oidc", "other"));

        assertThat(get("/backend/needs").json()).as("a resource without needs").isEmpty();
        assertThat(get("/frontend/offers").json()).as("a resource without offers").isEmpty();
    }

    @Test
    void oneBlueprintIsTheSameAsInTheList() {
        Answer answer = get("/frontend/needs/db");

        assertThat(answer.status()).isEqualTo(200);
        JsonNode db = answer.json();
        assertThat(db.path("name").asText()).isEqualTo("db");
        assertThat(names(db.path("adapters"), "id")).containsExactly("auth:oidc", "auth:server");
        assertThat(names(db.path("protos"), "id")).containsExactly("postgresqls");
        assertThat(db.path("defaultAdapters")).isEmpty();
        assertThat(db.path("pipeCount").asInt()).isZero();
        assertThat(get("/frontend/needs").json().get(0)).isEqualTo(db);
    }

    @Test
    void templateListsAndSingleTemplates() {
        Answer protos = get("/db/offers/postgresqls/protos");
        assertThat(protos.status()).isEqualTo(200);
        assertThat(names(protos.json(), "id")).containsExactly("postgresqls");

        Answer adapters = get("/frontend/needs/db/adapters");
        assertThat(adapters.status()).isEqualTo(200);
        assertThat(names(adapters.json(), "id")).containsExactly("auth:oidc", "auth:server");

        Answer proto = get("/db/offers/postgresqls/protos/postgresqls");
        assertThat(proto.status()).isEqualTo(200);
        assertThat(proto.json().path("id").asText()).isEqualTo("postgresqls");
        assertThat(proto.json().path("this")).isEqualTo(offerSchema("protos", "postgresqls", "this"));

        Answer adapter = get("/db/offers/postgresqls/adapters/auth:server");
        assertThat(adapter.status()).isEqualTo(200);
        assertThat(adapter.json().path("id").asText()).isEqualTo("auth:server");
        assertThat(adapter.json().path("this")).isEqualTo(offerSchema("adapters", "auth:server", "this"));

        Answer swapped = get("/frontend/needs/db/adapters/auth:server");
        assertThat(swapped.json().path("other")).as("on a need, the server's credentials are the other end's")
                .isEqualTo(offerSchema("adapters", "auth:server", "this"));
        assertThat(swapped.json().has("this")).isFalse();
        assertThat(adapters.json().get(1)).isEqualTo(swapped.json());
    }

    @Test
    void bindingTheBackendOfferDefaultsProtoAndAdaptersAndLinksThemAbsolutely() {
        String id = newId("bind");
        int before = pipeCount("backend", "offers", "https");

        Answer answer = post("/backend/offers/https/bindings", "{\"id\":\"" + id + "\"}");

        assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
        assertThat(answer.headers().getLocation()).hasToString("/backend/pipes/" + id);
        JsonNode binding = answer.json();
        assertThat(binding.path("id").asText()).isEqualTo(id);
        assertThat(binding.path("proto").asText()).isEqualTo("https");
        assertThat(binding.path("adapters")).isEqualTo(JSON.createArrayNode().add("auth:oidc"));
        assertThat(binding.at("/this/uri").asText()).isEqualTo(ROOT + "/backend/pipes/" + id);
        assertThat(binding.at("/this/issuer").asText()).isEqualTo(ROOT);
        assertThat(binding.at("/this/data/URI").asText()).as("the proto's data").isEqualTo("https://backend.herokuapp.com");
        assertThat(binding.at("/this/schema")).isEqualTo(offerSchema("protos", "https", "this"));
        assertThat(binding.at("/other/schema")).isEqualTo(offerSchema("adapters", "auth:oidc", "other"));

        JsonNode links = binding.path("_links");
        assertThat(links.at("/self/href").asText()).isEqualTo(ROOT + "/backend/pipes/" + id);
        assertThat(links.at("/blueprint/href").asText()).isEqualTo(ROOT + "/backend/offers/https");
        assertThat(links.path("adapters").isArray()).isTrue();
        assertThat(names(links.path("adapters"), "href"))
                .containsExactly(ROOT + "/backend/offers/https/adapters/auth:oidc");
        assertThat(links.at("/proto/href").asText()).isEqualTo(ROOT + "/backend/offers/https/protos/https");

        assertThat(pipe("backend", id)).as("GET shows the binding as created").isEqualTo(binding);
        assertThat(pipeCount("backend", "offers", "https")).isEqualTo(before + 1);
        for (String link : List.of(links.at("/blueprint/href").asText(), links.at("/proto/href").asText(),
                links.at("/adapters/0/href").asText(), links.at("/self/href").asText())) {
            assertThat(get(link.substring(ROOT.length())).status()).as("%s resolves", link).isEqualTo(200);
        }
    }

    @Test
    void bindingANeedWithItsPipeNestedAndChosenTemplatesCombinesTheirSchemas() {
        String id = newId("bind-need");
        try {
            Answer answer = post("/frontend/needs/db/bindings", """
                    {"pipe":{"id":"%s","other":{"uri":"https://provider.example/db/pipes/x",
                     "issuer":"https://provider.example"}},
                     "proto":"postgresqls","adapters":["auth:oidc","auth:server"]}
                    """.formatted(id));

            assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
            JsonNode pipe = answer.json();
            assertThat(pipe.path("id").asText()).isEqualTo(id);
            assertThat(pipe.path("proto").asText()).isEqualTo("postgresqls");
            assertThat(pipe.path("adapters")).isEqualTo(JSON.createArrayNode().add("auth:oidc").add("auth:server"));
            assertThat(pipe.at("/other/uri").asText()).isEqualTo("https://provider.example/db/pipes/x");
            assertThat(pipe.at("/this/schema")).isEqualTo(offerSchema("adapters", "auth:oidc", "other"));
            JsonNode allOf = pipe.at("/other/schema/allOf");
            assertThat(allOf.isArray()).as("several schemas under allOf: %s", pipe.at("/other/schema")).isTrue();
            assertThat(allOf).containsExactly(offerSchema("protos", "postgresqls", "this"),
                    offerSchema("adapters", "auth:server", "this"));
            assertThat(pipe.at("/_links/blueprint/href").asText()).isEqualTo(ROOT + "/frontend/needs/db");
            assertThat(names(pipe.at("/_links/adapters"), "href")).containsExactly(
                    ROOT + "/frontend/needs/db/adapters/auth:oidc", ROOT + "/frontend/needs/db/adapters/auth:server");
            assertThat(pipe.at("/_links/proto/href").asText()).isEqualTo(ROOT + "/frontend/needs/db/protos/postgresqls");
            assertThat(pipeCount("frontend", "needs", "db")).isEqualTo(1);
            assertThat(pipe("frontend", id)).isEqualTo(pipe);
        } finally {
            deleteQuietly("frontend", id);
        }
        assertThat(pipeCount("frontend", "needs", "db")).isZero();
    }

    @Test
    void bindingWithoutABodyGetsAnIdFromTheBroker() {
        Answer answer = send(client, HttpMethod.POST, "/backend/offers/https/bindings", null, null);

        assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
        String id = answer.json().path("id").asText();
        assertThat(id).isNotBlank();
        assertThat(answer.headers().getLocation()).hasToString("/backend/pipes/" + id);
        assertThat(pipe("backend", id).path("proto").asText()).isEqualTo("https");
    }

    @Test
    void patchingABoundPipeOutsideItsProtosSchemaIs400AndChangesNothing() {
        String id = newId("bound-patch");
        assertThat(post("/backend/offers/https/bindings", "{\"id\":\"" + id + "\"}").status()).isEqualTo(201);
        JsonNode before = pipe("backend", id);

        Answer answer = patch("/backend/pipes/" + id, "{\"this\":{\"data\":{\"URI\":\"http://bad.data\"}}}");

        assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
        assertThat(answer.errorFields()).containsExactly("this.data.URI");
        JsonNode after = pipe("backend", id);
        assertThat(after.at("/this/data/URI").asText()).isEqualTo("https://backend.herokuapp.com");
        assertThat(after).isEqualTo(before);
        assertThat(get("/backend/pipes/" + id + "/history").json().size()).as("no event was recorded").isEqualTo(1);

        assertThat(patch("/backend/pipes/" + id, "{\"this\":{\"data\":{\"URI\":\"https://updated.herokuapp.com\"}}}")
                .status()).as("a URI the schema accepts").isEqualTo(202);
        assertThat(pipe("backend", id).at("/this/data/URI").asText()).isEqualTo("https://updated.herokuapp.com");
    }

    @Test
    void bindingWithDataOutsideTheSchemaIs400AndCreatesNothing() {
        String id = newId("bind-bad");
        int before = pipeCount("backend", "offers", "https");

        Answer answer = post("/backend/offers/https/bindings",
                "{\"id\":\"" + id + "\",\"this\":{\"data\":{\"URI\":\"http://insecure.example\"}},"
                        + "\"other\":{\"data\":{\"ISS\":42}}}");

        assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
        assertThat(answer.errorFields()).containsExactlyInAnyOrder("this.data.URI", "other.data.ISS");
        assertThat(pipeStatus("backend", id)).isEqualTo(404);
        assertThat(pipeCount("backend", "offers", "https")).isEqualTo(before);
    }

    @Test
    void deletingABoundPipeFreesItsNeedsSlot() {
        String first = newId("slot");
        String second = newId("slot");
        try {
            assertThat(post("/frontend/needs/backend/bindings", "{\"id\":\"" + first + "\"}").status()).isEqualTo(201);
            assertThat(pipeCount("frontend", "needs", "backend")).isEqualTo(1);
            assertThat(post("/frontend/needs/backend/bindings", "{\"id\":\"" + second + "\"}").status())
                    .as("the need is full").isEqualTo(409);

            assertThat(delete("/frontend/pipes/" + first).status()).isEqualTo(204);

            assertThat(pipeCount("frontend", "needs", "backend")).isZero();
            Answer again = post("/frontend/needs/backend/bindings", "{\"id\":\"" + second + "\"}");
            assertThat(again.status()).as(again.toString()).isEqualTo(201);
            assertThat(pipeCount("frontend", "needs", "backend")).isEqualTo(1);
            assertThat(pipe("frontend", second).path("proto").asText()).isEqualTo("https");
        } finally {
            deleteQuietly("frontend", first);
            deleteQuietly("frontend", second);
        }
        assertThat(pipeCount("frontend", "needs", "backend")).isZero();
    }

    @Test
    void bindingOverAnExistingPipeIs409AndTakesNoSlot() {
        String id = newId("taken");
        String other = newId("taken");
        createPipe("frontend", id, "{\"N\":\"plain\"}");
        try {
            Answer answer = post("/frontend/needs/backend/bindings", "{\"id\":\"" + id + "\"}");

            assertThat(answer.status()).as(answer.toString()).isEqualTo(409);
            assertThat(pipe("frontend", id).at("/this/data/N").asText()).as("the plain pipe is untouched")
                    .isEqualTo("plain");
            assertThat(pipe("frontend", id).has("proto")).isFalse();
            assertThat(pipeCount("frontend", "needs", "backend")).as("the slot was not kept").isZero();
            assertThat(post("/frontend/needs/backend/bindings", "{\"id\":\"" + other + "\"}").status())
                    .as("the need is still free").isEqualTo(201);
        } finally {
            deleteQuietly("frontend", id);
            deleteQuietly("frontend", other);
        }
    }
}
