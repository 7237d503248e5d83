package dev.junction.infra.container;

import java.util.List;
import java.util.Map;

/**
 * Runs contract containers on a container engine. Calls block for the container's lifetime: callers
 * run them on their own task threads, never on a command, event or HTTP thread.
 */
public interface ContainerRuntime {

    /** Receives output as it comes, for operators following a task. */
    interface LogSink {
        LogSink NONE = (chunk, stderr) -> { };

        void append(byte[] chunk, boolean stderr);
    }

    /** Creates, starts and awaits the container, then removes it. */
    ContainerResult run(ContainerSpec spec, LogSink sink);

    /** The ids of the containers (running or exited, not yet removed) carrying every one of {@code labels}. */
    List<String> find(Map<String, String> labels);

    /** Awaits a container found by {@link #find} (a broker restarted while it ran), then removes it. */
    ContainerResult await(String containerId, java.time.Duration timeout, LogSink sink);

    /**
     * The engine's id of an image (it changes when the tag moves to other content), so what was read from an
     * image can be cached by it. A runtime that cannot tell answers the name itself.
     */
    default String imageId(String image) {
        return image;
    }

    /** Whether the engine answers. */
    boolean available();
}
