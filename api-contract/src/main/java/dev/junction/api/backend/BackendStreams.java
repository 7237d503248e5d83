package dev.junction.api.backend;

/**
 * The event stream of a backend an operator registered. Streams are keyed by id alone across pipes,
 * resources, instances and backends: the prefix keeps a backend named like any of them out of its stream.
 */
public final class BackendStreams {

    public static final String PREFIX = "backend:";

    private BackendStreams() {
    }

    public static String of(String name) {
        return PREFIX + name;
    }
}
