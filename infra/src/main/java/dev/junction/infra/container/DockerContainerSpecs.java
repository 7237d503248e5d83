package dev.junction.infra.container;

import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.LogConfig;
import com.github.dockerjava.api.model.Volume;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a {@link ContainerSpec} becomes the engine's host configuration: no capabilities, no privilege gain,
 * no swap (memory-swap equals memory), network {@code none} or {@code host} only, and the engine's own log
 * of the container bounded, so a chatty image cannot fill the engine's disk.
 */
final class DockerContainerSpecs {

    private DockerContainerSpecs() {
    }

    static List<String> env(Map<String, String> env) {
        return env.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
    }

    static HostConfig hostConfig(ContainerSpec spec, long outputCap) {
        HostConfig host = HostConfig.newHostConfig()
                .withNetworkMode(spec.network() == ContainerSpec.Network.HOST ? "host" : "none")
                .withCapDrop(Capability.ALL)
                .withSecurityOpts(List.of("no-new-privileges"))
                .withReadonlyRootfs(spec.readOnlyRoot())
                .withLogConfig(new LogConfig(LogConfig.LoggingType.JSON_FILE,
                        Map.of("max-size", Long.toString(Math.max(outputCap * 3, 1 << 20)), "max-file", "1")))
                .withBinds(spec.mounts().stream().map(m -> new Bind(m.hostPath().toAbsolutePath().toString(),
                        new Volume(m.containerPath()), m.readOnly() ? AccessMode.ro : AccessMode.rw)).toList());
        if (!spec.tmpfs().isEmpty()) {
            Map<String, String> tmpfs = new LinkedHashMap<>();
            spec.tmpfs().forEach((path, size) -> tmpfs.put(path, "rw,nosuid,nodev,size=" + size));
            host.withTmpFs(tmpfs);
        }
        if (spec.memoryBytes() > 0) {
            host.withMemory(spec.memoryBytes()).withMemorySwap(spec.memoryBytes());
        }
        if (spec.pids() > 0) {
            host.withPidsLimit(spec.pids());
        }
        return host;
    }
}
