package dev.junction.infra.delivery;

import org.axonframework.config.EventProcessingConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Retries the deliveries parked in config delivery's dead-letter queue, oldest sequence first. */
public final class ParkedDeliveryRetry implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(ParkedDeliveryRetry.class);

    private final EventProcessingConfiguration processing;
    private final int maxSequences;

    /** @param maxSequences at most this many resources' parked deliveries per run, so one run stays short */
    public ParkedDeliveryRetry(EventProcessingConfiguration processing, int maxSequences) {
        this.processing = processing;
        this.maxSequences = maxSequences;
    }

    @Override
    public void run() {
        processing.sequencedDeadLetterProcessor(ConfigDeliveryHandler.PROCESSING_GROUP).ifPresent(dlq -> {
            int rounds = 0;
            try {
                while (rounds++ < maxSequences && dlq.processAny()) {
                    // each success frees one resource's parked deliveries
                }
            } catch (RuntimeException e) {
                log.warn("retry of parked config deliveries failed: {}", e.toString());
            }
        });
    }
}
