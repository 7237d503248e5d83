package dev.junction.saga.instance;

import dev.junction.api.instance.InstanceCommands.RecordStep;
import dev.junction.api.instance.InstanceCommands.ReleasePlanSlots;
import dev.junction.api.instance.InstanceEvents.DeprovisionRequested;
import dev.junction.api.instance.InstanceEvents.InstanceDeprovisioned;
import dev.junction.api.instance.InstanceEvents.PollingDeadlineSet;
import dev.junction.api.instance.InstanceEvents.StepFailed;
import dev.junction.api.instance.InstanceEvents.StepSucceeded;
import dev.junction.api.instance.InstanceEvents.TaskEvent;
import dev.junction.api.instance.InstanceEvents.TaskOpened;
import dev.junction.api.instance.InstanceEvents.TeardownRetryRequested;
import dev.junction.api.instance.Operation;
import dev.junction.api.instance.Step;
import dev.junction.api.instance.StepOutcome;
import dev.junction.api.instance.TaskRequests.RunStep;
import jakarta.inject.Inject;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.messaging.Message;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.SagaLifecycle;
import org.axonframework.modelling.saga.StartSaga;
import org.axonframework.spring.stereotype.Saga;

/**
 * Runs one task of a service instance: backend setup, the stencil, backend teardown, each a container the
 * task adapter runs on {@link RunStep} and reports with {@code RecordStep}, whose events come back here.
 * One saga per task, associated on its {@code taskKey} ({@code instanceId/task}); it keeps ids and numbers
 * only, and never waits on a container.
 *
 * <p>A failed setup ends the task (the contract runs no teardown after it). Whatever the stencil came to,
 * the teardown follows; a failed teardown is run again after a growing pause ({@link TeardownPolicy}) until
 * it succeeds, or at once when an operator asks. A watchdog ({@link StepWatchdog}) guards every step: with
 * no report in time the step is asked for again once (the adapter picks up a container still running),
 * then recorded as failed, so a broker lost mid-step never leaves an instance busy for ever. When the
 * teardown is done, the plan slots the instance no longer uses are freed (after a deprovision or an
 * update; harmless for plans without a limit) and the saga ends. Deadlines are persistent and cancelled on
 * the way out.
 *
 * <p>A deprovision asked while the provision runs ({@code DeprovisionRequested.afterTask}) halts the
 * provision: its saga, which listens for that event by {@code instanceId}, asks for no further step. The
 * container running then finishes and is recorded; after a setup, the stencil is recorded as failed
 * without running ({@link #HALTED}); the teardown follows as always. The deprovision's saga waits for the
 * provision task to end (its teardown done, or its setup failed) before it runs its own setup.
 *
 * <p>A plan's {@code maximum_polling_duration} ({@code PollingDeadlineSet}) bounds the operation: if it is
 * not decided by then, the step running is recorded as failed ({@link #EXCEEDED}); after a stencil so
 * failed the teardown runs as after any other failure.
 */
@Saga
public class InstanceLifecycleSaga {

    static final String WATCHDOG = "step-watchdog";
    static final String TEARDOWN_RETRY = "teardown-retry";
    static final String NO_REPORT = "no report from the task adapter";
    static final String POLLING_LIMIT = "polling-limit";
    static final String EXCEEDED = "exceeded maximum_polling_duration";
    static final String HALTED = "not run: a deprovision was requested";

    @Inject
    private transient CommandGateway commands;
    @Inject
    private transient DeadlineManager deadlines;
    @Inject
    private transient TeardownPolicy teardownPolicy;
    @Inject
    private transient StepWatchdog watchdog;

    private String instanceId;
    private int task;
    private Operation operation;
    private Step step;
    private int attempt;
    private boolean askedAgain;
    private boolean deprovisioned;
    private String watchdogId;
    private String retryId;
    private String pollingId;
    /** The provision task a deprovision waits for (0: none, or over). */
    private int waitsFor;
    /** A deprovision overtook this provision: no further step but the teardown. */
    private boolean halted;
    /** The stencil's failure was recorded by this saga, not run: the watchdog records it again, never runs it. */
    private String recordedFailure;
    private boolean decided;

    /** The events this saga is given: those of a task. */
    public static boolean mayConcern(Message<?> event) {
        return TaskEvent.class.isAssignableFrom(event.getPayloadType());
    }

    /** Always a new saga: a provision's saga also hears a later {@code DeprovisionRequested}, by instance. */
    @StartSaga(forceNew = true)
    @SagaEventHandler(associationProperty = "taskKey")
    public void on(TaskOpened event) {
        instanceId = event.instanceId();
        task = event.task();
        operation = event.operation();
        if (event instanceof DeprovisionRequested deprovision && deprovision.afterTask() != null) {
            waitsFor = deprovision.afterTask();
            SagaLifecycle.associateWith("taskKey", instanceId + "/" + waitsFor);
            return;
        }
        if (operation == Operation.PROVISION) {
            SagaLifecycle.associateWith("instanceId", instanceId);
        }
        run(Step.SETUP, 1);
    }

    /** A deprovision overtook this provision (one asked after the provision was decided waits for nothing). */
    @SagaEventHandler(associationProperty = "instanceId")
    public void on(DeprovisionRequested event) {
        if (event.afterTask() != null && event.afterTask() == task) {
            halted = true;
        }
    }

    @SagaEventHandler(associationProperty = "taskKey")
    public void on(PollingDeadlineSet event) {
        if (event.task() == task) {
            pollingId = deadlines.schedule(event.deadline(), POLLING_LIMIT);
        }
    }

