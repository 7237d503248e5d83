package dev.junction.query.pipe;

import dev.junction.api.pipe.PipeView;
import dev.junction.query.support.TestStores;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link PipeViewStore} against a real MongoDB wire server in process, through the real driver. */
class PipeViewStoreTest extends PipeViewStoreFixture {

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

}
