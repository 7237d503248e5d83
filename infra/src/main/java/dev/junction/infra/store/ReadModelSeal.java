package dev.junction.infra.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Tells a starting broker whether its read models can be trusted. They are written after the event
 * store commits, and the embedded MongoDB-wire server keeps its latest writes in memory for up to a
 * second, so a broker that dies without closing them (SIGKILL, OOM, power loss) can come back with
 * acknowledged writes that the event store has and the read models lack. A marker file, written only
 * once the read models' database has been closed, records a clean stop; a start that does not find it
 * has the read models rebuilt ({@link ReadModelBootstrap}). The marker is removed at start, so a crash
 * while running leaves none behind.
 */
public final class ReadModelSeal implements AutoCloseable {

    static final String MARKER = "read-models.closed-cleanly";

    private final Path marker;
    private final boolean closedCleanly;
    private volatile boolean consistent;

    public ReadModelSeal(Path dataDir) throws IOException {
        Files.createDirectories(dataDir);
        this.marker = dataDir.resolve(MARKER);
        this.closedCleanly = Files.deleteIfExists(marker);
        this.consistent = closedCleanly;
    }

    /** True when the previous run closed the read models cleanly. */
    public boolean closedCleanly() {
        return closedCleanly;
    }

    /** The read models agree with the event store (checked or rebuilt at start). */
    public void markConsistent() {
        consistent = true;
    }

    /** The read models lost writes in this run (they could not all be stored before the stop). */
    public void markInconsistent() {
        consistent = false;
    }

    /** Writes the marker, unless the read models were never known to be consistent in this run. */
    @Override
    public void close() throws IOException {
        if (consistent) {
            Files.writeString(marker, Instant.now() + System.lineSeparator());
        }
    }
}
