package dev.junction.infra.axon;

import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.SerializedObject;

import java.util.List;

/**
 * Axon's JDBC event store, whose reads of the event stream (streaming processors, a rebuild) fetch
 * batches bounded by bytes as well as by count: a batch of 2,000 events of a few hundred KB each
 * exhausted the heap while the JDBC driver read it, leaving its connection out of step ("Unexpected
 * packet type"), so a broker could not rebuild its read models on the heap it ran with. Each batch asks
 * for as many events as fit the bound at the size of the largest event of the batch before; the
 * stream ends only on an empty batch, so a shorter one loses nothing.
 */
public class SizeBoundedEventStorageEngine extends JdbcEventStorageEngine {

    /** Events of the first batch, before any size is known: at most this many times the largest event allowed. */
    private static final int FIRST_BATCH = 64;

    private final long maxBatchBytes;
    private volatile long largestEventBytes;

    public SizeBoundedEventStorageEngine(JdbcEventStorageEngine.Builder builder, long maxBatchBytes) {
        super(builder);
        this.maxBatchBytes = maxBatchBytes;
        this.largestEventBytes = Math.max(1, maxBatchBytes / FIRST_BATCH);
    }

    @Override
    protected List<? extends TrackedEventData<?>> fetchTrackedEvents(TrackingToken lastToken, int batchSize) {
        List<? extends TrackedEventData<?>> batch = super.fetchTrackedEvents(lastToken, nextBatchSize(batchSize));
        if (!batch.isEmpty()) {
            long largest = 1;
            for (TrackedEventData<?> event : batch) {
                largest = Math.max(largest, bytes(event.getPayload()) + bytes(event.getMetaData()));
            }
            largestEventBytes = largest;
        }
        return batch;
    }

    /** How many of {@code batchSize} events the next fetch asks for. */
    int nextBatchSize(int batchSize) {
        return (int) Math.max(1, Math.min(batchSize, maxBatchBytes / largestEventBytes));
    }

    private static long bytes(SerializedObject<?> serialized) {
        if (serialized == null) {
            return 0;
        }
        Object data = serialized.getData();
        if (data instanceof byte[] raw) {
            return raw.length;
        }
        return data instanceof CharSequence text ? text.length() : 256;
    }
}
