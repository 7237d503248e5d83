package dev.junction.command.instance;

import dev.junction.api.instance.InstanceCommands.RecordStep;
import dev.junction.api.instance.InstanceEvents.BindFailed;
import dev.junction.api.instance.InstanceEvents.DeprovisionFailed;
import dev.junction.api.instance.InstanceEvents.InstanceBound;
import dev.junction.api.instance.InstanceEvents.InstanceDeprovisioned;
import dev.junction.api.instance.InstanceEvents.InstanceProvisioned;
import dev.junction.api.instance.InstanceEvents.InstanceUnbound;
import dev.junction.api.instance.InstanceEvents.InstanceUpdated;
import dev.junction.api.instance.InstanceEvents.ProvisionFailed;
import dev.junction.api.instance.InstanceEvents.StepFailed;
import dev.junction.api.instance.InstanceEvents.StepSucceeded;
import dev.junction.api.instance.InstanceEvents.TaskEvent;
import dev.junction.api.instance.InstanceEvents.UnbindFailed;
import dev.junction.api.instance.InstanceEvents.UpdateFailed;
import dev.junction.api.instance.StepOutcome;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The events a container's report leads to: the step's own, and, for a failed setup or any stencil
 * outcome, the operation's result. A teardown report changes no state (the stencil decided it), so it
 * gives the step's event only.
 */
final class StepReports {

    static final String NO_CREDENTIALS = "the stencil's bind left no credentials";

    private StepReports() {
    }

    /** {@code updatePlan}: the plan an update moves to (only read for an update). */
    static List<TaskEvent> events(RecordStep report, TaskProgress task, String updatePlan, Instant at) {
        String id = report.instanceId();
        StepOutcome outcome = report.outcome();
        String reason = reason(outcome);
        List<TaskEvent> events = new ArrayList<>();
        events.add(outcome.succeeded()
                ? new StepSucceeded(id, report.task(), report.step(), report.attempt(), outcome.exitCode(), at)
                : new StepFailed(id, report.task(), report.step(), report.attempt(), outcome.exitCode(), reason, at));
        switch (report.step()) {
            case SETUP -> {
                if (!outcome.succeeded()) {
                    events.add(failed(id, report.task(), task, "backend setup failed: " + reason, at));
                }
            }
            case STENCIL -> events.add(outcome.succeeded()
                    ? succeeded(id, report.task(), task, outcome, updatePlan, at)
                    : failed(id, report.task(), task, reason, at));
            case TEARDOWN -> {
                // cleanup only
            }
        }
        return events;
    }

    private static TaskEvent succeeded(String id, int number, TaskProgress task, StepOutcome outcome,
                                       String updatePlan, Instant at) {
        List<String> files = outcome.files() == null ? List.of() : List.copyOf(outcome.files());
        return switch (task.operation()) {
            case PROVISION -> new InstanceProvisioned(id, number, files, at);
            case UPDATE -> new InstanceUpdated(id, number, updatePlan, files, at);
            case BIND -> outcome.sealedCredentials() == null || outcome.sealedCredentials().isBlank()
                    ? new BindFailed(id, task.bindingId(), number, NO_CREDENTIALS, at)
                    : new InstanceBound(id, task.bindingId(), number, outcome.sealedCredentials(), at,
                            outcome.expiresAt());
            case UNBIND -> new InstanceUnbound(id, task.bindingId(), number, at);
            case DEPROVISION -> new InstanceDeprovisioned(id, number, at);
        };
    }

    private static TaskEvent failed(String id, int number, TaskProgress task, String reason, Instant at) {
        return switch (task.operation()) {
            case PROVISION -> new ProvisionFailed(id, number, reason, at);
            case UPDATE -> new UpdateFailed(id, number, reason, at);
            case BIND -> new BindFailed(id, task.bindingId(), number, reason, at);
            case UNBIND -> new UnbindFailed(id, task.bindingId(), number, reason, at);
            case DEPROVISION -> new DeprovisionFailed(id, number, reason, at);
        };
    }

    private static String reason(StepOutcome outcome) {
        if (outcome.reason() != null && !outcome.reason().isBlank()) {
            return outcome.reason();
        }
        return outcome.succeeded() ? null : "exited with code " + outcome.exitCode();
    }
}
