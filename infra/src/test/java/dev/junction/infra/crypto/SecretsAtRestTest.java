package dev.junction.infra.crypto;

import com.mongodb.client.MongoDatabase;
import dev.junction.infra.peer.JunctionTestBase;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Pipe data often holds credentials: neither the event store (PostgreSQL) nor the read models
 * (MongoDB) hold it in plain text, while the API still answers it.
 */
class SecretsAtRestTest extends JunctionTestBase {

    private static final List<String> TABLES = List.of("domainevententry", "snapshotevententry", "sagaentry",
            "associationvalueentry", "tokenentry", "deadletterentry", "scheduled_tasks", "seen_token");

    @Autowired
    DataSource dataSource;

    @Autowired
    MongoDatabase mongo;

    @Test
    void pipeDataIsEncryptedInTheEventStoreAndTheReadModels() {
        String created = "created-secret-" + UUID.randomUUID();
        String patched = "patched-secret-" + UUID.randomUUID();
        String fromPeer = "peer-secret-" + UUID.randomUUID();
        String id = uniqueId("secret");
        String peerPipe = PEER.pipeUri("db", "src-" + id);
        createPipe("db", id, Map.of("PASSWORD", created), Map.of("uri", peerPipe, "issuer", PEER.root()));
        assertThat(call("PATCH", "/db/pipes/" + id, "{\"this\":{\"data\":{\"TOKEN\":\"" + patched + "\"}}}")
                .status()).isEqualTo(202);
        assertThat(PEER.sendUpdate(junctionPipeUri("db", id), peerPipe, Map.of("PASS", fromPeer))).isEqualTo(202);
        // a webhook sink that fails parks the resource's events in the dead-letter queue: they hold the data too
        WEBHOOKS.answer("/vault", () -> 500);
        createPipe("vault", uniqueId("secret"), Map.of("PASSWORD", created), null);
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        await().atMost(PATIENCE).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM deadletterentry WHERE sequenceidentifier = 'vault'", Integer.class) > 0);

        String pipe = getPipe("db", id).toString();
        assertThat(pipe).contains(created, patched, fromPeer);
        assertThat(history("db", id).toString()).contains(created, patched, fromPeer);

        List<Map<String, Object>> events = jdbc.queryForList(
                "SELECT payloadtype, payload, metadata FROM domainevententry WHERE aggregateidentifier = ?",
                "db/" + id);
        assertThat(events).extracting(e -> e.get("payloadtype")).asString().contains("PipeCreated");
        for (String table : TABLES) {
            for (Map<String, Object> row : jdbc.queryForList("SELECT * FROM " + table)) {
                for (Map.Entry<String, Object> column : row.entrySet()) {
                    for (String secret : List.of(created, patched, fromPeer)) {
                        assertThat(contains(column.getValue(), secret))
                                .as("%s.%s holds %s in plain text", table, column.getKey(), secret).isFalse();
                    }
                }
            }
        }

        List<String> collections = new ArrayList<>();
        mongo.listCollectionNames().into(collections);
        assertThat(collections).contains("pipes");
        Document view = mongo.getCollection("pipes").find(new Document("_id", "db/" + id)).first();
        assertThat(view).isNotNull();
        assertThat(view.get("this", Document.class).getString("data")).startsWith("enc1:");
        for (String collection : collections) {
            for (Document doc : mongo.getCollection(collection).find()) {
                String json = doc.toJson();
                assertThat(json).as("MongoDB %s", collection).doesNotContain(created, patched, fromPeer);
            }
        }
        WEBHOOKS.answer("/vault", () -> 204);
    }

    private static boolean contains(Object value, String secret) {
        if (value == null) {
            return false;
        }
        if (value instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.ISO_8859_1).contains(secret);
        }
        return value.toString().contains(secret);
    }
}
