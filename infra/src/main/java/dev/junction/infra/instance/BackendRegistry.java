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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The backends the catalog declares and where each stands: at start (off the main thread) each one's
 * metadata is read, the operator's configuration checked against its {@code inputs}, fed to its
 * {@code configure} and kept (sealed), then its {@code check} run. A task's setup needs its backend
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

    private final Map<String, BackendDefinition> definitions = new LinkedHashMap<>();
    private final Map<String, Status> statuses = new ConcurrentHashMap<>();
    private final ImageMetadataSource metadata;
    private final ContainerRuntime runtime;
    private final SchemaValidator validator;
    private final BackendConfigs configs;
    private final StepSpecs specs;
    private final Path workDir;

    public BackendRegistry(List<BackendDefinition> backends, ImageMetadataSource metadata, ContainerRuntime runtime,
                           SchemaValidator validator, BackendConfigs configs, StepSpecs specs, Path workDir) {
        backends.forEach(b -> definitions.put(b.name(), b));
        this.metadata = metadata;
        this.runtime = runtime;
        this.validator = validator;
        this.configs = configs;
        this.specs = specs;
        this.workDir = workDir;
        backends.forEach(b -> statuses.put(b.name(),
                new Status(b.name(), b.image(), null, State.UNCONFIGURED, "not configured yet", Instant.now())));
    }

    @EventListener(ApplicationReadyEvent.class)
    public void startConfiguring() {
        Thread.ofVirtual().name("backend-configure").start(this::configureAll);
    }

    public void configureAll() {
        definitions.values().forEach(this::configure);
    }

    public Optional<BackendDefinition> definition(String name) {
        return Optional.ofNullable(definitions.get(name));
    }

    public Optional<Status> status(String name) {
        return Optional.ofNullable(statuses.get(name));
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

    public List<Status> statuses() {
        return definitions.keySet().stream().map(statuses::get).toList();
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
        BackendDefinition backend = definitions.get(name);
        Status before = statuses.get(name);
        BackendMetadata meta = before == null ? null : before.metadata();
        Path dir = configDir(name);
        try {
            if (!Files.isDirectory(dir)) {
                Optional<byte[]> kept = configs.config(name);
                if (kept.isEmpty()) {
                    return record(backend, meta, null, State.UNCONFIGURED, "not configured");
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
