package dev.junction.query.pipe;

import dev.junction.query.support.TestStores;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link LiveIdsIndex} as the store keeps it: listed from MongoDB, kept up to date by this broker's writes. */
class LiveIdsIndexTest extends PipeViewStoreFixture {

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
        store = new PipeViewStore(database, dev.junction.api.SecretCodec.NONE, new PipeViewStore.Settings(TestStores.writes(1_000,
                50_000), 20_000, 64L << 20, java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(2),
                java.time.Duration.ofMillis(20)));
        assertThat(store.liveIds("backend")).isEmpty();
        try (PipeViewStore other = TestStores.pipes(database)) {
            other.replace(view("backend", "z", 0, "https://z", false));
        }
        assertThat(store.liveIds("backend")).isEmpty();
        Thread.sleep(2_200); // a listing stands 2 s: long enough that a busy machine does not end it early
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
}
