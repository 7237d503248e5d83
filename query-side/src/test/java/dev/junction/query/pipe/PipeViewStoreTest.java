package dev.junction.query.pipe;

import com.mongodb.client.MongoDatabase;
import dev.junction.api.pipe.BlueprintKind;
import dev.junction.api.pipe.End;
import dev.junction.api.pipe.PipeBinding;
import dev.junction.api.pipe.PipeView;
import dev.junction.query.support.InProcessMongo;
import dev.junction.query.support.TestStores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static dev.junction.query.support.TestJson.node;
import static dev.junction.query.support.TestJson.obj;
import static org.assertj.core.api.Assertions.assertThat;

/** {@link PipeViewStore} against a real MongoDB wire server in process, through the real driver. */
class PipeViewStoreTest {

    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00.123Z");
    private static final Instant T1 = Instant.parse("2026-01-01T11:00:00.456Z");

    @RegisterExtension
    static final InProcessMongo mongo = new InProcessMongo();

    private MongoDatabase database;
    private PipeViewStore store;

    @BeforeEach
    void setUp() {
        database = mongo.freshDatabase();
        store = TestStores.pipes(database);
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    /** What MongoDB itself holds for {@code key}, bypassing the store's pending views and cache. */
    private org.bson.Document stored(String key) {
        return database.getCollection(PipeViewStore.COLLECTION).find(new org.bson.Document("_id", key)).first();
    }

    // ---- written behind ----------------------------------------------------------------------

    @Test
    void aReplacedViewIsReadableAtOnceAndReachesMongoDb() {
        PipeView view = view("backend", "p1", 0, "https://a", false);

        store.replace(view);

        assertThat(store.find("backend/p1")).contains(view);
        assertThat(store.list("backend")).containsExactly(view);
        assertThat(store.flush(java.time.Duration.ofSeconds(10))).isTrue();
        assertThat(store.pendingCount()).isZero();
        assertThat(stored("backend/p1")).isNotNull();
        assertThat(stored("backend/p1").get("version")).isEqualTo(0L);
    }

    @Test
    void theNewestOfManyQuickReplacementsIsWhatMongoDbKeeps() {
        for (int v = 0; v < 500; v++) {
            store.replace(view("backend", "p1", v, "https://v" + v, false));
        }

        assertThat(store.find("backend/p1").orElseThrow().version()).isEqualTo(499);
        assertThat(store.flush(java.time.Duration.ofSeconds(10))).isTrue();
        assertThat(((Number) stored("backend/p1").get("version")).longValue()).isEqualTo(499);
        try (PipeViewStore fresh = TestStores.pipes(database)) {
            assertThat(fresh.find("backend/p1").orElseThrow().thisEnd().data().get("URI").asText())
                    .isEqualTo("https://v499");
        }
    }

    @Test
    void listsOverlayPendingViewsOnStoredOnes() {
        store.replace(view("backend", "a", 0, "https://a", false));
        store.replace(view("backend", "b", 0, "https://b", false));
        store.flush(java.time.Duration.ofSeconds(10));

        // pending, not yet stored: a deletion, a change and a new pipe
        store.replace(view("backend", "a", 1, "https://a", true));
        store.replace(view("backend", "b", 1, "https://b2", false));
        store.replace(view("backend", "c", 0, "https://c", false));

        assertThat(store.list("backend")).extracting(PipeView::pipeId).containsExactly("b", "c");
        assertThat(store.list("backend").get(0).thisEnd().data().get("URI").asText()).isEqualTo("https://b2");
        assertThat(store.count(java.time.Duration.ofSeconds(30))).isEqualTo(2);
    }

    @Test
    void closingStoresEverythingPending() {
        for (int i = 0; i < 2_000; i++) {
            store.replace(view("bulk", "p" + i, 0, "https://x", false));
        }

        store.close();

        assertThat(database.getCollection(PipeViewStore.COLLECTION).countDocuments()).isEqualTo(2_000);
    }

    @Test
    void failedPropagationsIncludePendingFailures() {
        PipeView failed = view("backend", "p1", 3, "https://a", false).withPropagation(
                new PipeView.Propagation(PipeView.Propagation.State.FAILED, 2, false, 10, "peer answered 503", T1),
                4, T1);

        store.replace(failed);

        assertThat(store.failedPropagations()).extracting(PipeView::key).containsExactly("backend/p1");
    }

    @Test
    void theProjectionsReadSeesItsOwnLastWriteWithoutMongoDb() throws InterruptedException {
        PipeView view = view("backend", "p1", 0, "https://a", false);
        store.replace(view);
        store.flush(java.time.Duration.ofSeconds(10));
        // the collection is emptied behind the store's back: the projection's read is answered from
        // the views it stored last, a query's from them only while they are fresh
        database.getCollection(PipeViewStore.COLLECTION).deleteMany(new org.bson.Document());

        assertThat(store.findForUpdate("backend/p1", 1)).contains(view);
        assertThat(store.find("backend/p1")).as("kept, and stored less than a second ago").contains(view);
        Thread.sleep(1_100);
        assertThat(store.find("backend/p1")).as("a second later queries ask MongoDB again").isEmpty();
        assertThat(store.findForUpdate("backend/p1", 1)).contains(view);
    }

    @Test
    void aCachedViewThatLagsBehindTheEventIsReadAgainFromMongoDb() {
        store.replace(view("backend", "p1", 0, "https://a", false));
        store.flush(java.time.Duration.ofSeconds(10));
        // another broker on the same database applied sequences 1 and 2 of the pipe
        try (PipeViewStore other = TestStores.pipes(database)) {
            other.replace(view("backend", "p1", 2, "https://other", false));
        }

        PipeView current = store.findForUpdate("backend/p1", 3).orElseThrow();

        assertThat(current.version()).isEqualTo(2);
        assertThat(current.thisEnd().data().get("URI").asText()).isEqualTo("https://other");
    }

    private static PipeView view(String resource, String pipeId, long version, String uriData, boolean deleted) {
        End thisEnd = new End("http://b/" + resource + "/pipes/" + pipeId, "http://b", null,
                obj("{'URI':'" + uriData + "'}"));
        return new PipeView(resource, pipeId, thisEnd, End.EMPTY, null, version, 1, null, deleted, T0, T1);
    }

    @Test
    void aSavedViewIsFoundAsItWasSaved() {
        // user documents with keys that are not safe BSON field names, and every optional field set
        End thisEnd = new End("http://b/backend/pipes/p1", "http://b",
                node("{'$schema':'https://json-schema.org/draft/2020-12/schema','required':['URI']}"),
                obj("{'URI':'https://a','db.host':'h','$weird':{'n':1}}"));
        End otherEnd = new End("http://peer/frontend/pipes/q1", "http://peer", node("true"), obj("{'AUD':'a'}"));
        PipeBinding binding = new PipeBinding(BlueprintKind.NEED, "db", "postgresqls",
                List.of("auth:oidc", "auth:server"));
        PipeView view = new PipeView("backend", "p1", thisEnd, otherEnd, binding, 5, 3, 9L, false, T0, T1);

        store.save(view);

        assertThat(store.find("backend/p1")).contains(view);
    }

    @Test
    void aViewWithEmptyEndsComesBackWithEmptyEnds() {
        PipeView view = new PipeView("backend", "p1", End.EMPTY, End.EMPTY, null, 0, 1, null, false, T0, T0);

        store.save(view);

        assertThat(store.find("backend/p1")).contains(view);
    }

    @Test
    void anUnknownKeyIsNotFound() {
        store.save(view("backend", "p1", 0, "https://a", false));

        assertThat(store.find("backend/p2")).isEmpty();
        assertThat(store.find("frontend/p1")).isEmpty();
    }

    @Test
    void aNewerVersionReplacesTheView() {
        store.save(view("backend", "p1", 0, "https://old", false));
        PipeView newer = view("backend", "p1", 1, "https://new", false);

        store.save(newer);

        assertThat(store.find("backend/p1")).contains(newer);
    }

    @Test
    void savingAnOlderVersionAfterANewerOneChangesNothing() {
        PipeView newer = view("backend", "p1", 4, "https://new", false);
        store.save(newer);

        store.save(view("backend", "p1", 3, "https://older", false));
        store.save(view("backend", "p1", 0, "https://oldest", true));

        assertThat(store.find("backend/p1")).contains(newer);
        assertThat(store.list("backend")).containsExactly(newer);
    }

    @Test
    void savingTheSameVersionAgainChangesNothing() {
        PipeView first = view("backend", "p1", 2, "https://first", false);
        store.save(first);

        store.save(view("backend", "p1", 2, "https://second", false));

        assertThat(store.find("backend/p1")).contains(first);
    }

    @Test
    void listGivesTheLivePipesOfOneResourceInIdOrder() {
        PipeView b = view("backend", "b", 0, "https://b", false);
        PipeView a = view("backend", "a", 0, "https://a", false);
        PipeView c = view("backend", "c", 0, "https://c", false);
        store.save(b);
        store.save(c);
        store.save(a);
        store.save(view("backend", "gone", 1, "https://gone", true));
        store.save(view("frontend", "a", 0, "https://other-resource", false));

        assertThat(store.list("backend")).containsExactly(a, b, c);
        assertThat(store.list("nobody")).isEmpty();
    }

    @Test
    void liveIdsFollowThisBrokersWritesAtOnceAndOtherBrokersAtTheNextListing() {
        store.save(view("backend", "b", 0, "https://b", false));
        store.save(view("backend", "gone", 1, "https://gone", true));
        assertThat(store.liveIds("backend")).containsExactly("b");

        store.replace(view("backend", "a", 0, "https://a", false));
        store.replace(view("backend", "b", 1, "https://b", true));
        store.replace(view("frontend", "c", 0, "https://c", false));
        assertThat(store.liveIds("backend")).as("own writes, still pending").containsExactly("a");
        store.flush(java.time.Duration.ofSeconds(10));

        // another broker on the same database creates a pipe of the resource
        try (PipeViewStore other = TestStores.pipes(database)) {
            other.replace(view("backend", "z", 0, "https://z", false));
        }
        assertThat(store.liveIds("backend")).as("listed moments ago").containsExactly("a");
        try (PipeViewStore restarted = TestStores.pipes(database)) {
            assertThat(restarted.liveIds("backend")).as("listed afresh").containsExactly("a", "z");
        }
        assertThat(store.liveIds("nobody")).isEmpty();
    }

    @Test
    void aListingOfLiveIdsIsMadeAgainOnceItHasStoodItsTime() throws InterruptedException {
        store.close();
        store = new PipeViewStore(database, dev.junction.api.SecretCodec.NONE, new PipeViewStore.Settings(1_000,
                50_000, 20_000, java.time.Duration.ofSeconds(1), java.time.Duration.ofMillis(200),
                java.time.Duration.ofMillis(20)));
        assertThat(store.liveIds("backend")).isEmpty();
        try (PipeViewStore other = TestStores.pipes(database)) {
            other.replace(view("backend", "z", 0, "https://z", false));
        }
        assertThat(store.liveIds("backend")).isEmpty();
        Thread.sleep(300);
        assertThat(store.liveIds("backend")).containsExactly("z");

        store.soleWriter(true); // nobody else writes: the listing stands
        try (PipeViewStore other = TestStores.pipes(database)) {
            other.replace(view("backend", "y", 0, "https://y", false));
        }
        Thread.sleep(300);
        assertThat(store.liveIds("backend")).containsExactly("z");
    }

    @Test
    void oneScanListsTheLiveIdsOfEveryResourceWithPendingViewsLaidOver() {
        store.save(view("backend", "b", 0, "https://b", false));
        store.save(view("backend", "gone", 1, "https://gone", true));
        store.save(view("frontend", "f", 0, "https://f", false));
        store.save(view("frontend", "g", 0, "https://g", false));
        store.save(view("elsewhere", "e", 0, "https://e", false));
        store.replace(view("frontend", "g", 1, "https://g", true)); // deleted, not yet stored
        store.replace(view("backend", "new", 0, "https://new", false)); // created, not yet stored

        store.listLiveIds(List.of("backend", "frontend", "empty"));

        // the listings stand: what another broker writes now does not show (and is not asked for)
        try (PipeViewStore other = TestStores.pipes(database)) {
            other.replace(view("backend", "late", 0, "https://late", false));
        }
        assertThat(store.liveIds("backend")).containsExactly("b", "new");
        assertThat(store.liveIds("frontend")).containsExactly("f");
        assertThat(store.liveIds("empty")).isEmpty();
        assertThat(store.liveIds("elsewhere")).as("not listed at start: listed when asked").containsExactly("e");
    }

    @Test
    void aPipeDeletedLaterLeavesTheList() {
        store.save(view("backend", "p1", 0, "https://a", false));
        store.save(view("backend", "p1", 1, "https://a", true));

        assertThat(store.list("backend")).isEmpty();
        assertThat(store.find("backend/p1")).hasValueSatisfying(v -> assertThat(v.deleted()).isTrue());
    }

    @Test
    void countCountsLivePipesAndIsEmptyCountsEveryView() {
        assertThat(store.isEmpty()).isTrue();
        assertThat(store.count(java.time.Duration.ofSeconds(30))).isZero();

        store.save(view("backend", "gone", 1, "https://gone", true));
        assertThat(store.isEmpty()).isFalse();
        assertThat(store.count(java.time.Duration.ofSeconds(30))).isZero();

        store.save(view("backend", "p1", 0, "https://a", false));
        store.save(view("frontend", "p1", 0, "https://a", false));
        assertThat(store.count(java.time.Duration.ofSeconds(30))).isEqualTo(2);
    }

    @Test
    void aShadowIsInvisibleUntilSwappedIn() {
        PipeView old = view("backend", "old", 7, "https://old", false);
        store.save(old);
        PipeViewShadow shadow = store.shadow();
        PipeView a = view("backend", "a", 3, "https://a", false);
        PipeView b = view("backend", "b", 1, "https://b", false);

        shadow.saveAll(List.of(a, b));

        assertThat(store.list("backend")).containsExactly(old);
        assertThat(store.find("backend/a")).isEmpty();
        assertThat(shadow.find("backend/a")).contains(a);
        assertThat(shadow.find("backend/old")).isEmpty();

        shadow.swapIn();

        assertThat(store.list("backend")).containsExactly(a, b);
        assertThat(store.find("backend/old")).isEmpty();
        assertThat(store.count(java.time.Duration.ofSeconds(30))).isEqualTo(2);
    }

    @Test
    void afterASwapTheStoreKeepsWritingToTheSwappedInViews() {
        store.save(view("backend", "old", 7, "https://old", false));
        PipeViewShadow shadow = store.shadow();
        shadow.saveAll(List.of(view("backend", "a", 3, "https://a", false)));
        shadow.swapIn();

        PipeView newer = view("backend", "a", 4, "https://a4", false);
        store.save(newer);
        store.save(view("backend", "a", 2, "https://stale", false));

        assertThat(store.find("backend/a")).contains(newer);
        assertThat(TestStores.pipes(database).find("backend/a")).contains(newer);
    }

    @Test
    void saveAllOverwritesWhatTheShadowHeld() {
        PipeViewShadow shadow = store.shadow();
        shadow.saveAll(List.of(view("backend", "a", 1, "https://first", false)));
        PipeView second = view("backend", "a", 2, "https://second", false);

        shadow.saveAll(List.of(second));
        shadow.saveAll(List.of());

        assertThat(shadow.find("backend/a")).contains(second);
    }

    @Test
    void aNewShadowStartsEmptyEvenAfterAnAbandonedOne() {
        store.shadow().saveAll(List.of(view("backend", "abandoned", 1, "https://x", false)));

        PipeViewShadow shadow = store.shadow();
        assertThat(shadow.find("backend/abandoned")).isEmpty();
        shadow.saveAll(List.of(view("backend", "kept", 1, "https://k", false)));
        shadow.swapIn();

        List<String> ids = new ArrayList<>();
        store.list("backend").forEach(v -> ids.add(v.pipeId()));
        assertThat(ids).containsExactly("kept");
        assertThat(database.listCollectionNames()).as("the abandoned shadow is dropped, the other swapped in")
                .noneMatch(name -> name.startsWith(PipeViewStore.COLLECTION + "_rebuild"));
    }
}
