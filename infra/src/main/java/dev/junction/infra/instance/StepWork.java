package dev.junction.infra.instance;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.api.instance.Operation;
import dev.junction.api.instance.ServiceCatalog;
import dev.junction.api.instance.ServiceCatalog.Plan;
import dev.junction.api.instance.StepOutcome;
import dev.junction.infra.container.ContainerResult;
import dev.junction.infra.container.ContainerRuntime;
import dev.junction.infra.container.ContainerSpec;
import dev.junction.infra.container.ContractYaml;
import org.axonframework.eventsourcing.eventstore.EventStore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * One step of a task, from what the instance's events say to its outcome: the backend's setup (its
 * environment and {@code $OUT_CONFIG} kept for the stencil and the teardown), the stencil (its credential
 * store restored before and kept after, its outputs and bind credentials kept sealed) and the teardown.
 * A step whose container is already there (started before a restart) is awaited instead of started again.
 */
final class StepWork {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Thrown when a step cannot run or its output breaks the contract; the message is the outcome's reason. */
    static final class StepRefused extends Exception {
        final int exitCode;

        StepRefused(int exitCode, String message) {
            super(message);
            this.exitCode = exitCode;
        }
    }

    private final ContainerRuntime runtime;
    private final EventStore events;
    private final ServiceCatalog catalog;
    private final BackendRegistry backends;
    private final StepSpecs specs;
    private final TaskSetups setups;
    private final TaskLogs logs;
    private final StencilStep stencil;
    private final Path workDir;

    StepWork(ContainerRuntime runtime, EventStore events, ServiceCatalog catalog, BackendRegistry backends,
             StepSpecs specs, TaskSetups setups, TaskLogs logs, StencilStep stencil, Path workDir) {
        this.runtime = runtime;
        this.events = events;
        this.catalog = catalog;
        this.backends = backends;
        this.specs = specs;
        this.setups = setups;
        this.logs = logs;
        this.stencil = stencil;
        this.workDir = workDir;
    }

    /** The instance's context, read from its events. */
    InstanceContext context(String instanceId) {
        return InstanceContext.read(events, instanceId);
    }

    /**
     * Runs (or, when its container is there already, awaits) the step; {@code resumeOnly}: never start a
     * container, the step was interrupted by a restart and either its container is found or it is lost.
     */
    StepOutcome run(StepKey key, InstanceContext context, boolean resumeOnly) {
        try {
            InstanceContext.Task task = context.task(key.task())
                    .orElseThrow(() -> new StepRefused(-1, "task " + key.task() + " is not in the instance's events"));
            Plan plan = catalog.declaredPlan(task.serviceId(), task.planId())
                    .orElseThrow(() -> new StepRefused(-1, "plan " + task.planId() + " is no longer in the catalog"));
            BackendDefinition backend = backends.definition(plan.backend())
                    .orElseThrow(() -> new StepRefused(-1, "backend " + plan.backend() + " is not in the catalog"));
            Path dir = WorkDirs.step(workDir, key);
            Optional<String> running = runtime.find(key.labels()).stream().findFirst();
            if (running.isEmpty() && resumeOnly) {
                throw new StepRefused(-1, "its container was lost while the broker was down");
            }
            return switch (key.step()) {
                case SETUP -> setup(key, backend, dir, running);
                case STENCIL -> stencil.run(this, key, task, plan, backend, context, dir, running);
                case TEARDOWN -> teardown(key, backend, dir, running);
            };
        } catch (StepRefused e) {
            logs.note(key, e.getMessage());
            return StepOutcome.failure(e.exitCode, e.getMessage());
        } catch (IOException | RuntimeException e) {
            String reason = "the broker could not run the step: " + e.getClass().getSimpleName();
            logs.note(key, reason + ": " + e.getMessage());
            return StepOutcome.failure(-1, reason);
        }
    }

