package dev.junction.infra.instance;

/** The task adapter's stores in PostgreSQL, together, as its parts share them. */
public record TaskStores(InstanceKeys keys, InstanceStore instances, TaskSetups setups, TaskRuns runs,
                         TaskLogs logs) {
}
