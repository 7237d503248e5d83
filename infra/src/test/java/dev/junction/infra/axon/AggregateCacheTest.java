package dev.junction.infra.axon;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AggregateCacheTest {

    @Test
    void keepsWhatWasPutUntilRemoved() {
        AggregateCache cache = new AggregateCache(10);
        cache.put("a", "1");
        assertThat(cache.putIfAbsent("a", "2")).isFalse();
        assertThat(cache.<String, String>get("a")).isEqualTo("1");
        assertThat(cache.containsKey("a")).isTrue();
        cache.computeIfPresent("a", v -> v + "!");
        assertThat(cache.<String, String>get("a")).isEqualTo("1!");
        assertThat(cache.remove("a")).isTrue();
        assertThat(cache.<String, String>get("a")).isNull();
        assertThat(cache.<String>computeIfAbsent("b", () -> "made")).isEqualTo("made");
    }

    @Test
    void holdsNoMoreThanItsSize() {
        AggregateCache cache = new AggregateCache(100);
        for (int i = 0; i < 10_000; i++) {
            cache.put("k" + i, i);
        }
        long kept = java.util.stream.IntStream.range(0, 10_000).filter(i -> cache.containsKey("k" + i)).count();
        // evicted in the writing thread, in small steps: at the bound, give or take a step
        assertThat(kept).isLessThan(200);
    }

    @Test
    void listenersAreRefusedRatherThanIgnored() {
        assertThatThrownBy(() -> new AggregateCache(1).registerCacheEntryListener(
                new org.axonframework.common.caching.Cache.EntryListenerAdapter()))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
