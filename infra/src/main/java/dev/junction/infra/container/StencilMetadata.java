package dev.junction.infra.container;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * A stencil image's {@code metadata} output, checked against the Stencil v1 contract ({@code tweed: v1}).
 * {@code inputs} maps each input's name to its JSON Schema, as the image declares them.
 */
public record StencilMetadata(String name, String version, List<String> infrastructures, List<OutputFile> files,
                              ObjectNode inputs) {

    /** A file a stencil may leave in {@code $OUTPUTS}. */
    public record OutputFile(String filename, String summary, String description) {
    }
}
