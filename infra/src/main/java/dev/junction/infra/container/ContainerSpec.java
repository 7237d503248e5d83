package dev.junction.infra.container;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One run of an image's entrypoint with one operation argument, as the Tweed contracts describe it.
 * {@code stdin} null: closed at once. {@code tmpfs} maps container paths to a size in bytes (the
 * ephemeral {@code $HOME}). Labels let a restarted broker find the container again.
 */
public record ContainerSpec(String image, String argument, Map<String, String> env, List<Mount> mounts,
                            Map<String, Long> tmpfs, byte[] stdin, Network network, long memoryBytes, long pids,
                            boolean readOnlyRoot, Duration timeout, Map<String, String> labels) {

    public enum Network { NONE, HOST }

    public record Mount(Path hostPath, String containerPath, boolean readOnly) {
    }
}
