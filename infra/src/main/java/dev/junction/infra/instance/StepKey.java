package dev.junction.infra.instance;

import dev.junction.api.instance.Step;

import java.util.Map;

/** One container of one task: what the task adapter is asked to run once, and the labels that find it again. */
public record StepKey(String instanceId, int task, Step step, int attempt) {

    static final String INSTANCE = "dev.junction.instance";
    static final String TASK = "dev.junction.task";
    static final String STEP = "dev.junction.step";
    static final String ATTEMPT = "dev.junction.attempt";
    static final String OPERATION = "dev.junction.operation";

    /** The labels naming this step (the operation's label is added to these on the container). */
    Map<String, String> labels() {
        return Map.of(INSTANCE, instanceId, TASK, Integer.toString(task), STEP, step.name().toLowerCase(),
                ATTEMPT, Integer.toString(attempt));
    }

    /** A file name for the step's working directory. */
    String dirName() {
        return "task-" + task + "-" + step.name().toLowerCase() + "-" + attempt;
    }

    @Override
    public String toString() {
        return instanceId + " task " + task + " " + step.name().toLowerCase() + " attempt " + attempt;
    }
}
