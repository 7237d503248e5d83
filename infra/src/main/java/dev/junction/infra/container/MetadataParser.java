package dev.junction.infra.container;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Checks a {@code metadata} YAML map against the Stencil v1 or Backend v1 contract, field by field; the
 * first problem becomes an {@link InvalidImageException} naming the field. Scalars are read as text, so an
 * unquoted {@code version: 2} is the string "2".
 */
final class MetadataParser {

    private static final int MAX_SHORT = 256;
    private static final int MAX_LONG = 64 * 1024;
    private static final int MAX_ITEMS = 256;

    private MetadataParser() {
    }

    static StencilMetadata stencil(ObjectNode map) {
        String tweed = text(map, "tweed", MAX_SHORT);
        if (!"v1".equals(tweed)) {
            throw invalid("\"tweed\" must be \"v1\"");
        }
        String name = text(map, "name", MAX_SHORT);
        String version = text(map, "version", MAX_SHORT);
        List<String> infrastructures = strings(map, "infrastructures", true);
        List<StencilMetadata.OutputFile> files = new ArrayList<>();
        JsonNode list = map.get("files");
        if (list != null && !list.isNull()) {
            if (!list.isArray() || list.size() > MAX_ITEMS) {
                throw invalid("\"files\" must be a list (of at most " + MAX_ITEMS + ")");
            }
            for (int i = 0; i < list.size(); i++) {
                files.add(file(list.get(i), "files[" + i + "]"));
            }
        }
        return new StencilMetadata(name, version, infrastructures, List.copyOf(files), inputs(map));
    }

    static BackendMetadata backend(ObjectNode map) {
        String backend = text(map, "backend", MAX_SHORT);
        if (!"tweed/v1".equals(backend)) {
            throw invalid("\"backend\" must be \"tweed/v1\"");
        }
        String icon = null;
        JsonNode iconNode = map.get("icon");
        if (iconNode != null && !iconNode.isNull()) {
            if (!(iconNode instanceof ObjectNode iconMap)) {
                throw invalid("\"icon\" must be a map with \"base64\"");
            }
            icon = text(iconMap, "base64", MAX_LONG * 4, "icon.base64");
            try {
                Base64.getDecoder().decode(icon.replaceAll("\\s+", ""));
            } catch (IllegalArgumentException e) {
                throw invalid("icon.base64 is not base64");
            }
        }
        return new BackendMetadata(text(map, "name", MAX_SHORT), text(map, "version", MAX_SHORT),
                text(map, "summary", MAX_LONG), text(map, "description", MAX_LONG), icon,
                text(map, "copyright", MAX_LONG), strings(map, "authors", false), inputs(map));
    }

    private static StencilMetadata.OutputFile file(JsonNode node, String at) {
        if (!(node instanceof ObjectNode file)) {
            throw invalid(at + " must be a map of filename, summary and description");
        }
        String filename = text(file, "filename", MAX_SHORT, at + ".filename");
        if (!relative(filename)) {
            throw invalid(at + ".filename must be a relative path");
        }
        return new StencilMetadata.OutputFile(filename, text(file, "summary", MAX_LONG, at + ".summary"),
                text(file, "description", MAX_LONG, at + ".description"));
    }

    private static boolean relative(String filename) {
        if (filename.startsWith("/") || filename.indexOf('\0') >= 0 || filename.indexOf('\\') >= 0) {
            return false;
        }
        for (String segment : filename.split("/", -1)) {
            if (segment.isEmpty() || segment.equals("..")) {
                return false;
            }
        }
        return true;
    }

    private static ObjectNode inputs(ObjectNode map) {
        JsonNode inputs = map.get("inputs");
        if (inputs == null || inputs.isNull()) {
            return JsonNodeFactory.instance.objectNode();
        }
        if (!(inputs instanceof ObjectNode schemas) || schemas.size() > MAX_ITEMS) {
            throw invalid("\"inputs\" must be a map of input names to JSON Schemas");
        }
        for (var input : schemas.properties()) {
            if (!input.getKey().matches("[A-Za-z0-9_.-]{1,128}")) {
                throw invalid("an input name must be 1 to 128 letters, digits, '_', '.' or '-'");
            }
            if (!input.getValue().isObject()) {
                throw invalid("inputs." + input.getKey() + " must be a JSON Schema object");
            }
        }
        return schemas.deepCopy();
    }

    private static List<String> strings(ObjectNode map, String field, boolean nonEmpty) {
        JsonNode list = map.get(field);
        if (list == null || list.isNull()) {
            throw invalid("metadata lacks \"" + field + "\"");
        }
        if (!list.isArray() || (nonEmpty && list.isEmpty()) || list.size() > MAX_ITEMS) {
            throw invalid("\"" + field + "\" must be a " + (nonEmpty ? "non-empty " : "") + "list of strings");
        }
        List<String> values = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode item = list.get(i);
            if (!item.isValueNode() || item.isNull() || item.asText().isBlank() || item.asText().length() > MAX_SHORT) {
                throw invalid(field + "[" + i + "] must be a non-empty string");
            }
            values.add(item.asText());
        }
        return List.copyOf(values);
    }

    private static String text(ObjectNode map, String field, int max) {
        return text(map, field, max, null);
    }

    private static String text(ObjectNode map, String field, int max, String at) {
        String name = at == null ? "\"" + field + "\"" : at;
        JsonNode node = map.get(field);
        if (node == null || node.isNull()) {
            throw invalid(at == null ? "metadata lacks \"" + field + "\"" : name + " is missing");
        }
        if (!node.isValueNode() || node.asText().isBlank()) {
            throw invalid(name + " must be a non-empty string");
        }
        if (node.asText().length() > max) {
            throw invalid(name + " is longer than " + max + " characters");
        }
        return node.asText();
    }

    private static InvalidImageException invalid(String message) {
        return new InvalidImageException(message);
    }
}
