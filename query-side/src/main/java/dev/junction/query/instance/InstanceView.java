package dev.junction.query.instance;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.api.Actor;
import dev.junction.api.instance.BindingState;
import dev.junction.api.instance.InstanceState;
import dev.junction.api.instance.MaintenanceInfo;
import dev.junction.api.instance.Operation;
import dev.junction.api.instance.Step;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One service instance as its events left it: what OSB answers (plan, parameters, last operation, bindings)
 * and what operators read (tasks with their steps, history with actors). Bind credentials stay sealed under
 * the instance's key, as the event carries them; only the OSB binding fetch opens them.
 *
 * @param sequence the aggregate sequence of the last event applied (writes are idempotent by it)
 * @param files    the {@code $OUTPUTS} files the last successful provision or update left
 * @param maintenanceInfo the plan's when the last successful provision or update was asked (null if unknown)
 */
public record InstanceView(String id, long sequence, String serviceId, String planId, InstanceState state,
                           ObjectNode parameters, ObjectNode context, List<String> files, boolean purged,
                           LastOperation lastOperation, List<Task> tasks, List<Binding> bindings,
                           List<HistoryEntry> history, MaintenanceInfo maintenanceInfo) {

    /** The OSB {@code state} of an operation. */
    public enum OperationState {
        IN_PROGRESS("in progress"), SUCCEEDED("succeeded"), FAILED("failed");

        private final String osb;

        OperationState(String osb) {
            this.osb = osb;
        }

        public String osb() {
            return osb;
        }
    }

    /** The last operation of the instance or of one binding; {@code description} is the failure reason. */
    public record LastOperation(int task, Operation operation, OperationState state, String description) {

        public String operationId() {
            return "task-" + task;
        }
    }

    /** One container run of a task. */
    public record StepRun(Step step, int attempt, boolean succeeded, int exitCode, String reason, Instant at) {
    }

    /**
     * {@code bindingId} for bind and unbind tasks only; {@code parameters} the request's (provision, update,
     * bind), which an update's success makes the instance's, with its {@code maintenanceInfo} (provision,
     * update).
     */
    public record Task(int number, Operation operation, String bindingId, Actor actor, OperationState state,
                       String description, ObjectNode parameters, Instant startedAt, Instant endedAt,
                       List<StepRun> steps, int teardownAttempts, MaintenanceInfo maintenanceInfo) {
    }

    /**
     * {@code sealedCredentials} as {@code InstanceBound} carries them, under the instance's key;
     * {@code expiresAt} when they stop working (null: no lifetime declared), {@code renewBefore} when a
     * platform should rotate them ({@value BindingLifetimes#RENEW_PERCENT}% of their lifetime).
     */
    public record Binding(String id, BindingState state, ObjectNode parameters, ObjectNode context,
                          LastOperation lastOperation, String sealedCredentials, Instant expiresAt,
                          Instant renewBefore) {
    }

    /** {@code event} is the event's simple name; {@code actor} is null for the reports of containers. */
    public record HistoryEntry(String event, int task, Actor actor, Instant at) {
    }

    public Optional<Task> task(int number) {
        return tasks.stream().filter(t -> t.number() == number).findFirst();
    }

    public Optional<Binding> binding(String bindingId) {
        return bindings.stream().filter(b -> b.id().equals(bindingId)).findFirst();
    }
}
