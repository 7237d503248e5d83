package dev.junction.infra.container;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Reads an image's {@code metadata} by running it: no network, a small tmpfs {@code $HOME} under
 * {@code /tweed}, stdin closed, a read-only root, little memory and few processes, a short deadline. What
 * an image declares is cached by the engine's image id, so a tag moved to other content is read again;
 * failures are not cached (the engine may have been busy).
 */
public final class ContractMetadataReader implements ImageMetadataSource {

    static final String HOME = "/tweed/home";
    static final long HOME_BYTES = 16L << 20;
    static final long MEMORY_BYTES = 128L << 20;
    static final long PIDS = 64;

    private final ContainerRuntime runtime;
    private final Duration timeout;
    private final Cache<String, Object> cache = Caffeine.newBuilder().maximumSize(512).build();

    public ContractMetadataReader(ContainerRuntime runtime, Duration timeout) {
        this.runtime = runtime;
        this.timeout = timeout;
    }

    @Override
    public StencilMetadata stencil(String image) {
        return (StencilMetadata) read(image, "stencil", MetadataParser::stencil);
    }

    @Override
    public BackendMetadata backend(String image) {
        return (BackendMetadata) read(image, "backend", MetadataParser::backend);
    }

    @Override
    public boolean engineAvailable() {
        return runtime.available();
    }

    private Object read(String image, String kind, Function<ObjectNode, Object> parser) {
        String key = kind + "@" + runtime.imageId(image);
        Object known = cache.getIfPresent(key);
        if (known != null) {
            return known;
        }
        Object read;
        try {
            read = parser.apply(run(image));
        } catch (InvalidImageException e) {
            throw new InvalidImageException("image " + image + ": " + e.getMessage(), e.getCause());
        }
        cache.put(key, read);
        return read;
    }

    private ObjectNode run(String image) {
        ContainerSpec spec = new ContainerSpec(image, "metadata", Map.of("HOME", HOME), List.of(),
                Map.of(HOME, HOME_BYTES), null, ContainerSpec.Network.NONE, MEMORY_BYTES, PIDS, true, timeout,
                Map.of("dev.junction.operation", "metadata"));
        ContainerResult result = runtime.run(spec, ContainerRuntime.LogSink.NONE);
        if (result.timedOut()) {
            throw new InvalidImageException("metadata did not finish within " + timeout.toSeconds() + " s");
        }
        if (result.exitCode() != 0) {
            throw new InvalidImageException("metadata exited " + result.exitCode());
        }
        if (result.truncated()) {
            throw new InvalidImageException("metadata printed more output than the broker keeps");
        }
        try {
            return ContractYaml.parseMap(result.stdout(), "metadata");
        } catch (ContractYaml.ContractYamlException e) {
            throw new InvalidImageException(e.getMessage());
        }
    }
}
