package dev.junction.api.instance;

/**
 * The event stream of an instance. Pipes, resources and instances share one event store whose streams
 * are keyed by id alone, and a platform chooses its instance ids: the prefix keeps an instance named like
 * a resource (or a pipe) out of that resource's stream. Resource ids never hold {@code ':'}.
 */
public final class InstanceStreams {

    private static final String PREFIX = "instance:";

    private InstanceStreams() {
    }

    public static String of(String instanceId) {
        return PREFIX + instanceId;
    }
}
