package dev.junction.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.junction.api.resource.ResourceQueries.ListLivePipeIds;
import dev.junction.api.resource.ResourceQueries.PipeIds;
import dev.junction.query.blueprint.BlueprintSlotsStore;
import dev.junction.query.pipe.PipeViewStore;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Junction's operator routes: the OpenAPI document, health probes and the read-model rebuild. */
class OperationsApiTest extends ApiTestSupport {

    @Autowired
    MongoDatabase readModels;

    @Autowired
    PipeViewStore pipeViews;

    @Autowired
    QueryGateway queries;

    @Test
    void theOpenApiDocumentIsPublicYaml() throws Exception {
        Answer answer = send(anonymous, HttpMethod.GET, "/openapi.yaml", null, null);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.headers().getContentType()).isNotNull();
        assertThat(answer.headers().getContentType().isCompatibleWith(MediaType.parseMediaType("application/yaml")))
                .as("content type %s", answer.headers().getContentType()).isTrue();
        JsonNode document = new ObjectMapper(new YAMLFactory()).readTree(answer.body());
        assertThat(document.path("openapi").asText()).startsWith("3.");
    }

    @Test
    void readinessIsPublicAndChecksBothDatabases() {
        Answer answer = send(client, HttpMethod.GET, "/actuator/health/readiness", null, null);

        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        JsonNode health = answer.json();
        assertThat(health.path("status").asText()).isEqualTo("UP");
        assertThat(health.at("/components/db/status").asText()).as("the event store").isEqualTo("UP");
        assertThat(health.at("/components/mongo/status").asText()).as("the read models").isEqualTo("UP");
        assertThat(health.at("/components/mongo/details/database").asText()).isEqualTo("junction");
        assertThat(health.at("/components/readinessState/status").asText()).isEqualTo("UP");

        Answer anonymousReadiness = send(anonymous, HttpMethod.GET, "/actuator/health/readiness", null, null);
        assertThat(anonymousReadiness.status()).isEqualTo(200);
        assertThat(anonymousReadiness.json().path("status").asText()).isEqualTo("UP");
        assertThat(send(anonymous, HttpMethod.GET, "/actuator/health/liveness", null, null).status()).isEqualTo(200);
    }

    @Test
    void healthShowsItsDetailsToUsersOnly() {
        Answer anonymousHealth = send(anonymous, HttpMethod.GET, "/actuator/health", null, null);
        Answer wrongCredentials = send(client(TestBroker.USER, "not-the-password"), HttpMethod.GET,
                "/actuator/health", null, null);
        Answer userHealth = send(client, HttpMethod.GET, "/actuator/health", null, null);

        for (Answer answer : java.util.List.of(anonymousHealth, wrongCredentials)) {
            assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
            assertThat(answer.json().path("status").asText()).isEqualTo("UP");
            assertThat(answer.json().has("components")).as(answer.body()).isFalse();
            assertThat(answer.body()).doesNotContain("diskSpace").doesNotContain("junction").doesNotContain("path");
        }
        assertThat(userHealth.status()).isEqualTo(200);
        assertThat(userHealth.json().at("/components/diskSpace/details/path").isMissingNode()).isFalse();
        assertThat(userHealth.json().at("/components/mongo/details/database").asText()).isEqualTo("junction");
    }

    @Test
    void commandAndProcessorMetricsAreThereWithoutCapacityMonitors() {
        createPipe("backend", newId("metrics"), "{\"N\":\"1\"}");
        // no route sends a query (the platform-change handler does), so one is sent here for the bus to have metrics
        queries.query(new ListLivePipeIds("backend"), PipeIds.class).join();

        Answer answer = send(client, HttpMethod.GET, "/actuator/metrics", null, null);

        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        java.util.List<String> names = new java.util.ArrayList<>();
        answer.json().path("names").forEach(n -> names.add(n.asText()));
        assertThat(names).as("Axon's command bus metrics").anyMatch(n -> n.startsWith("commandBus."));
        assertThat(names).as("Axon's event processor metrics").anyMatch(n -> n.startsWith("eventProcessor."));
        // a capacity monitor keeps every message of the last ten minutes in memory (LeanMetricRegistry)
        assertThat(names).filteredOn(n -> n.startsWith("commandBus.") || n.startsWith("eventProcessor.")
                || n.startsWith("queryBus.")).noneMatch(n -> n.endsWith(".capacity"));
        assertThat(names).contains("commandBus.messages", "eventProcessor.messages", "queryBus.messages");

        Answer created = send(client, HttpMethod.GET,
                "/actuator/metrics/commandBus.messages?tag=payloadType:CreatePipe&tag=outcome:success", null, null);
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        double count = 0;
        for (com.fasterxml.jackson.databind.JsonNode m : created.json().path("measurements")) {
            if ("COUNT".equals(m.path("statistic").asText())) {
                count = m.path("value").asDouble();
            }
        }
        assertThat(count).as("pipe creations counted").isGreaterThanOrEqualTo(1);
    }

    @Test
    void rebuildRestoresReadModelsThatLostDocumentsFromTheEventStore() {
        String kept = newId("rebuild");
        String patched = newId("rebuild");
        String deleted = newId("rebuild");
        String bound = newId("rebuild");
        createPipe("backend", kept, "{\"N\":\"kept\"}");
        createPipe("backend", patched, "{\"N\":\"1\"}");
        assertThat(patch("/backend/pipes/" + patched, "{\"this\":{\"data\":{\"N\":\"2\"}}}").status()).isEqualTo(202);
        createPipe("backend", deleted, "{\"N\":\"gone\"}");
        assertThat(delete("/backend/pipes/" + deleted).status()).isEqualTo(204);
        assertThat(post("/backend/offers/https/bindings", "{\"id\":\"" + bound + "\"}").status()).isEqualTo(201);
        JsonNode keptBefore = pipe("backend", kept);
        JsonNode patchedBefore = pipe("backend", patched);
        JsonNode boundBefore = pipe("backend", bound);
        int countBefore = pipeCount("backend", "offers", "https");

        // views are written behind: store them all first, so the loss below is not undone by a late write
        assertThat(pipeViews.flush(Duration.ofSeconds(10))).as("pending views stored").isTrue();
        // lose documents behind the broker's back, as a failed projection write or a lost data file would
        readModels.getCollection(PipeViewStore.COLLECTION).deleteMany(Filters.in("_id",
                "backend/" + kept, "backend/" + patched, "backend/" + bound));
        readModels.getCollection(BlueprintSlotsStore.COLLECTION).updateOne(Filters.eq("_id", "backend/offers/https"),
                Updates.pull("pipes", "backend/" + bound));
        // queries answer from views kept in memory for up to a second; after that MongoDB's loss shows
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(pipeStatus("backend", kept)).isEqualTo(404));
        assertThat(pipeCount("backend", "offers", "https")).isEqualTo(countBefore - 1);

        Answer answer = post("/admin/read-models/rebuild", null);

        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        JsonNode report = answer.json();
        assertThat(report.path("events").asLong()).isGreaterThanOrEqualTo(7);
        assertThat(report.path("pipes").asLong()).isEqualTo(readModels.getCollection(PipeViewStore.COLLECTION)
                .countDocuments(Filters.eq("deleted", false)));
        assertThat(pipe("backend", kept)).isEqualTo(keptBefore);
        assertThat(pipe("backend", patched)).isEqualTo(patchedBefore);
        assertThat(pipe("backend", bound)).isEqualTo(boundBefore);
        assertThat(pipeStatus("backend", deleted)).isEqualTo(404);
        assertThat(pipeIds("backend")).contains(kept, patched, bound).doesNotContain(deleted);
        assertThat(pipeCount("backend", "offers", "https")).isEqualTo(countBefore);

        assertThat(patch("/backend/pipes/" + patched, "{\"this\":{\"data\":{\"N\":\"3\"}}}").status())
                .as("the rebuilt view keeps following the events").isEqualTo(202);
        assertThat(pipe("backend", patched).at("/this/data/N").asText()).isEqualTo("3");
    }
}
