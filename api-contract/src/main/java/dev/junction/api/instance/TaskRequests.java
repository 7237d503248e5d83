package dev.junction.api.instance;

/**
 * What the lifecycle saga asks of the task adapter, which runs the container and answers with
 * {@link InstanceCommands.RecordStep}. The adapter reads what the step needs (plan, inputs, binding)
 * from the instance's events, so the saga keeps only ids.
 */
public final class TaskRequests {

    private TaskRequests() {
    }

    public record RunStep(String instanceId, int task, Step step, int attempt) {
    }
}
