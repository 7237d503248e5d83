package dev.junction.query.pipe;

import com.mongodb.client.MongoCollection;
import dev.junction.api.SecretCodec;
import dev.junction.api.pipe.BlueprintKind;
import dev.junction.api.pipe.End;
import dev.junction.api.pipe.PipeBinding;
import dev.junction.api.pipe.PipeView;
import dev.junction.query.support.InProcessMongo;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;
import java.util.List;

import static dev.junction.api.testing.Json.node;
import static dev.junction.api.testing.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;

/** {@link PipeViewCodec}: a view survives a trip through MongoDB, with its data sealed on the way. */
class PipeViewCodecTest {

    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00.123Z");
    private static final Instant T1 = Instant.parse("2026-01-01T11:00:00.456Z");

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

    @RegisterExtension
    static final InProcessMongo mongo = new InProcessMongo();

    private final PipeViewCodec codec = new PipeViewCodec(REVERSED);

    /** Writes the view's document into MongoDB and reads it back. */
    private Document roundTrip(PipeView view) {
        MongoCollection<Document> pipes = mongo.freshDatabase().getCollection(PipeViewStore.COLLECTION);
        pipes.insertOne(codec.toDocument(view));
        return pipes.find(new Document("_id", view.key())).first();
    }

    @Test
    void everyFieldComesBackAsItWasWithUnsafeKeysAndSealedData() {
        // user documents with keys that are not safe BSON field names, and every optional field set
        End thisEnd = new End("http://b/backend/pipes/p1", "http://b",
                node("{'$schema':'https://json-schema.org/draft/2020-12/schema','required':['URI']}"),
                obj("{'URI':'https://a','db.host':'h','$weird':{'n':1}}"));
        End otherEnd = new End("http://peer/frontend/pipes/q1", "http://peer", node("true"), obj("{'AUD':'a'}"));
        PipeBinding binding = new PipeBinding(BlueprintKind.NEED, "db", "postgresqls",
                List.of("auth:oidc", "auth:server"));
        PipeView view = new PipeView("backend", "p1", thisEnd, otherEnd, binding, 5, 3, 9L, false, T0, T1)
                .withPropagation(new PipeView.Propagation(PipeView.Propagation.State.FAILED, 2, false, 10,
                        "peer answered 503", T1), 6, T1);

        Document stored = roundTrip(view);

        assertThat(codec.fromDocument(stored)).isEqualTo(view);
        assertThat(stored.get("this", Document.class).getString("data"))
                .as("sealed").isEqualTo(REVERSED.seal(thisEnd.data().toString())).doesNotContain("https://a");
        assertThat(stored.keySet()).as("the fields documents written by earlier versions have").containsExactly(
                "_id", "resource", "pipeId", "this", "other", "version", "thisVersion", "otherPeerVersion",
                "deleted", "createdAt", "updatedAt", "propagation", "binding");
    }

    @Test
    void aViewWithEmptyEndsComesBackWithEmptyEnds() {
        PipeView view = new PipeView("backend", "p1", End.EMPTY, End.EMPTY, null, 0, 1, null, false, T0, T0);

        assertThat(codec.fromDocument(roundTrip(view))).isEqualTo(view);
    }
}
