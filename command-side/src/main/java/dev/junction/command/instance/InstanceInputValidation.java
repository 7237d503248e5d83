package dev.junction.command.instance;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.api.error.ChangedMeanwhileException;
import dev.junction.api.error.InvalidInputException;
import dev.junction.api.error.InvalidInputException.FieldError;
import dev.junction.api.instance.InstanceCommands.BindInstance;
import dev.junction.api.instance.InstanceCommands.ProvisionInstance;
import dev.junction.api.instance.InstanceCommands.UpdateInstance;
import dev.junction.api.instance.InstanceEvents.InstanceUpdated;
import dev.junction.api.instance.InstanceEvents.ProvisionRequested;
import dev.junction.api.instance.InstanceEvents.UpdateFailed;
import dev.junction.api.instance.InstanceEvents.UpdateRequested;
import dev.junction.api.instance.InstanceStreams;
import dev.junction.api.instance.ServiceCatalog;
import dev.junction.api.instance.ServiceCatalog.Plan;
import dev.junction.api.pipe.End;
import dev.junction.command.schema.SchemaValidator;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.command.AggregateNotFoundException;

import java.util.List;
import java.util.Objects;

/**
 * Checks an instance request's inputs before the command takes the instance's lock (validation is the
 * slow part): the parameters and context are bounded ({@link InputMerge#requireBounded}), and the inputs
 * the instance will get ({@link InputMerge}) must be valid against the plan's {@code inputsSchema}; a
 * failure names {@code parameters.<field>}. An unknown plan is left to the aggregate, which refuses it.
 *
 * <p>An update's inputs depend on the instance's plan and parameters (a null plan or parameters keeps
 * them), which this interceptor reads from the instance's events outside the lock; under the lock the
 * instance {@linkplain #confirm confirms} that it merged the inputs checked here, else the instance changed
 * in between and the command is refused as changed, which the command gateway sends again. A binding's
 * parameters are bounded only: the stencil's {@code bind} gets no {@code $INPUTS}, and the plan's schema
 * describes the instance's inputs, not a binding's.
 */
public class InstanceInputValidation implements MessageHandlerInterceptor<CommandMessage<?>> {

    private static final String CHECKED = InstanceInputValidation.class.getName() + ".checked";

    private final SchemaValidator validator;
    private final ServiceCatalog catalog;
    private final EventStore events;

    public InstanceInputValidation(SchemaValidator validator, ServiceCatalog catalog, EventStore events) {
        this.validator = validator;
        this.catalog = catalog;
        this.events = events;
    }

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        switch (unitOfWork.getMessage().getPayload()) {
            case ProvisionInstance provision -> {
                InputMerge.requireBounded("parameters", provision.parameters());
                InputMerge.requireBounded("context", provision.context());
                catalog.plan(provision.serviceId(), provision.planId())
                        .ifPresent(plan -> check(plan, provision.parameters()));
            }
            case UpdateInstance update -> {
                InputMerge.requireBounded("parameters", update.parameters());
                Committed committed = committed(update.instanceId());
                if (committed != null) {
                    String planId = update.planId() == null ? committed.planId() : update.planId();
                    ObjectNode parameters = update.parameters() == null ? committed.parameters() : update.parameters();
                    catalog.plan(committed.serviceId(), planId).ifPresent(plan -> {
                        ObjectNode inputs = check(plan, parameters);
                        CurrentUnitOfWork.get().root().resources().put(CHECKED, inputs);
                    });
                }
            }
            case BindInstance bind -> {
                InputMerge.requireBounded("parameters", bind.parameters());
                InputMerge.requireBounded("context", bind.context());
            }
            default -> {
            }
        }
        return chain.proceed();
    }

    /**
     * Under the instance's lock: passes when these are the inputs checked before it, or when nothing was
     * checked (a plan the interceptor did not know, which the instance has refused already).
     */
    public void confirm(String instanceId, ObjectNode inputs) {
        ObjectNode checked = CurrentUnitOfWork.isStarted() ? CurrentUnitOfWork.get().root().getResource(CHECKED) : null;
        if (checked != null && !Objects.equals(checked, inputs)) {
            throw new ChangedMeanwhileException("instance " + instanceId + " changed while this request was checked");
        }
    }

    /** Validates the merged inputs against the plan's schema and answers them. */
    private ObjectNode check(Plan plan, ObjectNode parameters) {
        ObjectNode inputs = InputMerge.merge(plan, parameters);
        if (plan.inputsSchema() == null) {
            return inputs;
        }
        List<FieldError> errors = validator.errors("parameters", new End(null, null, plan.inputsSchema(), inputs))
                .stream()
                .map(e -> new FieldError(e.field().replaceFirst("^parameters\\.data", "parameters"), e.message()))
                .toList();
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        return inputs;
    }

    /** The instance's service, plan and parameters at its last commit; null for an instance with no events. */
    private Committed committed(String instanceId) {
        Committed committed = null;
        UpdateRequested running = null;
        DomainEventStream stream;
        try {
            stream = events.readEvents(InstanceStreams.of(instanceId));
        } catch (AggregateNotFoundException none) { // how some stores (a test's) say there are no events
            return null;
        }
        while (stream.hasNext()) {
            switch (stream.next().getPayload()) {
                case ProvisionRequested p -> committed = new Committed(p.serviceId(), p.planId(), p.parameters());
                case UpdateRequested u -> running = u;
                case InstanceUpdated u -> {
                    if (committed != null && running != null) {
                        committed = new Committed(committed.serviceId(), u.planId(), running.parameters());
                    }
                    running = null;
                }
                case UpdateFailed ignored -> running = null;
                default -> {
                }
            }
        }
        return committed;
    }

    private record Committed(String serviceId, String planId, ObjectNode parameters) {
    }
}
