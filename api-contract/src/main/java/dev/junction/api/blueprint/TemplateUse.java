package dev.junction.api.blueprint;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** A template as a blueprint uses it, with the data it contributes to {@code this.data} (or null). */
public record TemplateUse(Template template, ObjectNode data) {

    public String id() {
        return template.id();
    }
}
