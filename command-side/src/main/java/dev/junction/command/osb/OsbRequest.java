package dev.junction.command.osb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.api.error.InvalidInputException;
import dev.junction.api.error.InvalidInputException.FieldError;
import dev.junction.api.input.BoundedJson;
import dev.junction.api.input.Ids;
import dev.junction.api.instance.MaintenanceInfo;

import java.util.ArrayList;
import java.util.List;

/**
 * The body of an OSB provision, update or bind request. Field names are OSB's, matched exactly; unknown
 * fields ({@code previous_values}, {@code bind_resource}, ...) are ignored. {@code maintenance_info} is
 * kept by its {@code version} (at most {@value #MAX_VERSION} characters) and {@code description}; one
 * without a version is as if absent.
 * {@code parameters} and {@code context} are bounded like a pipe end's data. The deprecated top-level
 * {@code organization_guid} and {@code space_guid} are kept in {@code context} when it lacks them.
 */
public record OsbRequest(String serviceId, String planId, ObjectNode parameters, ObjectNode context,
                         MaintenanceInfo maintenanceInfo, String predecessorBindingId) {

    static final int MAX_VERSION = 255;

    public static OsbRequest parse(String body, BoundedJson json, boolean planRequired) {
        return parse(body, json, planRequired, false);
    }

    /**
     * A bind: {@code service_id} and {@code plan_id} are required, but for a rotation (a request naming
     * {@code predecessor_binding_id}), whose body may hold nothing else.
     */
    public static OsbRequest parseBind(String body, BoundedJson json) {
        return parse(body, json, true, true);
    }

    private static OsbRequest parse(String body, BoundedJson json, boolean planRequired, boolean rotation) {
        if (body == null || body.isBlank()) {
            throw new InvalidInputException("body", "is required: a JSON object with service_id and plan_id");
        }
        JsonNode root = json.read(body);
        if (root == null || !root.isObject()) {
            throw new InvalidInputException("body", "must be a JSON object");
        }
        List<FieldError> errors = new ArrayList<>();
        boolean idsRequired = !rotation || root.path("predecessor_binding_id").isMissingNode()
                || root.path("predecessor_binding_id").isNull();
        String serviceId = id(root, "service_id", idsRequired, errors);
        String planId = id(root, "plan_id", planRequired && idsRequired, errors);
        ObjectNode parameters = object(root, "parameters", json, errors);
        ObjectNode context = object(root, "context", json, errors);
        String organization = text(root, "organization_guid", errors);
        String space = text(root, "space_guid", errors);
        MaintenanceInfo maintenance = maintenance(root, errors);
        String predecessor = id(root, "predecessor_binding_id", false, errors);
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        if (organization != null || space != null) {
            context = context != null ? context : JsonNodeFactory.instance.objectNode();
            if (organization != null && !context.has("organization_guid")) {
                context.put("organization_guid", organization);
            }
            if (space != null && !context.has("space_guid")) {
                context.put("space_guid", space);
            }
        }
        return new OsbRequest(serviceId, planId, parameters, context, maintenance, predecessor);
    }

    /** A required query parameter that names a catalog id ({@code service_id}, {@code plan_id} of a delete). */
    public static String queryId(String value, String name) {
        if (value == null || value.isEmpty()) {
            throw new InvalidInputException(name, "is required");
        }
        return Ids.require(name, value);
    }

    private static String id(JsonNode root, String field, boolean required, List<FieldError> errors) {
        JsonNode value = root.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                errors.add(new FieldError(field, "is required"));
            }
            return null;
        }
        if (!value.isTextual()) {
            errors.add(new FieldError(field, "must be a string"));
            return null;
        }
        if (!Ids.valid(value.asText())) {
            errors.add(new FieldError(field, Ids.RULE));
            return null;
        }
        return value.asText();
    }

    private static MaintenanceInfo maintenance(JsonNode root, List<FieldError> errors) {
        JsonNode value = root.get("maintenance_info");
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isObject()) {
            errors.add(new FieldError("maintenance_info", "must be an object"));
            return null;
        }
        JsonNode version = value.get("version");
        if (version == null || version.isNull()) {
            return null; // no version: nothing to compare, as if absent
        }
        if (!version.isTextual() || version.asText().isEmpty()
                || version.asText().length() > MAX_VERSION) {
            errors.add(new FieldError("maintenance_info.version", "must be a string of 1 to " + MAX_VERSION
                    + " characters"));
            return null;
        }
        JsonNode description = value.get("description");
        return new MaintenanceInfo(version.asText(), description != null && description.isTextual()
                && description.asText().length() <= MAX_VERSION * 4 ? description.asText() : null);
    }

    private static String text(JsonNode root, String field, List<FieldError> errors) {
        JsonNode value = root.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            errors.add(new FieldError(field, "must be a string"));
            return null;
        }
        return value.asText();
    }

    private static ObjectNode object(JsonNode root, String field, BoundedJson json, List<FieldError> errors) {
        JsonNode value = root.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isObject()) {
            errors.add(new FieldError(field, "must be an object"));
            return null;
        }
        json.requireAtMost(value, field, json.limits().endDataBytes());
        return (ObjectNode) value;
    }
}
