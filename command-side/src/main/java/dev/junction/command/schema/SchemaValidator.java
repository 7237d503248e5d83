package dev.junction.command.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.junction.api.error.InvalidInputException;
import dev.junction.api.error.InvalidInputException.FieldError;
import dev.junction.api.pipe.End;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Validates the data of pipe ends against their JSON Schemas (draft 2020-12 unless a schema says
 * otherwise). Compiled schemas are cached by their content. Every {@code $ref} outside the schema
 * itself is refused: a broker must not fetch URLs (nor read files) that a request names.
 */
public class SchemaValidator {

    private static final int CACHE_LIMIT = 10_000;

    private final JsonSchemaFactory factory = JsonSchemaFactory.builder(
                    JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012))
            .schemaLoaders(loaders -> loaders.add(iri -> {
                // Only the validator's own meta-schemas, which it maps to classpath: before loading,
                // may be loaded. Any other scheme (http, https, but also jar:http:, ftp:, file:) would
                // make the broker fetch or read what a request names.
                String scheme = iri.getScheme();
                if (!"classpath".equalsIgnoreCase(scheme) && !"resource".equalsIgnoreCase(scheme)) {
                    throw new IllegalArgumentException("remote $ref is not allowed: " + iri);
                }
                return null;
            }))
            .build();

    private final Map<JsonNode, JsonSchema> compiled = new ConcurrentHashMap<>();

    /** Throws {@link InvalidInputException} naming every failing field of both ends. */
    public void validate(End thisEnd, End otherEnd) {
        List<FieldError> errors = new ArrayList<>();
        errors.addAll(errors("this", thisEnd));
        errors.addAll(errors("other", otherEnd));
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
    }

    public List<FieldError> errors(String endName, End end) {
        if (end == null || end.schema() == null || end.schema().isNull()) {
            return List.of();
        }
        JsonSchema schema;
        try {
            schema = compile(end.schema());
        } catch (RuntimeException e) {
            return List.of(new FieldError(endName + ".schema", "is not a usable JSON Schema: " + e.getMessage()));
        }
        Set<ValidationMessage> messages = schema.validate(end.dataOrEmpty());
        return messages.stream()
                .map(m -> toFieldError(endName, m))
                .sorted(Comparator.comparing(FieldError::field).thenComparing(FieldError::message))
                .toList();
    }

    private JsonSchema compile(JsonNode schemaNode) {
        if (!schemaNode.isObject() && !schemaNode.isBoolean()) {
            throw new IllegalArgumentException("a schema must be a JSON object or a boolean");
        }
        JsonSchema cached = compiled.get(schemaNode);
        if (cached != null) {
            return cached;
        }
        JsonSchema schema = factory.getSchema(schemaNode);
        schema.initializeValidators();
        if (compiled.size() >= CACHE_LIMIT) {
            compiled.clear();
        }
        compiled.put(schemaNode.deepCopy(), schema);
        return schema;
    }

    private static FieldError toFieldError(String endName, ValidationMessage message) {
        String location = message.getInstanceLocation().toString();
        String path = location.startsWith("$") ? location.substring(1) : location;
        String field = endName + ".data" + path;
        if ("required".equals(message.getType()) && message.getProperty() != null) {
            field = field + "." + message.getProperty(); // name the missing field itself
        }
        String text = message.getMessage();
        String prefix = location + ": ";
        if (text.startsWith(prefix)) {
            text = text.substring(prefix.length());
        }
        return new FieldError(field, text);
    }

}
