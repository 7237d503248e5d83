package dev.junction.query.instance;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.api.Actor;
import dev.junction.api.instance.BindingState;
import dev.junction.api.instance.InstanceEvents.BindFailed;
import dev.junction.api.instance.InstanceEvents.BindRequested;
import dev.junction.api.instance.InstanceEvents.DeprovisionFailed;
import dev.junction.api.instance.InstanceEvents.DeprovisionRequested;
import dev.junction.api.instance.InstanceEvents.InstanceBound;
import dev.junction.api.instance.InstanceEvents.InstanceDeprovisioned;
import dev.junction.api.instance.InstanceEvents.InstanceEvent;
import dev.junction.api.instance.InstanceEvents.InstanceProvisioned;
import dev.junction.api.instance.InstanceEvents.InstancePurged;
import dev.junction.api.instance.InstanceEvents.InstanceUnbound;
import dev.junction.api.instance.InstanceEvents.InstanceUpdated;
import dev.junction.api.instance.InstanceEvents.PollingDeadlineSet;
import dev.junction.api.instance.InstanceEvents.ProvisionFailed;
import dev.junction.api.instance.InstanceEvents.ProvisionRequested;
import dev.junction.api.instance.InstanceEvents.StepFailed;
import dev.junction.api.instance.InstanceEvents.StepSucceeded;
import dev.junction.api.instance.InstanceEvents.TaskEvent;
import dev.junction.api.instance.InstanceEvents.TaskOpened;
import dev.junction.api.instance.InstanceEvents.TeardownRetryRequested;
import dev.junction.api.instance.InstanceEvents.UnbindFailed;
import dev.junction.api.instance.InstanceEvents.UnbindRequested;
import dev.junction.api.instance.InstanceEvents.UpdateFailed;
import dev.junction.api.instance.InstanceEvents.UpdateRequested;
import dev.junction.api.instance.InstanceState;
import dev.junction.api.instance.MaintenanceInfo;
import dev.junction.api.instance.Operation;
import dev.junction.api.instance.Step;
import dev.junction.query.instance.InstanceView.Binding;
import dev.junction.query.instance.InstanceView.HistoryEntry;
import dev.junction.query.instance.InstanceView.LastOperation;
import dev.junction.query.instance.InstanceView.OperationState;
import dev.junction.query.instance.InstanceView.StepRun;
import dev.junction.query.instance.InstanceView.Task;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The one fold of instance events into {@link InstanceView}: live processing and a rebuild both go
 * through it (via {@link InstanceViewProjection}). The stencil step's outcome is carried by the
 * operation's own event; step events only add to the task's record.
 */
public final class InstanceViewFolder {

    private InstanceViewFolder() {
    }

    /** {@code current} is null before the instance's first event. */
    public static InstanceView apply(InstanceView current, InstanceEvent event, long sequence) {
        InstanceView view = current != null ? current : new InstanceView(event.instanceId(), -1, null, null,
                null, null, null, List.of(), false, null, List.of(), List.of(), List.of(), null);
        InstanceView next = switch (event) {
            case ProvisionRequested e -> opened(withLife(view, e), e, e.parameters(), InstanceState.PROVISIONING);
            case UpdateRequested e -> opened(view, e, e.parameters(), InstanceState.UPDATING);
            case BindRequested e -> binding(opened(view, e, e.parameters(), InstanceState.BINDING), e.bindingId(),
                    b -> new Binding(e.bindingId(), BindingState.BINDING, e.parameters(), e.context(),
                            running(e), null, null, null));
            case UnbindRequested e -> binding(opened(view, e, null, InstanceState.UNBINDING), e.bindingId(),
                    b -> b == null ? null : new Binding(b.id(), BindingState.UNBINDING, b.parameters(), b.context(),
                            running(e), b.sealedCredentials(), b.expiresAt(), b.renewBefore()));
            case DeprovisionRequested e -> opened(view, e, null, InstanceState.DEPROVISIONING);
            case StepSucceeded e -> step(view, e.task(), new StepRun(e.step(), e.attempt(), true, e.exitCode(),
                    null, e.at()));
            case StepFailed e -> step(view, e.task(), new StepRun(e.step(), e.attempt(), false, e.exitCode(),
                    e.reason(), e.at()));
            case InstanceProvisioned e -> {
                InstanceView v = ended(view, e, e.task(), null, InstanceState.QUIET);
                yield with(v, v.planId(), v.parameters(), List.copyOf(e.files()), maintenance(v, e.task()));
            }
            case ProvisionFailed e -> ended(view, e, e.task(), e.reason(), InstanceState.FAILED);
            case InstanceUpdated e -> {
                InstanceView v = ended(view, e, e.task(), null, InstanceState.QUIET);
                var asked = v.task(e.task()).map(Task::parameters).orElse(null);
                yield with(v, e.planId() != null ? e.planId() : v.planId(),
                        asked != null ? asked : v.parameters(), List.copyOf(e.files()), maintenance(v, e.task()));
            }
            case UpdateFailed e -> ended(view, e, e.task(), e.reason(), InstanceState.QUIET);
            case InstanceBound e -> binding(ended(view, e, e.task(), null, InstanceState.QUIET), e.bindingId(),
                    b -> BindingLifetimes.lifetime(settled(b, BindingState.BOUND, OperationState.SUCCEEDED, null,
                            e.sealedCredentials()), e.at(), e.expiresAt()));
            case BindFailed e -> binding(ended(view, e, e.task(), e.reason(), InstanceState.QUIET), e.bindingId(),
                    b -> settled(b, BindingState.FAILED, OperationState.FAILED, e.reason(), null));
            case InstanceUnbound e -> binding(ended(view, e, e.task(), null, InstanceState.QUIET), e.bindingId(),
                    b -> settled(b, BindingState.GONE, OperationState.SUCCEEDED, null, null));
            case UnbindFailed e -> binding(ended(view, e, e.task(), e.reason(), InstanceState.QUIET), e.bindingId(),
                    b -> b == null ? null : BindingLifetimes.kept(settled(b, BindingState.BOUND, OperationState.FAILED,
                            e.reason(), b.sealedCredentials()), b.expiresAt(), b.renewBefore()));
            case InstanceDeprovisioned e -> ended(view, e, e.task(), null, InstanceState.GONE);
            case DeprovisionFailed e -> ended(view, e, e.task(), e.reason(), provisioned(view)
                    ? InstanceState.QUIET : InstanceState.FAILED);
            case TeardownRetryRequested e -> view;
            case PollingDeadlineSet e -> view;
            case InstancePurged e -> purged(view);
        };
        return new InstanceView(next.id(), sequence, next.serviceId(), next.planId(), next.state(), next.parameters(),
                next.context(), next.files(), next.purged(), next.lastOperation(), next.tasks(), next.bindings(),
                append(next.history(), new HistoryEntry(event.getClass().getSimpleName(), task(event),
                        actor(event), event.at())), next.maintenanceInfo());
    }

