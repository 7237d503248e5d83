package dev.junction.query.resource;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mongodb.client.MongoDatabase;
import dev.junction.api.SecretCodec;
import dev.junction.api.resource.ResourceMessages.FindResourceData;
import dev.junction.query.pipe.PipeViewStore;
import dev.junction.query.support.InProcessMongo;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

import static dev.junction.query.support.TestJson.obj;
import static org.assertj.core.api.Assertions.assertThat;

/** {@link ResourceDataProjection}: answered from memory at once, stored behind, sealed, found again. */
class ResourceDataProjectionTest {

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
        PipeViewStore pipes = new PipeViewStore(database);
        ObjectNode data = obj("{'URI':'https://new.example'}");
        try (ResourceDataProjection projection = new ResourceDataProjection(database, pipes, REVERSED)) {
            projection.save("backend", data);
            assertThat(projection.handle(new FindResourceData("backend"))).contains(data);
            assertThat(projection.flush(Duration.ofSeconds(10))).isTrue();
            Document stored = database.getCollection(ResourceDataProjection.COLLECTION)
                    .find(new Document("_id", "backend")).first();
            assertThat(stored).isNotNull();
            assertThat(stored.getString("data")).doesNotContain("https://new.example")
                    .isEqualTo(REVERSED.seal(data.toString()));
        }
        try (ResourceDataProjection restarted = new ResourceDataProjection(database, pipes, REVERSED)) {
            assertThat(restarted.handle(new FindResourceData("backend"))).contains(data);
        }
        pipes.close();
    }

    @Test
    void closeStoresWhatIsStillPending() {
        MongoDatabase database = mongo.freshDatabase();
        PipeViewStore pipes = new PipeViewStore(database);
        ResourceDataProjection projection = new ResourceDataProjection(database, pipes, SecretCodec.NONE);
        for (int i = 0; i < 100; i++) {
            projection.save("r" + i, obj("{'N':'" + i + "'}"));
        }
        projection.save("r7", obj("{'N':'latest'}"));
        projection.close();
        assertThat(database.getCollection(ResourceDataProjection.COLLECTION).countDocuments()).isEqualTo(100);
        try (ResourceDataProjection restarted = new ResourceDataProjection(database, pipes, SecretCodec.NONE)) {
            assertThat(restarted.handle(new FindResourceData("r7"))).contains(obj("{'N':'latest'}"));
        }
        pipes.close();
    }

    @Test
    void clearDropsStoredAndPendingChanges() {
        MongoDatabase database = mongo.freshDatabase();
        PipeViewStore pipes = new PipeViewStore(database);
        try (ResourceDataProjection projection = new ResourceDataProjection(database, pipes, SecretCodec.NONE)) {
            projection.save("a", obj("{'K':'1'}"));
            projection.flush(Duration.ofSeconds(10));
            projection.save("b", obj("{'K':'2'}"));
            projection.clear();
            assertThat(projection.handle(new FindResourceData("a"))).isEmpty();
            assertThat(projection.flush(Duration.ofSeconds(10))).isTrue();
            assertThat(database.getCollection(ResourceDataProjection.COLLECTION).countDocuments()).isZero();
        }
        pipes.close();
    }
}
