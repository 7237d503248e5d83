package dev.junction.query.support;

import com.mongodb.client.MongoDatabase;
import dev.junction.api.SecretCodec;
import dev.junction.query.ReadModelRebuilder;
import dev.junction.query.WriteBehind;
import dev.junction.query.pipe.PipeViewStore;
import dev.junction.query.pipe.RebuiltPipeViews;

import java.time.Duration;

/** The read-model stores with the broker's settings, unsealed, for tests. */
public final class TestStores {

    public static final PipeViewStore.Settings PIPES = new PipeViewStore.Settings(writes(1_000, 50_000), 20_000, 64L << 20,
            Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofMillis(20));
    public static final ReadModelRebuilder.Settings REBUILD = new ReadModelRebuilder.Settings(
            new RebuiltPipeViews.Limits(5_000, 8L << 20, 2, 50_000, 64L << 20),
            Duration.ofSeconds(30));

    private TestStores() {
    }

    public static PipeViewStore pipes(MongoDatabase database) {
        return new PipeViewStore(database, SecretCodec.NONE, PIPES);
    }


    /** Write-behind limits with the broker's waits and retries. */
    public static WriteBehind.Limits writes(int batchSize, int maxPending) {
        return new WriteBehind.Limits(batchSize, maxPending, Duration.ofSeconds(30), Duration.ofMillis(100),
                Duration.ofSeconds(5), Duration.ofSeconds(30));
    }
}