    /** A new provision starts the instance's life again (after a deprovision): its bindings are gone with it. */
    private static InstanceView withLife(InstanceView v, ProvisionRequested e) {
        return new InstanceView(v.id(), v.sequence(), e.serviceId(), e.planId(), v.state(), e.parameters(),
                e.context(), List.of(), v.purged(), v.lastOperation(), v.tasks(), List.of(), v.history(), null);
    }

    private static InstanceView opened(InstanceView v, TaskOpened e, ObjectNode
            parameters, InstanceState state) {
        String bindingId = e instanceof BindRequested b ? b.bindingId()
                : e instanceof UnbindRequested u ? u.bindingId() : null;
        MaintenanceInfo maintenance = e instanceof ProvisionRequested p ? p.maintenanceInfo()
                : e instanceof UpdateRequested u ? u.maintenanceInfo() : null;
        Task task = new Task(e.task(), e.operation(), bindingId, e.actor(), OperationState.IN_PROGRESS, null,
                parameters, e.at(), null, List.of(), 0, maintenance);
        LastOperation last = instanceLevel(e.operation()) ? running(e) : v.lastOperation();
        return new InstanceView(v.id(), v.sequence(), v.serviceId(), v.planId(), state, v.parameters(),
                v.context(), v.files(), v.purged(), last, append(v.tasks(), task), v.bindings(), v.history(), v.maintenanceInfo());
    }

    private static InstanceView ended(InstanceView v, InstanceEvent e, int number, String reason,
                                      InstanceState state) {
        OperationState outcome = reason == null ? OperationState.SUCCEEDED : OperationState.FAILED;
        InstanceView changed = task(v, number, t -> new Task(t.number(), t.operation(), t.bindingId(), t.actor(),
                outcome, reason, t.parameters(), t.startedAt(), e.at(), t.steps(), t.teardownAttempts(),
                t.maintenanceInfo()));
        LastOperation last = changed.lastOperation();
        Operation operation = changed.task(number).map(Task::operation).orElse(null);
        if (last != null && last.task() > number && last.operation() == Operation.DEPROVISION
                && last.state() == OperationState.IN_PROGRESS) {
            // a provision that a deprovision overtook: the deprovision runs on, and decides the state
            return new InstanceView(v.id(), v.sequence(), v.serviceId(), v.planId(), v.state(), v.parameters(),
                    v.context(), v.files(), v.purged(), last, changed.tasks(), v.bindings(), v.history(),
                    v.maintenanceInfo());
        }
        if (operation != null && instanceLevel(operation)) {
            last = new LastOperation(number, operation, outcome, reason);
        }
        return new InstanceView(v.id(), v.sequence(), v.serviceId(), v.planId(), state, v.parameters(),
                v.context(), v.files(), v.purged(), last, changed.tasks(), v.bindings(), v.history(), v.maintenanceInfo());
    }

