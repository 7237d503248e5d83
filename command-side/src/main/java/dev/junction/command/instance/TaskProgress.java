package dev.junction.command.instance;

import dev.junction.api.instance.Operation;
import dev.junction.api.instance.Step;

import java.util.Objects;

/**
 * What one open task of an instance has reported so far, so that a stale or repeated report of its
 * containers is recognised (the task adapter and the saga's watchdog may both report a step). A task
 * is open from its request until its teardown succeeds, or until its setup fails (no teardown follows).
 * Changed by the instance's event sourcing handlers only.
 */
final class TaskProgress {

    private final Operation operation;
    private final String bindingId;
    private Boolean setupSucceeded;
    private boolean stencilReported;
    private int teardownAttempt;
    private boolean teardownFailed;

    TaskProgress(Operation operation, String bindingId) {
        this.operation = operation;
        this.bindingId = bindingId;
    }

    Operation operation() {
        return operation;
    }

    String bindingId() {
        return bindingId;
    }

    boolean teardownFailed() {
        return teardownFailed;
    }

    /** Whether a report of this step and attempt is new and in order; any other report is ignored. */
    boolean awaits(Step step, int attempt) {
        return switch (step) {
            case SETUP -> setupSucceeded == null;
            case STENCIL -> Boolean.TRUE.equals(setupSucceeded) && !stencilReported;
            case TEARDOWN -> stencilReported && attempt > teardownAttempt;
        };
    }

    /** Records a report; answers whether the task is over (its setup failed, or its teardown succeeded). */
    boolean record(Step step, int attempt, boolean succeeded) {
        switch (step) {
            case SETUP -> setupSucceeded = succeeded;
            case STENCIL -> stencilReported = true;
            case TEARDOWN -> {
                teardownAttempt = attempt;
                teardownFailed = !succeeded;
            }
        }
        return step == Step.SETUP ? !succeeded : step == Step.TEARDOWN && succeeded;
    }

    void teardownRetryRequested() {
        teardownFailed = false;
    }

    /** By value, so that a state rebuilt from events compares equal to the live one (the fixture checks it). */
    @Override
    public boolean equals(Object other) {
        return other instanceof TaskProgress that && operation == that.operation
                && Objects.equals(bindingId, that.bindingId) && Objects.equals(setupSucceeded, that.setupSucceeded)
                && stencilReported == that.stencilReported && teardownAttempt == that.teardownAttempt
                && teardownFailed == that.teardownFailed;
    }

    @Override
    public int hashCode() {
        return Objects.hash(operation, bindingId, setupSucceeded, stencilReported, teardownAttempt, teardownFailed);
    }
}
