package dev.junction.api.pipe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Combination of JSON Schemas as cloudpipe defines it: one schema as is, several under allOf. */
public final class Schemas {

    private Schemas() {
    }

    public static JsonNode combine(JsonNode a, JsonNode b) {
        List<JsonNode> parts = new ArrayList<>(2);
        if (a != null && !a.isNull()) {
            parts.add(a);
        }
        if (b != null && !b.isNull() && !Objects.equals(a, b)) {
            parts.add(b);
        }
        return combine(parts);
    }

    public static JsonNode combine(List<JsonNode> schemas) {
        List<JsonNode> present = schemas.stream().filter(s -> s != null && !s.isNull()).distinct().toList();
        if (present.isEmpty()) {
            return null;
        }
        if (present.size() == 1) {
            return present.get(0);
        }
        ObjectNode all = JsonNodeFactory.instance.objectNode();
        ArrayNode items = all.putArray("allOf");
        present.forEach(items::add);
        return all;
    }
}
