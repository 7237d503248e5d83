package dev.junction.command.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.api.error.InvalidInputException;
import dev.junction.api.input.BoundedJson;
import dev.junction.api.input.Ids;
import dev.junction.api.pipe.End;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A pipe or binding request body, read leniently as cloudpipe peers write it: field names match
 * case-insensitively ({@code Issuer} is {@code issuer}), unknown fields are ignored, a binding's
 * pipe may be flat or under {@code pipe}. Wrong types and ids outside {@link Ids} are errors that name
 * the field (400); an end's data or schema over its limit is refused first (413).
 */
public record PipeRequest(String id, End thisEnd, End otherEnd, String proto, List<String> adapters) {

    public static PipeRequest parse(String body, BoundedJson json) {
        if (body == null || body.isBlank()) {
            return new PipeRequest(null, null, null, null, null);
        }
        JsonNode root = json.read(body);
        if (root == null || !root.isObject()) {
            throw new InvalidInputException("body", "must be a JSON object");
        }
        List<InvalidInputException.FieldError> errors = new ArrayList<>();
        JsonNode pipe = field(root, "pipe");
        JsonNode source = pipe != null && pipe.isObject() ? pipe : root;
        String id = id(text(source, "id", "id", errors), "id", errors);
        End thisEnd = end(field(source, "this"), "this", json, errors);
        End otherEnd = end(field(source, "other"), "other", json, errors);
        String proto = id(text(root, "proto", "proto", errors), "proto", errors);
        List<String> adapters = null;
        JsonNode adaptersNode = field(root, "adapters");
        if (adaptersNode != null && !adaptersNode.isNull()) {
            if (!adaptersNode.isArray()) {
                errors.add(new InvalidInputException.FieldError("adapters", "must be an array of strings"));
            } else {
                adapters = new ArrayList<>();
                for (JsonNode a : adaptersNode) {
                    if (!a.isTextual()) {
                        errors.add(new InvalidInputException.FieldError("adapters", "must be an array of strings"));
                        break;
                    }
                    if (!Ids.valid(a.asText())) {
                        errors.add(new InvalidInputException.FieldError("adapters", "each " + Ids.RULE));
                        break;
                    }
                    adapters.add(a.asText());
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        return new PipeRequest(id, thisEnd, otherEnd, proto, adapters);
    }

    private static String id(String value, String field, List<InvalidInputException.FieldError> errors) {
        if (value != null && !Ids.valid(value)) {
            errors.add(new InvalidInputException.FieldError(field, Ids.RULE));
            return null;
        }
        return value;
    }

    private static End end(JsonNode node, String name, BoundedJson json,
                           List<InvalidInputException.FieldError> errors) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            errors.add(new InvalidInputException.FieldError(name, "must be an object"));
            return null;
        }
        String uri = text(node, "uri", name + ".uri", errors);
        String issuer = text(node, "issuer", name + ".issuer", errors);
        JsonNode schema = field(node, "schema");
        if (schema != null && schema.isNull()) {
            schema = null;
        }
        if (schema != null && !schema.isObject() && !schema.isBoolean()) {
            errors.add(new InvalidInputException.FieldError(name + ".schema", "must be a JSON Schema object"));
            schema = null;
        }
        JsonNode data = field(node, "data");
        json.requireAtMost(schema, name + ".schema", json.limits().endSchemaBytes());
        json.requireAtMost(data, name + ".data", json.limits().endDataBytes());
        ObjectNode dataObject = null;
        if (data != null && !data.isNull()) {
            if (data.isObject()) {
                dataObject = (ObjectNode) data;
            } else {
                errors.add(new InvalidInputException.FieldError(name + ".data", "must be an object"));
            }
        }
        return new End(uri, issuer, schema, dataObject);
    }

    private static String text(JsonNode node, String field, String path, List<InvalidInputException.FieldError> errors) {
        JsonNode value = field(node, field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            errors.add(new InvalidInputException.FieldError(path, "must be a string"));
            return null;
        }
        return value.asText();
    }

    /** The value of a field, matching its name case-insensitively (an exact match wins). */
    static JsonNode field(JsonNode node, String name) {
        JsonNode exact = node.get(name);
        if (exact != null) {
            return exact;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (entry.getKey().equalsIgnoreCase(name)) {
                return entry.getValue();
            }
        }
        return null;
    }
}
