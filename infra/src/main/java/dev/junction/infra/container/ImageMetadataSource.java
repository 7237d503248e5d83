package dev.junction.infra.container;

/**
 * Runs an image's {@code metadata} operation and checks its output against the contract. Results are
 * cached by image id, so a retagged image is read again.
 */
public interface ImageMetadataSource {

    /** @throws InvalidImageException naming what the image got wrong (exit code, YAML, a missing field) */
    StencilMetadata stencil(String image);

    /** @throws InvalidImageException naming what the image got wrong */
    BackendMetadata backend(String image);

    /** Whether a container engine answers at all (without one, no instance operation can run). */
    boolean engineAvailable();
}
