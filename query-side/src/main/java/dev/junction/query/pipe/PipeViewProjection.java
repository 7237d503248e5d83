package dev.junction.query.pipe;

import dev.junction.api.pipe.PipeEvents.PipeEvent;
import dev.junction.api.pipe.PipeView;
import dev.junction.query.AfterCommit;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the pipe views. Live, it runs in the publishing thread (a subscribing processor) and writes
 * once the event store transaction has committed, so the read model never shows an event that was
 * rolled back, and a command's caller is answered only after its view is written (read-your-writes).
 * A rebuild feeds it the stored events with a shadow collection as {@link PipeViewUpdates}.
 */
@ProcessingGroup(PipeViewProjection.PROCESSING_GROUP)
public class PipeViewProjection {

    public static final String PROCESSING_GROUP = "pipe-views";

    private static final Logger log = LoggerFactory.getLogger(PipeViewProjection.class);

    private final PipeViewUpdates views;
    private final ProjectionFailures failures;

    public PipeViewProjection(PipeViewUpdates views, ProjectionFailures failures) {
        this.views = views;
        this.failures = failures;
    }

    @EventHandler
    public void on(PipeEvent event, @SequenceNumber long sequence) {
        AfterCommit.run(() -> applySafely(event, sequence));
    }

    private void applySafely(PipeEvent event, long sequence) {
        try {
            apply(event, sequence);
        } catch (RuntimeException e) {
            failures.failed(PROCESSING_GROUP, e);
            log.error("pipe view of {} missed event #{} ({}): {}; rebuild the read models to repair it",
                    event.pipeKey(), sequence, event.getClass().getSimpleName(), e.toString());
        }
    }

    private void apply(PipeEvent event, long sequence) {
        // a pipe's first event (sequence 0) has no view before it: no need to look one up
        PipeView current = sequence == 0 ? null : views.findForUpdate(event.pipeKey(), sequence).orElse(null);
        PipeView next = PipeViewFolder.apply(current, event, sequence);
        if (next != null && next != current) {
            views.replace(next); // newer than what was just read: the fold compared the versions
        }
    }
}
