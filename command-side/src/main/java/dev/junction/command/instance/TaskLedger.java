package dev.junction.command.instance;

import dev.junction.api.instance.InstanceEvents.BindRequested;
import dev.junction.api.instance.InstanceEvents.StepFailed;
import dev.junction.api.instance.InstanceEvents.StepSucceeded;
import dev.junction.api.instance.InstanceEvents.TaskOpened;
import dev.junction.api.instance.InstanceEvents.TeardownRetryRequested;
import dev.junction.api.instance.InstanceEvents.UnbindRequested;
import org.axonframework.eventsourcing.EventSourcingHandler;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The tasks of one instance, an entity of {@link ServiceInstance}: the last number given and what each open
 * task has reported ({@link TaskProgress}). A task stays open after its operation is decided, until its
 * teardown is done, so reports of an earlier task are still taken while the next one runs.
 */
final class TaskLedger {

    private int lastTask;
    private final Map<Integer, TaskProgress> open = new HashMap<>();

    int last() {
        return lastTask;
    }

    int next() {
        return lastTask + 1;
    }

    /** Null for a task that is over or never was. */
    TaskProgress open(int task) {
        return open.get(task);
    }

    @EventSourcingHandler
    void on(TaskOpened event) {
        lastTask = event.task();
        String bindingId = switch (event) {
            case BindRequested bind -> bind.bindingId();
            case UnbindRequested unbind -> unbind.bindingId();
            default -> null;
        };
        open.put(event.task(), new TaskProgress(event.operation(), bindingId));
    }

    @EventSourcingHandler
    void on(StepSucceeded event) {
        recorded(event.task(), event.step(), event.attempt(), true);
    }

    @EventSourcingHandler
    void on(StepFailed event) {
        recorded(event.task(), event.step(), event.attempt(), false);
    }

    @EventSourcingHandler
    void on(TeardownRetryRequested event) {
        TaskProgress progress = open.get(event.task());
        if (progress != null) {
            progress.teardownRetryRequested();
        }
    }

    private void recorded(int task, dev.junction.api.instance.Step step, int attempt, boolean succeeded) {
        TaskProgress progress = open.get(task);
        if (progress != null && progress.record(step, attempt, succeeded)) {
            open.remove(task);
        }
    }

    /** By value, so that a state rebuilt from events compares equal to the live one (the fixture checks it). */
    @Override
    public boolean equals(Object other) {
        return other instanceof TaskLedger that && lastTask == that.lastTask && open.equals(that.open);
    }

    @Override
    public int hashCode() {
        return Objects.hash(lastTask, open);
    }
}
