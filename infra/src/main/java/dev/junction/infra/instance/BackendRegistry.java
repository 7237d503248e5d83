package dev.junction.infra.instance;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.api.error.InvalidInputException.FieldError;
import dev.junction.api.pipe.End;
import dev.junction.command.schema.SchemaValidator;
import dev.junction.infra.container.BackendMetadata;
import dev.junction.infra.container.ContainerResult;
import dev.junction.infra.container.ContainerRuntime;
import dev.junction.infra.container.ImageMetadataSource;
import dev.junction.infra.container.InvalidImageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

/**
 * The backends and where each stands: those the catalog file declares, and those an operator registered
 * through the API ({@link #learn}, from their events), which override a file backend of the same name.
 * Each one's metadata is read, the operator's configuration checked against its {@code inputs}, fed to its
 * {@code configure} and kept (sealed), then its {@code check} run: at start (off the main thread) for all,
 * and again for one whenever its registration changes. A task's setup needs its backend
 * {@link State#READY}.
 */
public class BackendRegistry {

    private static final Logger log = LoggerFactory.getLogger(BackendRegistry.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** What a backend's configuration directory may hold. */
    static final long MAX_CONFIG_BYTES = 1L << 20;

    public enum State { UNCONFIGURED, READY, FAILED }

    private static final long SETTLE_POLL_MILLIS = 100;

    public record Status(String name, String image, BackendMetadata metadata, State state, String message,
                         Instant checkedAt) {
    }

    private final BackendDefinitions definitions;
    private final Map<String, Status> statuses = new ConcurrentHashMap<>();
    /** One configuration at a time, in the order the changes were learned; never on an event's thread. */
    private final ExecutorService configuring = Executors.newSingleThreadExecutor(
            Thread.ofVirtual().name("backend-configure").factory());
    /** Set before the configuration at start is queued: a registration learned before it is configured by it. */
    private volatile boolean started;
    private final ImageMetadataSource metadata;
    private final ContainerRuntime runtime;
    private final SchemaValidator validator;
    private final BackendConfigs configs;
    private final StepSpecs specs;
    private final Path workDir;

    public BackendRegistry(List<BackendDefinition> backends, ImageMetadataSource metadata, ContainerRuntime runtime,
                           SchemaValidator validator, BackendConfigs configs, StepSpecs specs, Path workDir) {
        this.definitions = new BackendDefinitions(backends);
        this.metadata = metadata;
        this.runtime = runtime;
        this.validator = validator;
        this.configs = configs;
        this.specs = specs;
        this.workDir = workDir;
        backends.forEach(this::unconfigured);
    }

    @EventListener(ApplicationReadyEvent.class)
    public void startConfiguring() {
        started = true;
        configuring.execute(this::configureAll);
    }

    /** Stops configuring: a container being configured is left to its own timeout's clean-up. */
    public void close() {
        configuring.shutdownNow();
    }

    /** Configures every backend now, in the caller's thread. */
    public void configureAll() {
        definitions.names().forEach(name -> definition(name).ifPresent(this::configure));
    }

    /**
     * Takes a registration ({@code definition}) or a removal ({@code null}) of a backend from its stream, at
     * {@code sequence}: an older one than the one known is passed over (a replay, or the events read at start
     * met again by the event processor). Once the broker serves, the backend is configured again off this
     * thread: the registered one, or the file's it falls back to; one that neither declares is dropped.
     */
    public void learn(String name, BackendDefinition definition, long sequence) {
        if (!definitions.take(name, definition, sequence)) {
            return;
        }
        boolean configure = started;
        Optional<BackendDefinition> now = definition(name);
        if (now.isEmpty()) {
            statuses.remove(name);
            configuring.execute(() -> forget(name));
            return;
        }
        unconfigured(now.get());
        if (configure) {
            configuring.execute(() -> definition(name).ifPresent(backend -> {
                forget(name);
                configure(backend);
            }));
        }
    }

    /** The backend a task uses: the one an operator registered, else the catalog file's. */
    public Optional<BackendDefinition> definition(String name) {
        return definitions.get(name);
    }

    public Optional<Status> status(String name) {
        return definition(name).isEmpty() ? Optional.empty() : Optional.ofNullable(statuses.get(name));
    }

    /**
     * The backend's status once it is no longer being configured, waiting up to {@code max}: the backends are
     * configured in the background when the broker starts, and a step asked for meanwhile (one resumed after
     * a restart) waits for them instead of failing.
     */
    public Optional<Status> settled(String name, Duration max) throws InterruptedException {
        long until = System.nanoTime() + max.toNanos();
        Optional<Status> status = status(name);
        while (status.isPresent() && status.get().state() == State.UNCONFIGURED && System.nanoTime() < until) {
            Thread.sleep(SETTLE_POLL_MILLIS);
            status = status(name);
        }
        return status;
    }

    /** The file's backends in its order, then those only registered, by name. */
    public List<Status> statuses() {
        return definitions.names().stream().map(statuses::get).filter(Objects::nonNull).toList();
    }

    private void unconfigured(BackendDefinition backend) {
        statuses.put(backend.name(), new Status(backend.name(), backend.image(), null, State.UNCONFIGURED,
                "not configured yet", Instant.now()));
    }

    /** A backend's registration changed: what was configured for the one before is not this one's. */
    private void forget(String name) {
        DirArchive.delete(configDir(name));
        try {
            configs.forget(name);
        } catch (RuntimeException e) {
            log.warn("backend {}: its kept configuration could not be deleted: {}", name, e.toString());
        }
    }

    /** The configured directory of a ready backend, for its setup's {@code $IN_CONFIG}. */
    Path configDir(String name) {
        return workDir.resolve("backends").resolve(WorkDirs.safeName(name)).resolve("config");
    }

    /** Reads the metadata, checks and feeds the configuration, keeps it and checks it. */
    public Status configure(BackendDefinition backend) {
        BackendMetadata meta;
        try {
            meta = metadata.backend(backend.image());
        } catch (InvalidImageException | IllegalStateException e) {
            return record(backend, null, null, State.FAILED, "image: " + e.getMessage());
        }
        ObjectNode config = backend.config() == null ? JsonNodeFactory.instance.objectNode() : backend.config();
        ObjectNode schema = JsonNodeFactory.instance.objectNode().put("type", "object");
        schema.set("properties", meta.inputs() == null ? JsonNodeFactory.instance.objectNode() : meta.inputs());
        List<FieldError> errors = validator.errors("config", new End(null, null, schema, config));
        if (!errors.isEmpty()) {
            return record(backend, meta, null, State.FAILED, "configuration: " + errors.stream()
                    .map(e -> e.field() + " " + e.message()).collect(Collectors.joining("; ")));
        }
        Path dir = configDir(backend.name());
        try {
            DirArchive.delete(dir);
            WorkDirs.writable(dir);
            ContainerResult result = runtime.run(specs.backend(backend, "configure", null, dir,
                    JSON.writeValueAsBytes(config), Map.of("dev.junction.backend", backend.name())),
                    ContainerRuntime.LogSink.NONE);
            if (!result.succeeded()) {
                return record(backend, meta, null, State.FAILED, StepReasons.of("configure", result));
            }
            byte[] archive = DirArchive.pack(dir, MAX_CONFIG_BYTES);
            record(backend, meta, archive, State.UNCONFIGURED, "configured, not checked yet");
        } catch (IOException | RuntimeException e) {
            return record(backend, meta, null, State.FAILED, "configure: " + e.getMessage());
        }
        return check(backend.name());
    }

    /** Runs the backend's {@code check} on its kept configuration. */
    public Status check(String name) {
        BackendDefinition backend = definition(name).orElseThrow(() -> new IllegalArgumentException("no backend " + name));
        Status before = statuses.get(name);
        BackendMetadata meta = before == null ? null : before.metadata();
        Path dir = configDir(name);
        try {
            if (!Files.isDirectory(dir)) {
                Optional<byte[]> kept = configs.config(name);
                if (kept.isEmpty()) {
                    // a configuration that failed leaves nothing to check: its reason still says why
                    return before != null && before.state() == State.FAILED ? before
                            : record(backend, meta, null, State.UNCONFIGURED, "not configured");
                }
                Files.createDirectories(dir);
                DirArchive.unpack(kept.get(), dir, MAX_CONFIG_BYTES);
            }
            ContainerResult result = runtime.run(specs.backend(backend, "check", dir, null, null,
                    Map.of("dev.junction.backend", name)), ContainerRuntime.LogSink.NONE);
            return result.succeeded() ? record(backend, meta, null, State.READY, "check passed")
                    : record(backend, meta, null, State.FAILED, StepReasons.of("check", result));
        } catch (IOException | RuntimeException e) {
            return record(backend, meta, null, State.FAILED, "check: " + e.getMessage());
        }
    }

    private Status record(BackendDefinition backend, BackendMetadata meta, byte[] archive, State state,
                          String message) {
        Instant now = Instant.now();
        Status status = new Status(backend.name(), backend.image(), meta, state, message, now);
        if (definition(backend.name()).orElse(null) != backend) {
            return status; // registered anew or removed meanwhile: the configuration that follows says where it stands
        }
        statuses.put(backend.name(), status);
        if (state == State.FAILED) {
            log.warn("backend {} ({}) failed: {}", backend.name(), backend.image(), message);
        } else {
            log.info("backend {} ({}): {}", backend.name(), backend.image(), message);
        }
        try {
            configs.save(backend.name(), archive, state, message, now);
        } catch (RuntimeException e) {
            log.warn("backend {}: its state could not be stored: {}", backend.name(), e.toString());
        }
        return status;
    }
}
