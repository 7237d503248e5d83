package dev.junction.query.pipe;

import com.mongodb.client.MongoDatabase;
import dev.junction.api.SecretCodec;
import dev.junction.api.pipe.End;
import dev.junction.api.pipe.PipeView;
import dev.junction.query.support.InProcessMongo;
import dev.junction.query.support.TestStores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link PipeViewWaits} as the store uses it: woken by this broker's write, rechecking for others'. */
class PipeViewWaitsTest {

    private static final Instant T = Instant.parse("2026-01-01T10:00:00Z");

    @RegisterExtension
    static final InProcessMongo mongo = new InProcessMongo();

    private static PipeView view(long version) {
        return new PipeView("backend", "p1", End.EMPTY, End.EMPTY, null, version, 1, null, false, T, T);
    }

    private static PipeViewStore store(MongoDatabase database, Duration recheck) {
        PipeViewStore.Settings s = TestStores.PIPES;
        return new PipeViewStore(database, SecretCodec.NONE, new PipeViewStore.Settings(s.writes(),
                s.cachedViews(), s.cachedViewsWeight(), s.freshFor(), s.listingsStandFor(), recheck));
    }

    @Test
    void aWaiterIsWokenByThisBrokersWriteOfTheView() throws Exception {
        try (PipeViewStore store = store(mongo.freshDatabase(), Duration.ofMinutes(1))) {
            store.replace(view(0));
            CompletableFuture<Optional<PipeView>> waiting = CompletableFuture.supplyAsync(
                    () -> store.await("backend/p1", v -> v.version() >= 2, Duration.ofMinutes(1)));
            Thread.sleep(100);
            store.replace(view(1));
            assertThat(waiting).as("version 1 is not what it waits for").isNotDone();

            store.replace(view(2));

            // with a recheck of a minute, only the write's signal can end the wait this soon
            assertThat(waiting.get(5, TimeUnit.SECONDS)).hasValueSatisfying(v -> assertThat(v.version()).isEqualTo(2));
        }
    }

    @Test
    void aWriteByAnotherBrokerOnTheSameMongoDbIsSeenByRechecking() throws Exception {
        MongoDatabase database = mongo.freshDatabase();
        try (PipeViewStore store = store(database, Duration.ofMillis(20))) {
            CompletableFuture<Optional<PipeView>> waiting = CompletableFuture.supplyAsync(
                    () -> store.await("backend/p1", v -> v.version() >= 1, Duration.ofSeconds(30)));
            Thread.sleep(100);
            try (PipeViewStore other = TestStores.pipes(database)) {
                other.replace(view(1));
            }

            assertThat(waiting.get(5, TimeUnit.SECONDS)).hasValueSatisfying(v -> assertThat(v.version()).isEqualTo(1));
        }
    }

    @Test
    void whenTheTimeIsUpTheWaitAnswersWhatIsThere() {
        try (PipeViewStore store = store(mongo.freshDatabase(), Duration.ofMillis(20))) {
            assertThat(store.await("backend/p1", v -> true, Duration.ofMillis(50))).isEmpty();
            store.replace(view(0));

            long started = System.nanoTime();
            Optional<PipeView> view = store.await("backend/p1", v -> v.version() >= 5, Duration.ofMillis(200));

            assertThat(view).contains(view(0));
            assertThat(System.nanoTime() - started).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(200));
        }
    }
}
