package dev.junction.command.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.junction.api.error.InvalidInputException;
import dev.junction.api.error.InvalidInputException.FieldError;
import dev.junction.api.pipe.End;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Validates the data of pipe ends against their JSON Schemas (draft 2020-12 unless a schema says
 * otherwise). A schema is checked before it is compiled ({@link SchemaGraph}, {@link SchemaChecks}):
 * references only inside itself, no endless or exponential recursion, bounded nesting, and regular
 * expressions that RE2 runs in linear time ({@link Re2Patterns}). Compiled schemas are cached by their
 * content, up to a total size of schema text.
 */
public class SchemaValidator {

    /** The validator's own meta-schemas, which it maps to its jar before loading: the only IRIs it may load. */
    private static final Pattern META_SCHEMA_RESOURCES =
            Pattern.compile("classpath:(draft/(2020-12|2019-09)/[a-z/-]+|draft-0[467]/schema)");

    private final SchemaLimits limits;
    private final Re2Patterns patterns;
    private final SchemaValidatorsConfig config;
    private final JsonSchemaFactory factory;
    private final Cache<JsonNode, JsonSchema> compiled;

    public SchemaValidator(SchemaLimits limits) {
        this(limits, iri -> { });
    }

    /** {@code loads} hears of every IRI the validator's loader is asked for, so tests can see none is. */
    SchemaValidator(SchemaLimits limits, Consumer<String> loads) {
        this.limits = limits;
        this.patterns = new Re2Patterns(limits.maxPatternLength());
        // the validator's former defaults (field paths as $.a.b, "nullable", custom "message"s), with RE2
        this.config = SchemaValidatorsConfig.builder().pathType(PathType.LEGACY).nullableKeywordEnabled(true)
                .errorMessageKeyword("message").regularExpressionFactory(patterns).build();
        this.factory = JsonSchemaFactory.builder(JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012))
                .schemaLoaders(loaders -> loaders.add(iri -> {
                    // a second line behind SchemaGraph: never fetch or read what a request names
                    loads.accept(iri.toString());
                    if (!META_SCHEMA_RESOURCES.matcher(iri.toString()).matches()) {
                        throw new UnusableSchemaException("$ref " + UnusableSchemaException.quote(iri.toString())
                                + " is not allowed: only references inside the schema itself are followed");
                    }
                    return null;
                }))
                .build();
        this.compiled = Caffeine.newBuilder()
                .maximumWeight(limits.cacheBytes())
                .<JsonNode, JsonSchema>weigher((schema, compiledSchema) -> (int) Math.min(Integer.MAX_VALUE,
                        schema.toString().length()))
                .build();
    }

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
        String field = endName + ".schema";
        JsonSchema schema;
        try {
            schema = compile(end.schema());
        } catch (UnusableSchemaException e) {
            return List.of(unusable(field, e.getMessage()));
        } catch (StackOverflowError e) {
            return List.of(unusable(field, "it nests or recurses too deeply to be compiled"));
        } catch (RuntimeException e) {
            return List.of(unusable(field, UnusableSchemaException.quote(String.valueOf(e.getMessage()))));
        }
        Set<ValidationMessage> messages;
        try {
            messages = schema.validate(end.dataOrEmpty());
        } catch (StackOverflowError e) {
            return List.of(unusable(field, "it recurses too deeply over this data"));
        }
        return messages.stream()
                .map(m -> toFieldError(endName, m))
                .sorted(Comparator.comparing(FieldError::field).thenComparing(FieldError::message))
                .toList();
    }

    private JsonSchema compile(JsonNode schemaNode) {
        if (!schemaNode.isObject() && !schemaNode.isBoolean()) {
            throw new UnusableSchemaException("a schema must be a JSON object or a boolean");
        }
        SchemaChecks.checkDepth(schemaNode, limits.maxDepth()); // before hashing it for the cache, which recurses
        JsonSchema cached = compiled.getIfPresent(schemaNode);
        if (cached != null) {
            return cached;
        }
        SchemaGraph graph = SchemaGraph.of(schemaNode, patterns);
        SchemaChecks.checkApplications(graph, SchemaChecks.sameValueOrder(graph), limits.maxApplications());
        JsonSchema schema = factory.getSchema(schemaNode, config);
        schema.initializeValidators();
        compiled.put(schemaNode.deepCopy(), schema);
        return schema;
    }

    /** The schema text whose compiled schemas are kept now (weights are settled first). */
    long cachedSchemaText() {
        compiled.cleanUp();
        return compiled.policy().eviction().orElseThrow().weightedSize().orElseThrow();
    }

    private static FieldError unusable(String field, String reason) {
        return new FieldError(field, "is not a usable JSON Schema: " + reason);
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
