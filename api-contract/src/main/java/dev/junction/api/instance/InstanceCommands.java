package dev.junction.api.instance;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.api.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * What platforms (OSB) and operators ask of a service instance, and what the task adapter reports back.
 * The requests that start an operation answer {@link Accepted}.
 */
public final class InstanceCommands {

    private InstanceCommands() {
    }

    /**
     * {@code context} is the OSB request's {@code context}, {@code organization_guid} and {@code space_guid},
     * kept as given. {@code maintenanceInfo}: the request's, null when it sent none.
     */
    public record ProvisionInstance(@TargetAggregateIdentifier String instanceId, String serviceId, String planId,
                                    ObjectNode parameters, ObjectNode context, Actor actor,
                                    MaintenanceInfo maintenanceInfo) {

        public ProvisionInstance(String instanceId, String serviceId, String planId, ObjectNode parameters,
                                 ObjectNode context, Actor actor) {
            this(instanceId, serviceId, planId, parameters, context, actor, null);
        }
    }

    /** {@code planId}, {@code parameters} or {@code maintenanceInfo} null: unchanged. */
    public record UpdateInstance(@TargetAggregateIdentifier String instanceId, String serviceId, String planId,
                                 ObjectNode parameters, Actor actor, MaintenanceInfo maintenanceInfo) {

        public UpdateInstance(String instanceId, String serviceId, String planId, ObjectNode parameters,
                              Actor actor) {
            this(instanceId, serviceId, planId, parameters, actor, null);
        }
    }

    public record DeprovisionInstance(@TargetAggregateIdentifier String instanceId, String serviceId, String planId,
                                      Actor actor) {
    }

    /** {@code predecessorBindingId}: the bound binding this one replaces (OSB binding rotation), else null. */
    public record BindInstance(@TargetAggregateIdentifier String instanceId, String bindingId, String serviceId,
                               String planId, ObjectNode parameters, ObjectNode context, Actor actor,
                               String predecessorBindingId) {

        public BindInstance(String instanceId, String bindingId, String serviceId, String planId,
                            ObjectNode parameters, ObjectNode context, Actor actor) {
            this(instanceId, bindingId, serviceId, planId, parameters, context, actor, null);
        }
    }

    public record UnbindInstance(@TargetAggregateIdentifier String instanceId, String bindingId, String serviceId,
                                 String planId, Actor actor) {
    }

    /** The task adapter's report of one container ({@code attempt} counts teardown retries from 1). */
    public record RecordStep(@TargetAggregateIdentifier String instanceId, int task, Step step, int attempt,
                             StepOutcome outcome) {
    }

    /** An operator asks for a failed teardown to be tried again now. */
    public record RetryTeardown(@TargetAggregateIdentifier String instanceId, int task, Actor actor) {
    }

    /** Forget the instance's secrets for good (its key is destroyed); the events stay. Gone or failed instances only. */
    public record PurgeInstance(@TargetAggregateIdentifier String instanceId, Actor actor) {
    }

    /**
     * Frees the plan slots ({@code instanceLimit}) the instance no longer uses: all of them once it is
     * deprovisioned, the previous plan's after a plan change. The lifecycle saga sends it when a task ends;
     * it changes nothing for an instance whose plans have no limit, or that holds nothing more to free.
     */
    public record ReleasePlanSlots(@TargetAggregateIdentifier String instanceId) {
    }

    /**
     * The answer to a request that starts an operation: its {@code task} number (the OSB {@code operation}
     * is {@code "task-" + task}) and whether it is {@code done} already (an identical request repeated after
     * it finished: OSB 200) or running (202). An identical bind repeated once bound also carries the
     * binding's {@code sealedCredentials}, which OSB returns with its 200.
     */
    public record Accepted(int task, boolean done, String sealedCredentials) {

        public Accepted(int task, boolean done) {
            this(task, done, null);
        }

        public String operation() {
            return "task-" + task;
        }
    }
}
