package dev.junction.infra.config;

import org.springframework.util.unit.DataSize;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The settings of service instances ({@code junction.instances.*}): the catalog, and how stencil and
 * backend containers run. A group of its own beside {@link JunctionProperties}, which holds it.
 *
 * @param catalog           the YAML file of backends, services and plans; none: the OSB catalog is empty
 * @param metadataTimeout   how long an image's {@code metadata} may run (default 30 s)
 * @param setupTimeout      how long a backend's {@code setup}, {@code configure} or {@code check} may run
 *                          (default 2 min)
 * @param operationTimeout  how long a stencil operation may run before it is killed and fails (default 10 min)
 * @param teardownTimeout   how long one backend {@code teardown} may run (default 2 min)
 * @param memory            each container's memory limit (default 256 MB)
 * @param pids              each container's process limit (default 256)
 * @param credstoreSize     the space of an instance's {@code $CREDSTORE}; writing past it fails inside the
 *                          container (default 1 MB)
 * @param outputCap         what is kept of a container's stdout, stderr and log each (default 1 MB)
 * @param taskThreads       containers run at once by this broker (default 32)
 * @param teardownRetry     the first pause before a failed teardown is tried again; it doubles each time
 *                          (default 1 s)
 * @param teardownRetryMax  the longest pause between teardown attempts (default 5 min)
 * @param dockerHost        the engine instances of the {@code docker} infrastructure are given as
 *                          {@code DOCKER_HOST} (default the engine Junction uses)
 * @param kubeconfig        mounted at {@code $HOME/.kube/config} for the {@code kubernetes} infrastructure
 * @param bosh              the {@code BOSH_*} variables passed for the {@code bosh} infrastructure
 */
public record InstanceSettings(Path catalog, Duration metadataTimeout, Duration setupTimeout,
                               Duration operationTimeout, Duration teardownTimeout, DataSize memory, int pids,
                               DataSize credstoreSize, DataSize outputCap, int taskThreads,
                               Duration teardownRetry, Duration teardownRetryMax, String dockerHost,
                               Path kubeconfig, Map<String, String> bosh) {

    public InstanceSettings {
        metadataTimeout = metadataTimeout == null ? Duration.ofSeconds(30) : metadataTimeout;
        setupTimeout = setupTimeout == null ? Duration.ofMinutes(2) : setupTimeout;
        operationTimeout = operationTimeout == null ? Duration.ofMinutes(10) : operationTimeout;
        teardownTimeout = teardownTimeout == null ? Duration.ofMinutes(2) : teardownTimeout;
        memory = memory == null ? DataSize.ofMegabytes(256) : memory;
        pids = pids > 0 ? pids : 256;
        credstoreSize = credstoreSize == null ? DataSize.ofMegabytes(1) : credstoreSize;
        outputCap = outputCap == null ? DataSize.ofMegabytes(1) : outputCap;
        taskThreads = taskThreads > 0 ? taskThreads : 32;
        teardownRetry = teardownRetry == null ? Duration.ofSeconds(1) : teardownRetry;
        teardownRetryMax = teardownRetryMax == null ? Duration.ofMinutes(5) : teardownRetryMax;
        bosh = bosh == null ? Map.of() : Map.copyOf(bosh);
    }
}
