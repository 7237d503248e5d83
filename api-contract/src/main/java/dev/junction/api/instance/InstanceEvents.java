package dev.junction.api.instance;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.api.Actor;

import java.time.Instant;
import java.util.List;

/**
 * The events of a service instance and its bindings. Every request that starts an operation opens a task
 * (numbered from 1 per instance) whose containers report {@link StepSucceeded} or {@link StepFailed}; the
 * stencil step's outcome decides the operation ({@code ...Provisioned}, {@code ...Failed} and so on), the
 * teardown after it only cleans up. {@code inputs} are the operator's inputs and the user's parameters
 * merged, as the stencil gets them in {@code $INPUTS}.
 */
public final class InstanceEvents {

    private InstanceEvents() {
    }

    /** One fold covers every event of an instance. */
    public sealed interface InstanceEvent {
        String instanceId();

        Instant at();
    }

    /**
     * An event of one task. {@link #taskKey} ({@code instanceId/task}) is what the lifecycle saga of that
     * task is associated with.
     */
    public sealed interface TaskEvent extends InstanceEvent {
        int task();

        default String taskKey() {
            return instanceId() + "/" + task();
        }
    }

    /** An event that opens a task. */
    public sealed interface TaskOpened extends TaskEvent {
        Operation operation();

        Actor actor();
    }

    /** {@code maintenanceInfo}: the plan's when asked (null in events stored before it was recorded). */
    public record ProvisionRequested(String instanceId, String serviceId, String planId, ObjectNode parameters,
                                     ObjectNode inputs, ObjectNode context, int task, Actor actor, Instant at,
                                     MaintenanceInfo maintenanceInfo)
            implements TaskOpened {

        public ProvisionRequested(String instanceId, String serviceId, String planId, ObjectNode parameters,
                                  ObjectNode inputs, ObjectNode context, int task, Actor actor, Instant at) {
            this(instanceId, serviceId, planId, parameters, inputs, context, task, actor, at, null);
        }

        public Operation operation() {
            return Operation.PROVISION;
        }
    }

    /**
     * {@code maintenanceInfo}: the plan's when asked, which the instance has once the update succeeds (an
     * update runs the plan's stencil as it is now); null in events stored before it was recorded.
     */
    public record UpdateRequested(String instanceId, String planId, ObjectNode parameters, ObjectNode inputs,
                                  int task, Actor actor, Instant at, MaintenanceInfo maintenanceInfo)
            implements TaskOpened {

        public UpdateRequested(String instanceId, String planId, ObjectNode parameters, ObjectNode inputs,
                               int task, Actor actor, Instant at) {
            this(instanceId, planId, parameters, inputs, task, actor, at, null);
        }

        public Operation operation() {
            return Operation.UPDATE;
        }
    }

    /** {@code predecessorBindingId}: the binding this one rotates (OSB binding rotation), else null. */
    public record BindRequested(String instanceId, String bindingId, ObjectNode parameters, ObjectNode context,
                                int task, Actor actor, Instant at, String predecessorBindingId)
            implements TaskOpened {

        public BindRequested(String instanceId, String bindingId, ObjectNode parameters, ObjectNode context,
                             int task, Actor actor, Instant at) {
            this(instanceId, bindingId, parameters, context, task, actor, at, null);
        }

        public Operation operation() {
            return Operation.BIND;
        }
    }

    public record UnbindRequested(String instanceId, String bindingId, int task, Actor actor, Instant at)
            implements TaskOpened {
        public Operation operation() {
            return Operation.UNBIND;
        }
    }

    /**
     * {@code afterTask}: the provision task this deprovision overtook (asked while it ran), which ends
     * before the deprovision's own containers run; null otherwise.
     */
    public record DeprovisionRequested(String instanceId, int task, Actor actor, Instant at, Integer afterTask)
            implements TaskOpened {

        public DeprovisionRequested(String instanceId, int task, Actor actor, Instant at) {
            this(instanceId, task, actor, at, null);
        }

        public Operation operation() {
            return Operation.DEPROVISION;
        }
    }

    /**
     * The plan's {@code maximum_polling_duration} applies to the task: if its operation is not decided by
     * {@code deadline}, the lifecycle saga records it as failed.
     */
    public record PollingDeadlineSet(String instanceId, int task, Instant deadline, Instant at)
            implements TaskEvent {
    }

    public record StepSucceeded(String instanceId, int task, Step step, int attempt, int exitCode, Instant at)
            implements TaskEvent {
    }

    /** {@code exitCode} -1: the container did not exit by itself (timeout, lost). */
    public record StepFailed(String instanceId, int task, Step step, int attempt, int exitCode, String reason,
                             Instant at) implements TaskEvent {
    }

    public record InstanceProvisioned(String instanceId, int task, List<String> files, Instant at)
            implements TaskEvent {
    }

    /** The instance is {@code FAILED}: only deprovision and purge remain. */
    public record ProvisionFailed(String instanceId, int task, String reason, Instant at) implements TaskEvent {
    }

    public record InstanceUpdated(String instanceId, int task, String planId, List<String> files, Instant at)
            implements TaskEvent {
    }

    /** The instance stays usable on its previous plan and inputs. */
    public record UpdateFailed(String instanceId, int task, String reason, Instant at) implements TaskEvent {
    }

    /**
     * {@code sealedCredentials}: the bind output as JSON, sealed under the instance's key. {@code expiresAt}:
     * when the credentials stop working, as the bind output declared it ({@code expires_in}/{@code expires_at});
     * null when it declared no lifetime.
     */
    public record InstanceBound(String instanceId, String bindingId, int task, String sealedCredentials, Instant at,
                                Instant expiresAt)
            implements TaskEvent {

        public InstanceBound(String instanceId, String bindingId, int task, String sealedCredentials, Instant at) {
            this(instanceId, bindingId, task, sealedCredentials, at, null);
        }
    }

    /** Nothing was stored. */
    public record BindFailed(String instanceId, String bindingId, int task, String reason, Instant at)
            implements TaskEvent {
    }

    public record InstanceUnbound(String instanceId, String bindingId, int task, Instant at) implements TaskEvent {
    }

    /** The binding stays valid. */
    public record UnbindFailed(String instanceId, String bindingId, int task, String reason, Instant at)
            implements TaskEvent {
    }

    public record InstanceDeprovisioned(String instanceId, int task, Instant at) implements TaskEvent {
    }

    /** The instance stays valid; every operation stays allowed. */
    public record DeprovisionFailed(String instanceId, int task, String reason, Instant at) implements TaskEvent {
    }

    public record TeardownRetryRequested(String instanceId, int task, Actor actor, Instant at)
            implements TaskEvent {
    }

    /** The instance's key is destroyed: its sealed credentials and credential store can no longer be read. */
    public record InstancePurged(String instanceId, Actor actor, Instant at) implements InstanceEvent {
    }
}
