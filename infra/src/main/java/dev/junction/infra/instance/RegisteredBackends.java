package dev.junction.infra.instance;

import dev.junction.api.backend.BackendEvents.BackendRegistered;
import dev.junction.api.backend.BackendEvents.BackendRemoved;
import dev.junction.api.backend.BackendStreams;
import dev.junction.infra.container.ContainerSpec;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.List;

/**
 * Tells the {@link BackendRegistry} of the backends operators registered through the API, from their
 * events. At start it reads every {@code backend:} stream, since the registry keeps them only in memory and
 * the processor's token (in PostgreSQL) does not go back; while the broker runs, its streaming processor
 * ({@value #GROUP}) brings each new registration or removal, this broker's or another's on the same
 * database. The registry takes each backend's events by their sequence, so meeting one twice changes
 * nothing.
 */
@ProcessingGroup(RegisteredBackends.GROUP)
public class RegisteredBackends {

    public static final String GROUP = "backend-registry";

    private static final Logger log = LoggerFactory.getLogger(RegisteredBackends.class);

    private final BackendRegistry registry;

    public RegisteredBackends(BackendRegistry registry) {
        this.registry = registry;
    }

    @EventHandler
    public void on(BackendRegistered event, @SequenceNumber long sequence) {
        registry.learn(event.name(), definition(event), sequence);
    }

    @EventHandler
    public void on(BackendRemoved event, @SequenceNumber long sequence) {
        registry.learn(event.name(), null, sequence);
    }

    /** Reads every backend's stream (their ids from the event table, which holds them in plain text). */
    public void readAll(JdbcTemplate jdbc, EventStore events) {
        List<String> streams = jdbc.queryForList("SELECT DISTINCT aggregateIdentifier FROM DomainEventEntry "
                + "WHERE aggregateIdentifier LIKE ?", String.class, BackendStreams.PREFIX + "%");
        for (String stream : streams) {
            events.readEvents(stream).asStream().forEach(this::apply);
        }
        log.info("{} backends registered through the API read from their streams", streams.size());
    }

    private void apply(DomainEventMessage<?> event) {
        switch (event.getPayload()) {
            case BackendRegistered registered -> on(registered, event.getSequenceNumber());
            case BackendRemoved removed -> on(removed, event.getSequenceNumber());
            default -> { }
        }
    }

    static BackendDefinition definition(BackendRegistered event) {
        return new BackendDefinition(event.name(), event.image(), event.config(),
                "host".equals(event.network()) ? ContainerSpec.Network.HOST : ContainerSpec.Network.NONE);
    }
}
