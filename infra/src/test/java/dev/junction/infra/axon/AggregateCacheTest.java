package dev.junction.infra.axon;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.api.pipe.End;
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
    void aggregatesWithLargeEndsAreBoundedByWhatTheyWeigh() {
        AggregateCache cache = new AggregateCache(10_000, 1_000_000);
        ObjectNode data = JsonNodeFactory.instance.objectNode().put("blob", "x".repeat(100_000));
        for (int i = 0; i < 100; i++) {
            cache.put("p" + i, new Heavy(new End(null, null, null, data)));
        }
        long kept = java.util.stream.IntStream.range(0, 100).filter(i -> cache.containsKey("p" + i)).count();
        assertThat(kept).as("100 KB each in a 1 MB bound").isBetween(1L, 12L);
    }

    @Test
    void smallAggregatesAreStillBoundedByCount() {
        AggregateCache cache = new AggregateCache(100, 1L << 40);
        for (int i = 0; i < 10_000; i++) {
            cache.put("k" + i, new Heavy(End.EMPTY));
        }
        long kept = java.util.stream.IntStream.range(0, 10_000).filter(i -> cache.containsKey("k" + i)).count();
        assertThat(kept).isLessThan(200);
    }

    /** An aggregate as the pipe's: its state in private fields. */
    private static final class Heavy {
        @SuppressWarnings("unused")
        private final End thisEnd;

        Heavy(End thisEnd) {
            this.thisEnd = thisEnd;
        }
    }

    @Test
    void listenersAreRefusedRatherThanIgnored() {
        assertThatThrownBy(() -> new AggregateCache(1).registerCacheEntryListener(
                new org.axonframework.common.caching.Cache.EntryListenerAdapter()))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