    private static InstanceView step(InstanceView v, int number, StepRun run) {
        return task(v, number, t -> new Task(t.number(), t.operation(), t.bindingId(), t.actor(), t.state(),
                t.description(), t.parameters(), t.startedAt(), t.endedAt(), append(t.steps(), run),
                run.step() == Step.TEARDOWN ? Math.max(t.teardownAttempts(), run.attempt()) : t.teardownAttempts(),
                t.maintenanceInfo()));
    }

    private static InstanceView task(InstanceView v, int number, UnaryOperator<Task> change) {
        List<Task> tasks = v.tasks().stream().map(t -> t.number() == number ? change.apply(t) : t).toList();
        return new InstanceView(v.id(), v.sequence(), v.serviceId(), v.planId(), v.state(), v.parameters(),
                v.context(), v.files(), v.purged(), v.lastOperation(), tasks, v.bindings(), v.history(), v.maintenanceInfo());
    }

    /** Replaces (or adds) the binding; {@code change} is given null for a binding not seen. */
    private static InstanceView binding(InstanceView v, String bindingId, UnaryOperator<Binding> change) {
        List<Binding> bindings = new ArrayList<>();
        boolean seen = false;
        for (Binding b : v.bindings()) {
            if (b.id().equals(bindingId)) {
                seen = true;
                Binding changed = change.apply(b);
                bindings.add(changed != null ? changed : b);
            } else {
                bindings.add(b);
            }
        }
        if (!seen) {
            Binding added = change.apply(null);
            if (added != null) {
                bindings.add(added);
            }
        }
        return new InstanceView(v.id(), v.sequence(), v.serviceId(), v.planId(), v.state(), v.parameters(),
                v.context(), v.files(), v.purged(), v.lastOperation(), v.tasks(), List.copyOf(bindings), v.history(), v.maintenanceInfo());
    }

    private static Binding settled(Binding b, BindingState state, OperationState outcome, String reason,
                                   String sealedCredentials) {
        if (b == null) {
            return null;
        }
        LastOperation last = b.lastOperation();
        LastOperation done = last == null ? null
                : new LastOperation(last.task(), last.operation(), outcome, reason);
        return new Binding(b.id(), state, b.parameters(), b.context(), done, sealedCredentials, null, null);
    }

    private static InstanceView purged(InstanceView v) {
        List<Binding> bindings = v.bindings().stream().map(b -> new Binding(b.id(), b.state(), b.parameters(),
                b.context(), b.lastOperation(), null, b.expiresAt(), b.renewBefore())).toList();
        return new InstanceView(v.id(), v.sequence(), v.serviceId(), v.planId(), v.state(), v.parameters(),
                v.context(), v.files(), true, v.lastOperation(), v.tasks(), bindings, v.history(), v.maintenanceInfo());
    }

    private static InstanceView with(InstanceView v, String planId, ObjectNode parameters, List<String> files,
                                     MaintenanceInfo maintenanceInfo) {
        return new InstanceView(v.id(), v.sequence(), v.serviceId(), planId, v.state(), parameters, v.context(),
                files, v.purged(), v.lastOperation(), v.tasks(), v.bindings(), v.history(), maintenanceInfo);
    }

    /** The maintenance_info the task was asked with, else the instance's (events stored before it was recorded). */
    private static MaintenanceInfo maintenance(InstanceView v, int number) {
        MaintenanceInfo asked = v.task(number).map(Task::maintenanceInfo).orElse(null);
        return asked != null ? asked : v.maintenanceInfo();
    }

    /** Whether the instance's current life has a successful provision (a failed deprovision returns there). */
    private static boolean provisioned(InstanceView v) {
        for (int i = v.tasks().size() - 1; i >= 0; i--) {
            Task t = v.tasks().get(i);
            if (t.operation() == Operation.PROVISION) {
                return t.state() == OperationState.SUCCEEDED;
            }
        }
        return false;
    }

    private static LastOperation running(TaskOpened e) {
        return new LastOperation(e.task(), e.operation(), OperationState.IN_PROGRESS, null);
    }

    /** Provision, update and deprovision are the instance's operations; bind and unbind its bindings'. */
    static boolean instanceLevel(Operation operation) {
        return operation == Operation.PROVISION || operation == Operation.UPDATE
                || operation == Operation.DEPROVISION;
    }

    private static int task(InstanceEvent event) {
        return event instanceof TaskEvent e ? e.task() : 0; // the purge is of no task
    }

    private static Actor actor(InstanceEvent event) {
        return switch (event) {
            case TaskOpened e -> e.actor();
            case TeardownRetryRequested e -> e.actor();
            case InstancePurged e -> e.actor();
            default -> null;
        };
    }

    private static <T> List<T> append(List<T> list, T item) {
        List<T> copy = new ArrayList<>(list);
        copy.add(item);
        return List.copyOf(copy);
    }
}
