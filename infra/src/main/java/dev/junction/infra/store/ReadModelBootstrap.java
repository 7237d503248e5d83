package dev.junction.infra.store;

import dev.junction.query.ReadModelRebuilder;
import dev.junction.query.pipe.PipeHistory;
import dev.junction.query.pipe.PipeViewStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

import java.util.stream.Stream;

/**
 * Rebuilds the read models before the broker reports ready when they may disagree with the event
 * store: when they are empty but the event store is not (a new MongoDB, a lost data file), and when
 * the previous run did not close them cleanly ({@link ReadModelSeal}): a crash can lose writes that
 * were acknowledged. Meanwhile a read of one pipe is answered from that pipe's events, never from a
 * view that may be missing or old, and {@link #rebuilding()} keeps the broker not ready.
 */
@Component
public class ReadModelBootstrap implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(ReadModelBootstrap.class);

    private final PipeViewStore views;
    private final EventStorageEngine events;
    private final ReadModelRebuilder rebuilder;
    private final ReadModelSeal seal;
    private final PipeHistory history;
    private volatile boolean rebuilding;
    private volatile boolean rebuiltAtStart;

    public ReadModelBootstrap(PipeViewStore views, EventStorageEngine events, ReadModelRebuilder rebuilder,
                              ReadModelSeal seal, PipeHistory history) {
        this.views = views;
        this.events = events;
        this.rebuilder = rebuilder;
        this.seal = seal;
        this.history = history;
    }

    /** True when this start rebuilt the read models. */
    public boolean rebuiltAtStart() {
        return rebuiltAtStart;
    }

    /** True while the read models are rebuilt at start-up. */
    public boolean rebuilding() {
        return rebuilding;
    }

    @Override
    public void run(ApplicationArguments args) {
        boolean empty = views.isEmpty();
        if (empty || !seal.closedCleanly()) {
            boolean hasEvents;
            try (Stream<?> stream = events.readEvents(null, false)) {
                hasEvents = stream.findFirst().isPresent();
            }
            if (hasEvents) {
                log.info(empty ? "read models are empty but the event store is not: rebuilding them"
                        : "the read models were not closed cleanly last time and may miss acknowledged writes: "
                        + "rebuilding them");
                rebuild();
            }
        } else {
            log.info("the read models were closed cleanly last time: using them as they are");
        }
        seal.markConsistent();
    }

    private void rebuild() {
        rebuilding = true;
        rebuiltAtStart = true;
        views.answerFromEvents(history::current);
        try {
            rebuilder.rebuild();
        } finally {
            views.answerFromEvents(null);
            rebuilding = false;
        }
    }
}
