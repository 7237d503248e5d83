package dev.junction.infra.store;

import com.mongodb.MongoNamespace;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.RenameCollectionOptions;
import com.mongodb.client.model.ReplaceOptions;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.AbstractMongoBackend;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/** A collection renamed in the embedded MongoDB-wire server (a rebuild's swap) keeps its documents across a restart. */
class EmbeddedMongoBackendTest {

    @TempDir
    Path dir;

    @Test
    void aRenamedCollectionKeepsItsDocumentsAndItsIdIndexAfterARestart() {
        String file = dir.resolve("readmodels.mv").toString();
        withServer(file, db -> {
            db.getCollection("pipes").insertOne(new Document("_id", "stale").append("v", 1));
            db.createCollection("pipes_rebuild_1");
            db.getCollection("pipes_rebuild_1").insertMany(List.of(new Document("_id", "a").append("v", 2),
                    new Document("_id", "b").append("v", 2)));
            db.getCollection("pipes_rebuild_1").renameCollection(new MongoNamespace(db.getName(), "pipes"),
                    new RenameCollectionOptions().dropTarget(true));
            db.getCollection("pipes").replaceOne(Filters.eq("_id", "c"), new Document("_id", "c").append("v", 3),
                    new ReplaceOptions().upsert(true));
        });
        withServer(file, db -> {
            assertThat(db.listCollectionNames().into(new ArrayList<>())).containsExactly("pipes");
            assertThat(db.getCollection("pipes").find().map(d -> d.getString("_id")).into(new ArrayList<>()))
                    .containsExactlyInAnyOrder("a", "b", "c");
            assertThat(db.getCollection("pipes").find(Filters.eq("_id", "b")).first()).containsEntry("v", 2);
            assertThat(db.getCollection("pipes").find(Filters.eq("_id", "stale")).first()).isNull();
            db.getCollection("pipes").replaceOne(Filters.eq("_id", "a"), new Document("_id", "a").append("v", 4),
                    new ReplaceOptions().upsert(true));
            assertThat(db.getCollection("pipes").countDocuments()).as("a replace by _id finds the document").isEqualTo(3);
        });
    }

    /**
     * Documents written by the library's own H2 backend (an earlier release) are found by their ids after
     * Junction's backend opens the file with its faster index key type, and the index maps use that type.
     */
    @Test
    void indexesComparedTheFastWayFindWhatTheLibrarysBackendStored() {
        String file = dir.resolve("readmodels.mv").toString();
        withServer(new H2Backend(file), db -> {
            for (int i = 0; i < 2_000; i++) {
                db.getCollection("pipes").insertOne(new Document("_id", "db/pipe-" + i + "-é").append("v", i));
            }
        });
        EmbeddedMongoBackend backend = new EmbeddedMongoBackend(file);
        withServer(backend, db -> {
            for (int i = 0; i < 2_000; i += 7) {
                assertThat(db.getCollection("pipes").find(Filters.eq("_id", "db/pipe-" + i + "-é")).first())
                        .as("pipe %d", i).containsEntry("v", i);
            }
            db.getCollection("pipes").replaceOne(Filters.eq("_id", "db/pipe-5-é"), new Document("_id", "db/pipe-5-é")
                    .append("v", -5), new ReplaceOptions().upsert(true));
            assertThat(db.getCollection("pipes").countDocuments()).as("a replace by _id finds the document").isEqualTo(2_000);
            String index = backend.getMvStore().getMapNames().stream().filter(n -> n.contains("._index_")).findFirst()
                    .orElseThrow();
            assertThat(backend.getMvStore().openMap(index).getKeyType()).isInstanceOf(SerializedOrderKeyType.class);
        });
    }

    private static void withServer(String file, Consumer<MongoDatabase> use) {
        withServer(new EmbeddedMongoBackend(file), use);
    }

    private static void withServer(AbstractMongoBackend backend, Consumer<MongoDatabase> use) {
        MongoServer server = new MongoServer(backend);
        server.bind("127.0.0.1", 0);
        try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + server.getLocalAddress().getPort())) {
            use.accept(client.getDatabase("junction"));
        } finally {
            server.shutdown();
        }
    }
}
