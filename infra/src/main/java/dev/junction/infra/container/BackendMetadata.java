package dev.junction.infra.container;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/** A backend image's {@code metadata} output, checked against the Backend v1 contract ({@code backend: tweed/v1}). */
public record BackendMetadata(String name, String version, String summary, String description, String iconBase64,
                              String copyright, List<String> authors, ObjectNode inputs) {
}
