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
        if (b != null && !b.isNull() && requires(a, b)) {
            // a already holds b among its allOf parts: adding it again would change nothing but a's size
            return a;
        }
        List<JsonNode> parts = new ArrayList<>();
        if (isAllOfAlone(a)) {
            a.get("allOf").forEach(parts::add); // one allOf, not one more level per PATCH (schema depth is limited)
        } else if (a != null && !a.isNull()) {
            parts.add(a);
        }
        if (b != null && !b.isNull() && !Objects.equals(a, b)) {
            parts.add(b);
        }
        return combine(parts);
    }

    private static boolean isAllOfAlone(JsonNode schema) {
        return schema != null && schema.isObject() && schema.size() == 1 && schema.path("allOf").isArray();
    }

    /** True when {@code combined} is an allOf (alone, possibly nested) with {@code part} among its parts. */
    private static boolean requires(JsonNode combined, JsonNode part) {
        if (!isAllOfAlone(combined)) {
            return false;
        }
        for (JsonNode each : combined.get("allOf")) {
            if (each.equals(part) || requires(each, part)) {
                return true;
            }
        }
        return false;
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
