package dev.junction.infra.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.infra.it.BrokerHttp.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two Junction brokers as two OS processes, the cloudpipe demo's provider (provider.yaml: {@code db}
 * and {@code backend}) and consumer (consumer.yaml: {@code frontend}), driven over HTTP as a user
 * would drive them, with the flows of the reference broker's scripts:
 * <ol>
 *   <li>manual configuration (test-pipe.sh): the user copies the provider's URI into the consumer;</li>
 *   <li>blueprint configuration (test-bind.sh, test-bind-valid.sh): needs and offers are matched,
 *       both ends are bound, a need's pipe limit holds and schema-violating data is refused;</li>
 *   <li>a restart of the provider on the same data directory keeps its pipes, counts and history.</li>
 * </ol>
 * The tests run in this order and share the two brokers: the restart checks what the flows before
 * it left behind.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoBrokersIT {

    private static final String BACKEND_URI = "https://backend.herokuapp.com";
    private static final String DB_URI = "postgresql://user:password@db.example.com:5432/mydb";

    private BrokerProcess provider;
    private BrokerProcess consumer;
    private BrokerHttp providerHttp;
    private BrokerHttp consumerHttp;

    @BeforeAll
    void startBrokers() {
        // Launch both before waiting on either, so that they boot side by side.
        provider = BrokerProcess.launch("provider", BrokerProcess.example("provider.yaml"));
        consumer = BrokerProcess.launch("consumer", BrokerProcess.example("consumer.yaml"));
        provider.awaitReady();
        consumer.awaitReady();
        providerHttp = new BrokerHttp(provider);
        consumerHttp = new BrokerHttp(consumer);
        System.out.println("started " + provider + " and " + consumer);
    }

    @AfterAll
    void stopBrokers() {
        try {
            if (consumer != null) {
                consumer.close();
            }
        } finally {
            if (provider != null) {
                provider.close();
            }
        }
    }

    /** test-pipe.sh: the user reads the provider's URI and posts it to the consumer's pipe, then keeps it in sync by hand. */
    @Test
    @Order(1)
    void manualFlow() {
        assertThat(providerHttp.anonymous().get("/db/pipes").status())
                .as("user routes require credentials").isEqualTo(401);

        // create the db pipe on the provider
        Response created = providerHttp.post("/db/pipes", Map.of("id", "frontend"));
        assertThat(created.status()).as("%s", created).isEqualTo(201);
        assertThat(created.header("Location")).as("%s", created).hasValue("/db/pipes/frontend");
        JsonNode providerPipe = providerHttp.get("/db/pipes/frontend").json();
        assertThat(providerPipe.path("id").asText()).isEqualTo("frontend");
        assertThat(providerPipe.path("this").path("uri").asText()).isEqualTo(provider.rootUrl() + "/db/pipes/frontend");
        assertThat(providerPipe.path("this").path("issuer").asText()).isEqualTo(provider.rootUrl());
        assertThat(providerPipe.path("_links").path("self").path("href").asText())
                .isEqualTo(provider.rootUrl() + "/db/pipes/frontend");

        // get the URI value from the pipe: the resource's default data
        String url = providerPipe.path("this").path("data").path("URI").asText(null);
        assertThat(url).as("this.data.URI of %s", providerPipe).isEqualTo(DB_URI);

        // create the frontend pipe on the consumer with that URI as the other end's data
        Response consumerCreated = consumerHttp.post("/frontend/pipes",
                Map.of("id", "db", "other", Map.of("data", Map.of("DATABASE_URL", url))));
        assertThat(consumerCreated.status()).as("%s", consumerCreated).isEqualTo(201);
        assertThat(consumerCreated.header("Location")).as("%s", consumerCreated).hasValue("/frontend/pipes/db");

        Response consumerRead = consumerHttp.get("/frontend/pipes/db");
        assertThat(consumerRead.status()).as("%s", consumerRead).isEqualTo(200);
        JsonNode consumerPipe = consumerRead.json();
        assertThat(consumerPipe.path("other").path("data").path("DATABASE_URL").asText(null))
                .as("the consumer holds the provider's URI: %s", consumerPipe).isEqualTo(url);
        assertThat(consumerPipe.path("this").path("uri").asText())
                .isEqualTo(consumer.rootUrl() + "/frontend/pipes/db");
        assertThat(consumerPipe.path("this").path("issuer").asText()).isEqualTo(consumer.rootUrl());

        // the provider's data changes: the user patches it, then copies it to the consumer again
        String rotated = "postgresql://user:rotated@db.example.com:5432/mydb";
        Response patched = providerHttp.patch("/db/pipes/frontend", Map.of("this", Map.of("data", Map.of("URI", rotated))));
        assertThat(patched.status()).as("%s", patched).isEqualTo(202);
        assertThat(patched.body()).as("PATCH answers with an empty body").isEmpty();
        String newUrl = providerHttp.get("/db/pipes/frontend").json().path("this").path("data").path("URI").asText(null);
        assertThat(newUrl).isEqualTo(rotated);

        Response copied = consumerHttp.patch("/frontend/pipes/db",
                Map.of("other", Map.of("data", Map.of("DATABASE_URL", newUrl))));
        assertThat(copied.status()).as("%s", copied).isEqualTo(202);
        JsonNode consumerAfter = consumerHttp.get("/frontend/pipes/db").json();
        assertThat(consumerAfter.path("other").path("data").path("DATABASE_URL").asText(null))
                .as("%s", consumerAfter).isEqualTo(rotated);
        assertThat(consumerAfter.path("this"))
                .as("patching the other end leaves this end alone").isEqualTo(consumerPipe.path("this"));

        // delete both ends
        Response deletedProvider = providerHttp.delete("/db/pipes/frontend");
        assertThat(deletedProvider.status()).as("%s", deletedProvider).isEqualTo(204);
        Response deletedConsumer = consumerHttp.delete("/frontend/pipes/db");
        assertThat(deletedConsumer.status()).as("%s", deletedConsumer).isEqualTo(204);
        assertThat(providerHttp.get("/db/pipes/frontend").status()).isEqualTo(404);
        assertThat(consumerHttp.get("/frontend/pipes/db").status()).isEqualTo(404);
        assertThat(ids(providerHttp.get("/db/pipes"))).doesNotContain("frontend");
        assertThat(ids(consumerHttp.get("/frontend/pipes"))).doesNotContain("db");
    }

    /** test-bind-valid.sh and the binding half of test-bind.sh, with the user matching needs to offers first. */
    @Test
    @Order(2)
    void blueprintFlow() {
        // the user finds the compatible proto and adapters in the consumer's needs and the provider's offers
        Response needsResponse = consumerHttp.get("/frontend/needs");
        Response offersResponse = providerHttp.get("/backend/offers");
        assertThat(needsResponse.status()).as("%s", needsResponse).isEqualTo(200);
        assertThat(offersResponse.status()).as("%s", offersResponse).isEqualTo(200);
        JsonNode needs = needsResponse.json();
        JsonNode offers = offersResponse.json();
        assertThat(needs.isArray()).as("needs are an array: %s", needs).isTrue();
        assertThat(offers.isArray()).as("offers are an array: %s", offers).isTrue();
        List<String> compatible = new ArrayList<>();
        for (JsonNode need : needs) {
            for (JsonNode offer : offers) {
                Set<String> protos = common(need.path("protos"), offer.path("protos"));
                Set<String> adapters = common(need.path("adapters"), offer.path("adapters"));
                if (!protos.isEmpty()) {
                    compatible.add(need.path("name").asText() + "->" + offer.path("name").asText()
                            + " protos=" + protos + " adapters=" + adapters);
                }
            }
        }
        assertThat(compatible).as("needs %s, offers %s", needs, offers)
                .containsExactly("backend->https protos=[https] adapters=[auth:oidc]");

        JsonNode offer = offers.get(0);
        assertThat(offer.path("name").asText()).isEqualTo("https");
        // an offer's proto describes this end; the matching need sees the same schema on its other end
        JsonNode offerProto = offer.path("protos").get(0);
        assertThat(offerProto.path("this").path("properties").path("URI").path("pattern").asText()).isEqualTo("^https://");
        JsonNode needProto = byName(needs, "backend").path("protos").get(0);
        assertThat(needProto.path("other").path("properties").path("URI").path("pattern").asText()).isEqualTo("^https://");
        assertThat(needProto.has("this")).as("%s", needProto).isFalse();
        String expectedProto = providerHttp.get("/backend/offers/https/protos").json().path(0).path("id").asText();
        String expectedAdapter = providerHttp.get("/backend/offers/https").json().path("defaultAdapters").path(0).asText();
        assertThat(expectedProto).isEqualTo("https");
        assertThat(expectedAdapter).isEqualTo("auth:oidc");

        // bind the provider's offer with nothing but an id: proto and adapters take their defaults
        Response bound = providerHttp.post("/backend/offers/https/bindings", Map.of("id", "frontend"));
        assertThat(bound.status()).as("%s", bound).isEqualTo(201);
        assertThat(bound.header("Location")).as("%s", bound).hasValue("/backend/pipes/frontend");
        JsonNode binding = bound.json();
        String root = provider.rootUrl();
        String pipeUri = root + "/backend/pipes/frontend";
        assertThat(binding.path("proto").asText()).as("%s", binding).isEqualTo(expectedProto);
        assertThat(texts(binding.path("adapters"))).as("%s", binding).containsExactly(expectedAdapter);
        assertThat(binding.path("this").path("uri").asText()).isEqualTo(pipeUri);
        assertThat(binding.path("this").path("issuer").asText()).isEqualTo(root);
        assertThat(binding.path("this").path("data").path("URI").asText(null)).isEqualTo(BACKEND_URI);
        assertBindingLinks(binding, root, pipeUri);

        // read back through the self link, as test-bind-valid.sh does
        String self = binding.path("_links").path("self").path("href").asText();
        Response read = providerHttp.get(self.substring(root.length()));
        assertThat(read.status()).as("%s", read).isEqualTo(200);
        JsonNode providerPipe = read.json();
        assertBindingLinks(providerPipe, root, pipeUri);
        assertThat(providerPipe.path("this").path("data").path("URI").asText(null)).isEqualTo(BACKEND_URI);
        String providerPipeUri = providerPipe.path("this").path("uri").asText();
        assertThat(providerPipeUri).isEqualTo(pipeUri);

        // bind the consumer's need, pointing its other end at the provider's pipe; "Issuer" as one reference script spells it
        String otherEnd = "{\"uri\":\"" + providerPipeUri + "\",\"Issuer\":\"" + root + "\"}";
        Response needBound = consumerHttp.post("/frontend/needs/backend/bindings",
                "{\"id\":\"backend\",\"other\":" + otherEnd + "}");
        assertThat(needBound.status()).as("%s", needBound).isEqualTo(201);
        assertThat(needBound.header("Location")).as("%s", needBound).hasValue("/frontend/pipes/backend");
        JsonNode consumerBinding = needBound.json();
        assertThat(consumerBinding.path("proto").asText()).isEqualTo("https");
        assertThat(texts(consumerBinding.path("adapters"))).containsExactly("auth:oidc");
        assertThat(consumerBinding.path("_links").path("blueprint").path("href").asText())
                .isEqualTo(consumer.rootUrl() + "/frontend/needs/backend");
        JsonNode consumerPipe = consumerHttp.get("/frontend/pipes/backend").json();
        assertThat(consumerPipe.path("other").path("uri").asText(null)).as("%s", consumerPipe).isEqualTo(providerPipeUri);
        assertThat(consumerPipe.path("other").path("issuer").asText(null))
                .as("the capitalised Issuer is the other end's issuer: %s", consumerPipe).isEqualTo(root);
        assertThat(consumerPipe.path("this").path("uri").asText())
                .isEqualTo(consumer.rootUrl() + "/frontend/pipes/backend");

        // a need holds one pipe
        JsonNode need = consumerHttp.get("/frontend/needs/backend").json();
        assertThat(need.path("maxPipes").asInt(-1)).as("%s", need).isEqualTo(1);
        assertThat(need.path("pipeCount").asInt(-1)).as("%s", need).isEqualTo(1);
        Response second = consumerHttp.post("/frontend/needs/backend/bindings",
                "{\"id\":\"backend-2\",\"other\":" + otherEnd + "}");
        assertThat(second.status()).as("%s", second).isEqualTo(409);
        assertThat(consumerHttp.get("/frontend/pipes/backend-2").status())
                .as("a refused binding makes no pipe").isEqualTo(404);
        assertThat(consumerHttp.get("/frontend/needs/backend").json().path("pipeCount").asInt(-1)).isEqualTo(1);

        // data that violates the proto's schema is refused, naming the field, and changes nothing
        Response history = providerHttp.get("/backend/pipes/frontend/history");
        Response bad = providerHttp.patch("/backend/pipes/frontend", "{\"this\":{\"data\":{\"URI\":\"http://bad.data\"}}}");
        assertThat(bad.status()).as("%s", bad).isEqualTo(400);
        assertThat(bad.body()).as("the error names the field").contains("this.data.URI");
        JsonNode after = providerHttp.get("/backend/pipes/frontend").json();
        assertThat(after.path("this").path("data").path("URI").asText(null)).as("%s", after).isEqualTo(BACKEND_URI);
        assertThat(after).as("the refused PATCH left the pipe unchanged").isEqualTo(providerPipe);
        assertThat(providerHttp.get("/backend/pipes/frontend/history").json())
                .as("the refused PATCH recorded no event").isEqualTo(history.json());
    }

    /** Stops the provider and starts it on the same port and data directory: its state comes back from disk. */
    @Test
    @Order(3)
    void providerRestartKeepsItsPipes() {
        // what the flows above left on the provider
        Response pipesBefore = providerHttp.get("/backend/pipes");
        Response pipeBefore = providerHttp.get("/backend/pipes/frontend");
        Response offerBefore = providerHttp.get("/backend/offers/https");
        Response historyBefore = providerHttp.get("/backend/pipes/frontend/history");
        Response deletedHistoryBefore = providerHttp.get("/db/pipes/frontend/history");
        assertThat(pipeBefore.status()).as("the blueprint flow bound backend/pipes/frontend: %s", pipeBefore)
                .isEqualTo(200);
        assertThat(ids(pipesBefore)).containsExactly("frontend");
        assertThat(offerBefore.json().path("pipeCount").asInt(-1)).as("%s", offerBefore).isEqualTo(1);
        assertThat(types(historyBefore)).as("%s", historyBefore).containsExactly("PipeCreated");
        assertThat(types(deletedHistoryBefore)).as("the manual flow's provider pipe: %s", deletedHistoryBefore)
                .containsExactly("PipeCreated", "ThisEndUpdated", "PipeDeleted");

        long oldPid = provider.pid();
        int port = provider.port();
        provider.restart();
        assertThat(provider.pid()).as("a new process").isNotEqualTo(oldPid);
        assertThat(ProcessHandle.of(oldPid).map(ProcessHandle::isAlive).orElse(false))
                .as("the old process is gone").isFalse();
        assertThat(provider.port()).isEqualTo(port);

        assertSameAnswer(providerHttp.get("/backend/pipes"), pipesBefore);
        assertSameAnswer(providerHttp.get("/backend/pipes/frontend"), pipeBefore);
        assertSameAnswer(providerHttp.get("/backend/offers/https"), offerBefore);
        assertSameAnswer(providerHttp.get("/backend/pipes/frontend/history"), historyBefore);
        assertSameAnswer(providerHttp.get("/db/pipes/frontend/history"), deletedHistoryBefore);
        assertThat(providerHttp.get("/db/pipes/frontend").status()).as("a deleted pipe stays deleted").isEqualTo(404);

        // the restarted broker decides from the restored state: the id is taken, and updates build on the old stream
        Response again = providerHttp.post("/backend/offers/https/bindings", Map.of("id", "frontend"));
        assertThat(again.status()).as("%s", again).isEqualTo(409);
        String updated = "https://updated.herokuapp.com";
        Response patched = providerHttp.patch("/backend/pipes/frontend", Map.of("this", Map.of("data", Map.of("URI", updated))));
        assertThat(patched.status()).as("%s", patched).isEqualTo(202);
        assertThat(providerHttp.get("/backend/pipes/frontend").json().path("this").path("data").path("URI").asText(null))
                .isEqualTo(updated);
        Response historyAfter = providerHttp.get("/backend/pipes/frontend/history");
        assertThat(types(historyAfter)).as("%s", historyAfter).containsExactly("PipeCreated", "ThisEndUpdated");
        assertThat(historyAfter.json().path(1).path("sequence").asLong(-1)).isEqualTo(1);
        assertThat(providerHttp.get("/backend/offers/https").json().path("pipeCount").asInt(-1)).isEqualTo(1);
    }

    private static void assertBindingLinks(JsonNode pipe, String root, String pipeUri) {
        JsonNode links = pipe.path("_links");
        assertThat(links.path("self").path("href").asText()).as("%s", pipe).isEqualTo(pipeUri);
        assertThat(links.path("blueprint").path("href").asText()).as("%s", pipe).isEqualTo(root + "/backend/offers/https");
        assertThat(links.path("adapters").size()).as("%s", pipe).isEqualTo(1);
        assertThat(links.path("adapters").path(0).path("href").asText()).as("%s", pipe)
                .isEqualTo(root + "/backend/offers/https/adapters/auth:oidc");
        assertThat(links.path("proto").path("href").asText()).as("%s", pipe)
                .isEqualTo(root + "/backend/offers/https/protos/https");
    }

    private static void assertSameAnswer(Response after, Response before) {
        assertThat(after.status()).as("after the restart: %s; before: %s", after, before).isEqualTo(before.status());
        assertThat(after.json()).as("after the restart: %s; before: %s", after, before).isEqualTo(before.json());
    }

    /** The ids of the templates two blueprints have in common. */
    private static Set<String> common(JsonNode a, JsonNode b) {
        Set<String> ids = new LinkedHashSet<>();
        for (JsonNode x : a) {
            for (JsonNode y : b) {
                if (x.path("id").asText().equals(y.path("id").asText())) {
                    ids.add(x.path("id").asText());
                }
            }
        }
        return ids;
    }

    private static JsonNode byName(JsonNode blueprints, String name) {
        for (JsonNode bp : blueprints) {
            if (name.equals(bp.path("name").asText())) {
                return bp;
            }
        }
        throw new AssertionError("no blueprint " + name + " in " + blueprints);
    }

    private static List<String> texts(JsonNode array) {
        assertThat(array.isArray()).as("an array: %s", array).isTrue();
        List<String> texts = new ArrayList<>();
        array.forEach(n -> texts.add(n.asText()));
        return texts;
    }

    /** The ids of a pipe list (the spec's array). */
    private static List<String> ids(Response list) {
        assertThat(list.status()).as("%s", list).isEqualTo(200);
        JsonNode json = list.json();
        assertThat(json.isArray()).as("the pipe list is an array: %s", list).isTrue();
        List<String> ids = new ArrayList<>();
        json.forEach(p -> ids.add(p.path("id").asText()));
        return ids;
    }

    /** The event types of a history answer, in order. */
    private static List<String> types(Response history) {
        assertThat(history.status()).as("%s", history).isEqualTo(200);
        List<String> types = new ArrayList<>();
        history.json().forEach(e -> types.add(e.path("type").asText()));
        return types;
    }
}