    @SagaEventHandler(associationProperty = "taskKey")
    public void on(StepSucceeded event) {
        if (event.task() != task) {
            predecessorReported(event.step(), true);
            return;
        }
        if (!awaited(event.step(), event.attempt())) {
            return;
        }
        switch (event.step()) {
            case SETUP -> {
                if (halted) {
                    recordFailure(Step.STENCIL, 1, HALTED);
                } else {
                    run(Step.STENCIL, 1);
                }
            }
            case STENCIL -> {
                decided();
                run(Step.TEARDOWN, 1);
            }
            case TEARDOWN -> finish();
        }
    }

    @SagaEventHandler(associationProperty = "taskKey")
    public void on(StepFailed event) {
        if (event.task() != task) {
            predecessorReported(event.step(), false);
            return;
        }
        if (!awaited(event.step(), event.attempt())) {
            return;
        }
        if (event.step() != Step.TEARDOWN) {
            decided();
        }
        switch (event.step()) {
            case SETUP -> SagaLifecycle.end(); // no teardown after a failed setup
            case STENCIL -> run(Step.TEARDOWN, 1);
            case TEARDOWN -> retryId = deadlines.schedule(teardownPolicy.pauseAfter(event.attempt()), TEARDOWN_RETRY);
        }
    }

    @SagaEventHandler(associationProperty = "taskKey")
    public void on(InstanceDeprovisioned event) {
        deprovisioned = true;
    }

    /** The instance accepts it only after a failed teardown: the retry runs now instead of after its pause. */
    @SagaEventHandler(associationProperty = "taskKey")
    public void on(TeardownRetryRequested event) {
        if (event.task() != task) {
            return;
        }
        retryId = cancel(TEARDOWN_RETRY, retryId);
        run(Step.TEARDOWN, attempt + 1);
    }

    @DeadlineHandler(deadlineName = TEARDOWN_RETRY)
    public void retryTeardown() {
        retryId = null;
        run(Step.TEARDOWN, attempt + 1);
    }

    /** The operation is not decided in time: the step running (or awaited) is recorded as failed. */
    @DeadlineHandler(deadlineName = POLLING_LIMIT)
    public void pollingLimitReached() {
        pollingId = null;
        if (decided) {
            return;
        }
        if (waitsFor != 0) {
            SagaLifecycle.removeAssociationWith("taskKey", instanceId + "/" + waitsFor);
            waitsFor = 0;
            recordFailure(Step.SETUP, 1, EXCEEDED);
        } else if (step == Step.SETUP || step == Step.STENCIL) {
            recordFailure(step, attempt, EXCEEDED);
        }
    }

    @DeadlineHandler(deadlineName = WATCHDOG)
    public void noReport() {
        if (recordedFailure != null) {
            commands.send(new RecordStep(instanceId, task, step, attempt, StepOutcome.failure(-1, recordedFailure)));
        } else if (!askedAgain) {
            askedAgain = true;
            commands.send(new RunStep(instanceId, task, step, attempt));
        } else {
            commands.send(new RecordStep(instanceId, task, step, attempt, StepOutcome.failure(-1, NO_REPORT)));
        }
        // still watching: should even the failure be lost (the broker stopped before sending it), it is sent again
        watchdogId = deadlines.schedule(watchdog.waitFor(step), WATCHDOG);
    }

    /** A report of the provision task a deprovision waits for: its end lets the deprovision's setup run. */
    private void predecessorReported(Step reported, boolean succeeded) {
        boolean over = reported == Step.TEARDOWN ? succeeded : reported == Step.SETUP && !succeeded;
        if (waitsFor != 0 && over) {
            SagaLifecycle.removeAssociationWith("taskKey", instanceId + "/" + waitsFor);
            waitsFor = 0;
            run(Step.SETUP, 1);
        }
    }

    /** Records a step as failed without running it (or while it runs), under the watchdog like any step. */
    private void recordFailure(Step failed, int failedAttempt, String reason) {
        watchdogId = cancel(WATCHDOG, watchdogId);
        step = failed;
        attempt = failedAttempt;
        recordedFailure = reason;
        commands.send(new RecordStep(instanceId, task, step, attempt, StepOutcome.failure(-1, reason)));
        watchdogId = deadlines.schedule(watchdog.waitFor(step), WATCHDOG);
    }

    private void decided() {
        decided = true;
        pollingId = cancel(POLLING_LIMIT, pollingId);
    }

    /** Whether the report is of the step asked for last; an older or repeated one is passed over. */
    private boolean awaited(Step reported, int reportedAttempt) {
        if (reported != step || reportedAttempt != attempt) {
            return false;
        }
        watchdogId = cancel(WATCHDOG, watchdogId);
        return true;
    }

    private void run(Step next, int nextAttempt) {
        watchdogId = cancel(WATCHDOG, watchdogId);
        recordedFailure = null;
        step = next;
        attempt = nextAttempt;
        askedAgain = false;
        commands.send(new RunStep(instanceId, task, step, attempt));
        watchdogId = deadlines.schedule(watchdog.waitFor(step), WATCHDOG);
    }

    private void finish() {
        retryId = cancel(TEARDOWN_RETRY, retryId);
        decided();
        if (deprovisioned || operation == Operation.UPDATE) {
            commands.send(new ReleasePlanSlots(instanceId));
        }
        SagaLifecycle.end();
    }

    /** Cancels a scheduled deadline, if any; answers null, the id to keep. */
    private String cancel(String deadline, String id) {
        if (id != null) {
            deadlines.cancelSchedule(deadline, id);
        }
        return null;
    }
}
