package dev.junction.infra.store;

import dev.junction.query.ReadModelRebuilder;
import dev.junction.query.pipe.PipeViewStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

import java.util.stream.Stream;

/**
 * When the read models are empty but the event store is not (a new MongoDB, a lost data file),
 * rebuilds them before the broker serves reads.
 */
@Component
public class ReadModelBootstrap implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(ReadModelBootstrap.class);

    private final PipeViewStore views;
    private final EventStorageEngine events;
    private final ReadModelRebuilder rebuilder;

    public ReadModelBootstrap(PipeViewStore views, EventStorageEngine events, ReadModelRebuilder rebuilder) {
        this.views = views;
        this.events = events;
        this.rebuilder = rebuilder;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!views.isEmpty()) {
            return;
        }
        boolean hasEvents;
        try (Stream<?> stream = events.readEvents(null, false)) {
            hasEvents = stream.findFirst().isPresent();
        }
        if (hasEvents) {
            log.info("read models are empty but the event store is not: rebuilding them");
            rebuilder.rebuild();
        }
    }
}
