package dev.junction.query.resource;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mongodb.client.MongoDatabase;
import dev.junction.api.SecretCodec;
import dev.junction.query.support.InProcessMongo;
import dev.junction.query.support.TestStores;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Map;

import static dev.junction.api.testing.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;

/** {@link ResourceDataStore}: answered from memory at once, stored behind, sealed, found again. */
class ResourceDataStoreTest {

    @RegisterExtension
    static final InProcessMongo mongo = new InProcessMongo();

    /** Reverses the text: enough to tell sealed from plain in a test. */
    private static final SecretCodec REVERSED = new SecretCodec() {
        @Override
        public String seal(String plain) {
            return plain == null ? null : new StringBuilder(plain).reverse().toString();
        }

        @Override
        public String open(String sealed) {
            return seal(sealed);
        }
    };

    @Test
    void aChangeIsAnsweredAtOnceStoredSealedAndFoundByTheNextInstance() {
        MongoDatabase database = mongo.freshDatabase();
        ObjectNode data = obj("{'URI':'https://new.example'}");
        try (ResourceDataStore store = TestStores.resourceData(database, REVERSED)) {
            store.save("backend", data);
            assertThat(store.find("backend")).contains(data);
            assertThat(store.flush(Duration.ofSeconds(10))).isTrue();
            Document stored = database.getCollection(ResourceDataStore.COLLECTION)
                    .find(new Document("_id", "backend")).first();
            assertThat(stored).isNotNull();
            assertThat(stored.getString("data")).doesNotContain("https://new.example")
                    .isEqualTo(REVERSED.seal(data.toString()));
        }
        try (ResourceDataStore restarted = TestStores.resourceData(database, REVERSED)) {
            assertThat(restarted.find("backend")).contains(data);
        }
    }

    @Test
    void closeStoresWhatIsStillPending() {
        MongoDatabase database = mongo.freshDatabase();
        ResourceDataStore store = TestStores.resourceData(database, SecretCodec.NONE);
        for (int i = 0; i < 100; i++) {
            store.save("r" + i, obj("{'N':'" + i + "'}"));
        }
        store.save("r7", obj("{'N':'latest'}"));
        store.close();
        assertThat(database.getCollection(ResourceDataStore.COLLECTION).countDocuments()).isEqualTo(100);
        try (ResourceDataStore restarted = TestStores.resourceData(database, SecretCodec.NONE)) {
            assertThat(restarted.find("r7")).contains(obj("{'N':'latest'}"));
        }
    }

    @Test
    void replaceAllDropsStoredAndPendingChanges() {
        MongoDatabase database = mongo.freshDatabase();
        try (ResourceDataStore store = TestStores.resourceData(database, SecretCodec.NONE)) {
            store.save("a", obj("{'K':'1'}"));
            store.flush(Duration.ofSeconds(10));
            store.save("b", obj("{'K':'2'}"));
            store.replaceAll(Map.of("c", obj("{'K':'3'}")), Duration.ofSeconds(10));
            assertThat(store.find("a")).isEmpty();
            assertThat(store.find("b")).isEmpty();
            assertThat(store.find("c")).contains(obj("{'K':'3'}"));
            assertThat(store.flush(Duration.ofSeconds(10))).isTrue();
            assertThat(database.getCollection(ResourceDataStore.COLLECTION).countDocuments()).isEqualTo(1);
        }
    }
}
