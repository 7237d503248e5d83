package dev.junction.query.pipe;

import com.mongodb.client.MongoDatabase;
import dev.junction.api.pipe.End;
import dev.junction.api.pipe.PipeView;
import dev.junction.query.support.InProcessMongo;
import dev.junction.query.support.TestStores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.time.Instant;

import static dev.junction.api.testing.Json.obj;

/** A pipe view store on a fresh database of the in-process MongoDB for each test, and views to put in it. */
abstract class PipeViewStoreFixture {

    static final Instant T0 = Instant.parse("2026-01-01T10:00:00.123Z");
    static final Instant T1 = Instant.parse("2026-01-01T11:00:00.456Z");

    /** One server per test: a static one would be stopped after the first subclass's tests. */
    final InProcessMongo mongo = new InProcessMongo();
    MongoDatabase database;
    PipeViewStore store;

    @BeforeEach
    void openStore() {
        database = mongo.freshDatabase();
        store = TestStores.pipes(database);
    }

    @AfterEach
    void closeStore() {
        store.close();
        mongo.close();
    }

    /** A view of {@code resource/pipeId} at {@code version} whose this end's data is {@code URI: uriData}. */
    static PipeView view(String resource, String pipeId, long version, String uriData, boolean deleted) {
        End thisEnd = new End("http://b/" + resource + "/pipes/" + pipeId, "http://b", null,
                obj("{'URI':'" + uriData + "'}"));
        return new PipeView(resource, pipeId, thisEnd, End.EMPTY, null, version, 1, null, deleted, T0, T1);
    }
}
