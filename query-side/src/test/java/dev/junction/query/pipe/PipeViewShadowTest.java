package dev.junction.query.pipe;

import dev.junction.api.pipe.PipeView;
import dev.junction.query.support.TestStores;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link PipeViewShadow}: invisible to queries until swapped in, then the store's collection. */
class PipeViewShadowTest extends PipeViewStoreFixture {

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
    }}
