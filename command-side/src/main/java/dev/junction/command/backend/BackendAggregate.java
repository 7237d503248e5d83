package dev.junction.command.backend;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.api.backend.BackendCommands.RegisterBackend;
import dev.junction.api.backend.BackendCommands.RemoveBackend;
import dev.junction.api.backend.BackendEvents.BackendRegistered;
import dev.junction.api.backend.BackendEvents.BackendRemoved;
import dev.junction.api.backend.BackendStreams;
import dev.junction.api.error.InvalidInputException;
import dev.junction.api.error.InvalidInputException.FieldError;
import dev.junction.api.error.NotFoundException;
import dev.junction.api.input.Ids;
import dev.junction.command.instance.InstanceStreamResolver;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A backend an operator registered through the API, in its own stream ({@code backend:<name>}). It decides
 * only what the operator may record (a well-formed image, config and network); whether the config suits the
 * image's {@code inputs} needs the image's metadata, a container run, so the adapter that configures the
 * backend checks that and shows the outcome in the backend's state.
 */
@Aggregate(cache = "aggregateCache", commandTargetResolver = InstanceStreamResolver.BEAN)
public class BackendAggregate {

    /** An image reference: lower-case, as the engine takes it; bounded before the pattern runs. */
    static final int MAX_IMAGE_LENGTH = 255;
    private static final Pattern IMAGE = Pattern.compile("[a-z0-9][a-z0-9._/:@-]*");
    static final Set<String> NETWORKS = Set.of("none", "host");

    @AggregateIdentifier
    private String stream;
    private boolean registered;
    private String image;
    private ObjectNode config;
    private String network;

    public BackendAggregate() {
        // for Axon
    }

    /** Registering again with the same image, config and network changes nothing. */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(RegisterBackend command, Clock clock) {
        List<FieldError> errors = new ArrayList<>();
        if (!Ids.valid(command.name())) {
            errors.add(new FieldError("name", Ids.RULE));
        }
        String ref = command.image();
        if (ref == null || ref.length() > MAX_IMAGE_LENGTH || !IMAGE.matcher(ref).matches()) {
            errors.add(new FieldError("image", "must name an image: a lower-case reference of 1 to "
                    + MAX_IMAGE_LENGTH + " letters, digits or . _ / : @ -"));
        }
        if (command.config() == null) {
            errors.add(new FieldError("config", "must be an object"));
        }
        if (command.network() == null || !NETWORKS.contains(command.network())) {
            errors.add(new FieldError("network", "must be none or host"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        if (registered && ref.equals(image) && command.config().equals(config) && command.network().equals(network)) {
            return;
        }
        apply(new BackendRegistered(command.name(), ref, command.config().deepCopy(), command.network(),
                command.actor(), clock.instant()));
    }

    /** Only a registered backend can be removed; a backend of the catalog file is not this aggregate's. */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(RemoveBackend command, Clock clock) {
        if (!registered) {
            throw new NotFoundException("no backend " + command.name() + " was registered through the API");
        }
        apply(new BackendRemoved(command.name(), command.actor(), clock.instant()));
    }

    @EventSourcingHandler
    void on(BackendRegistered event) {
        stream = BackendStreams.of(event.name());
        registered = true;
        image = event.image();
        config = event.config();
        network = event.network();
    }

    @EventSourcingHandler
    void on(BackendRemoved event) {
        registered = false;
        image = null;
        config = null;
        network = null;
    }
}