    private StepOutcome setup(StepKey key, BackendDefinition backend, Path dir, Optional<String> running)
            throws StepRefused, IOException {
        Path outConfig = dir.resolve("out-config");
        if (running.isEmpty()) {
            BackendRegistry.Status status;
            try {
                status = backends.settled(backend.name(), specs.settings().setupTimeout()).orElseThrow();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StepRefused(-1, "the broker stopped while backend " + backend.name() + " was configured");
            }
            if (status.state() != BackendRegistry.State.READY) {
                throw new StepRefused(-1, "backend " + backend.name() + " is not ready: " + status.message());
            }
            DirArchive.delete(dir);
            WorkDirs.writable(outConfig);
        }
        ContainerSpec spec = specs.backend(backend, "setup", backends.configDir(backend.name()), outConfig, null,
                labels(key, "setup"));
        ContainerResult result = start(key, spec, running, false, true);
        try {
            if (!result.succeeded()) {
                return StepOutcome.failure(result.timedOut() ? -1 : result.exitCode(), StepReasons.of("setup", result));
            }
            Map<String, String> env;
            try {
                env = blank(result.stdout()) ? Map.of()
                        : ContractYaml.parseStringMap(result.stdout(), "the setup output");
                if (env.values().stream().anyMatch(v -> v.indexOf('\0') >= 0)) {
                    return StepOutcome.failure(result.exitCode(), "the setup output has a value with a NUL character");
                }
            } catch (IllegalArgumentException e) {
                return StepOutcome.failure(result.exitCode(), e.getMessage());
            }
            if (!Files.isDirectory(outConfig)) {
                throw new StepRefused(-1, "the setup's $OUT_CONFIG was lost while the broker was down");
            }
            byte[] archive;
            try {
                archive = DirArchive.pack(outConfig, BackendRegistry.MAX_CONFIG_BYTES);
            } catch (DirArchive.RefusedException e) {
                return StepOutcome.failure(result.exitCode(), "the setup's $OUT_CONFIG holds " + e.getMessage());
            }
            setups.keep(key.instanceId(), key.task(), new TaskSetups.Setup(env, archive));
            return StepOutcome.success(result.exitCode());
        } finally {
            DirArchive.delete(dir);
        }
    }

    private StepOutcome teardown(StepKey key, BackendDefinition backend, Path dir, Optional<String> running)
            throws StepRefused, IOException {
        Path inConfig = dir.resolve("in-config");
        if (running.isEmpty()) {
            Optional<TaskSetups.Setup> kept = setups.find(key.instanceId(), key.task());
            if (kept.isEmpty()) {
                logs.note(key, "nothing of this task's setup is kept: nothing to tear down");
                return StepOutcome.success(0);
            }
            DirArchive.delete(dir);
            Files.createDirectories(inConfig);
            DirArchive.unpack(kept.get().configArchive(), inConfig, BackendRegistry.MAX_CONFIG_BYTES);
        }
        ContainerSpec spec = specs.backend(backend, "teardown", inConfig, null, null, labels(key, "teardown"));
        try {
            ContainerResult result = start(key, spec, running, true, true);
            if (!result.succeeded()) {
                return StepOutcome.failure(result.timedOut() ? -1 : result.exitCode(),
                        StepReasons.of("teardown", result));
            }
            setups.forget(key.instanceId(), key.task());
            return StepOutcome.success(result.exitCode());
        } finally {
            DirArchive.delete(dir);
        }
    }

    /** Starts the container, or awaits the one found; its output goes to the task's log as it comes. */
    ContainerResult start(StepKey key, ContainerSpec spec, Optional<String> running, boolean keepStdout,
                          boolean keepStderr) {
        ContainerRuntime.LogSink sink = logs.sink(key, keepStdout, keepStderr);
        if (running.isPresent()) {
            Duration timeout = spec.timeout();
            return runtime.await(running.get(), timeout, sink);
        }
        return runtime.run(spec, sink);
    }

    /** A setup that prints nothing adds no variables. */
    private static boolean blank(byte[] output) {
        return new String(output, java.nio.charset.StandardCharsets.UTF_8).isBlank();
    }

    static Map<String, String> labels(StepKey key, String operation) {
        Map<String, String> labels = new java.util.HashMap<>(key.labels());
        labels.put(StepKey.OPERATION, operation);
        return labels;
    }

    /** Writes {@code value} as JSON to a new read-only file. */
    static void writeJson(Path file, Object value) throws IOException {
        Files.write(file, JSON.writeValueAsBytes(value));
    }

    static boolean writesOutputs(Operation operation) {
        return operation == Operation.PROVISION || operation == Operation.UPDATE;
    }
}
