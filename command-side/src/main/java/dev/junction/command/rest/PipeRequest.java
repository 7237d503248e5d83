package dev.junction.command.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.api.error.InvalidInputException;
import dev.junction.api.pipe.End;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A pipe or binding request body, read leniently as cloudpipe peers write it: field names match
 * case-insensitively ({@code Issuer} is {@code issuer}), unknown fields are ignored, a binding's
 * pipe may be flat or under {@code pipe}. Wrong types are errors that name the field.
 */
public record PipeRequest(String id, End thisEnd, End otherEnd, String proto, List<String> adapters) {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:~-]{0,199}");

    public static PipeRequest parse(String body) {
        if (body == null || body.isBlank()) {
            return new PipeRequest(null, null, null, null, null);
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            // say where, never what: the text of a broken body may hold a secret, and errors are logged
            var at = e.getLocation();
            throw new InvalidInputException("body", "is not valid JSON"
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
        }
        if (root == null || !root.isObject()) {
            throw new InvalidInputException("body", "must be a JSON object");
        }
        List<InvalidInputException.FieldError> errors = new ArrayList<>();
        JsonNode pipe = field(root, "pipe");
        JsonNode source = pipe != null && pipe.isObject() ? pipe : root;
        String id = text(source, "id", "id", errors);
        if (id != null && !ID.matcher(id).matches()) {
            errors.add(new InvalidInputException.FieldError("id",
                    "must be 1 to 200 letters, digits or . _ : ~ - and start with a letter or digit"));
        }
        End thisEnd = end(field(source, "this"), "this", errors);
        End otherEnd = end(field(source, "other"), "other", errors);
        String proto = text(root, "proto", "proto", errors);
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
                    adapters.add(a.asText());
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        return new PipeRequest(id, thisEnd, otherEnd, proto, adapters);
    }

    private static End end(JsonNode node, String name, List<InvalidInputException.FieldError> errors) {
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
