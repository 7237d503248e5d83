package dev.junction.infra.instance;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.api.instance.InstanceEvents.BindRequested;
import dev.junction.api.instance.InstanceEvents.InstanceBound;
import dev.junction.api.instance.InstanceEvents.InstanceEvent;
import dev.junction.api.instance.InstanceEvents.InstanceUnbound;
import dev.junction.api.instance.InstanceEvents.InstanceUpdated;
import dev.junction.api.instance.InstanceEvents.ProvisionRequested;
import dev.junction.api.instance.InstanceEvents.StepFailed;
import dev.junction.api.instance.InstanceEvents.StepSucceeded;
import dev.junction.api.instance.InstanceStreams;
import dev.junction.api.instance.InstanceEvents.TaskOpened;
import dev.junction.api.instance.InstanceEvents.UnbindRequested;
import dev.junction.api.instance.InstanceEvents.UpdateRequested;
import dev.junction.api.instance.Operation;
import org.axonframework.eventsourcing.eventstore.EventStore;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the task adapter knows of an instance, folded from its own events: each task's operation, plan,
 * inputs and binding, the bindings' sealed credentials, and which steps were reported already.
 */
final class InstanceContext {

    /** One task as it was opened: the plan and inputs it runs with. */
    record Task(int number, Operation operation, String serviceId, String planId, ObjectNode inputs,
                String bindingId) {
    }

    private String serviceId;
    private String planId;
    private ObjectNode inputs = JsonNodeFactory.instance.objectNode();
    private final Map<Integer, Task> tasks = new HashMap<>();
    private final Map<String, String> credentials = new HashMap<>();
    private final Set<String> reported = new HashSet<>();

    static InstanceContext read(EventStore events, String instanceId) {
        InstanceContext context = new InstanceContext();
        events.readEvents(InstanceStreams.of(instanceId)).asStream()
                .map(m -> m.getPayload())
                .filter(InstanceEvent.class::isInstance)
                .forEach(p -> context.apply((InstanceEvent) p));
        return context;
    }

    void apply(InstanceEvent event) {
        switch (event) {
            case ProvisionRequested e -> {
                serviceId = e.serviceId();
                planId = e.planId();
                inputs = e.inputs() == null ? JsonNodeFactory.instance.objectNode() : e.inputs();
            }
            case InstanceUpdated e -> {
                Task task = tasks.get(e.task());
                planId = e.planId() != null ? e.planId() : planId;
                if (task != null) {
                    inputs = task.inputs();
                }
            }
            case InstanceBound e -> credentials.put(e.bindingId(), e.sealedCredentials());
            case InstanceUnbound e -> credentials.remove(e.bindingId());
            case StepSucceeded e -> reported.add(e.task() + "/" + e.step() + "/" + e.attempt());
            case StepFailed e -> reported.add(e.task() + "/" + e.step() + "/" + e.attempt());
            default -> {
            }
        }
        if (event instanceof TaskOpened opened) {
            tasks.put(opened.task(), open(opened));
        }
    }

    private Task open(TaskOpened opened) {
        return switch (opened) {
            case UpdateRequested e -> new Task(e.task(), e.operation(), serviceId,
                    e.planId() != null ? e.planId() : planId, e.inputs() != null ? e.inputs() : inputs, null);
            case BindRequested e -> new Task(e.task(), e.operation(), serviceId, planId, inputs, e.bindingId());
            case UnbindRequested e -> new Task(e.task(), e.operation(), serviceId, planId, inputs, e.bindingId());
            default -> new Task(opened.task(), opened.operation(), serviceId, planId, inputs, null);
        };
    }

    Optional<Task> task(int number) {
        return Optional.ofNullable(tasks.get(number));
    }

    /** The sealed credentials of a live binding. */
    Optional<String> credentials(String bindingId) {
        return Optional.ofNullable(credentials.get(bindingId));
    }

    /** Whether the instance's events already hold this step's outcome. */
    boolean reported(StepKey key) {
        return reported.contains(key.task() + "/" + key.step() + "/" + key.attempt());
    }
}
