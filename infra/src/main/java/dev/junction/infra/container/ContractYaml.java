package dev.junction.infra.container;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.yaml.snakeyaml.LoaderOptions;

import java.io.IOException;

/**
 * Reads what a contract container printed as YAML (metadata, {@code bind} credentials, {@code setup}
 * environment) into a Jackson tree, bounded: the text's size, aliases and nesting are limited, so an image
 * cannot make the broker parse a bomb (Jackson's reader never expands an alias: it reads as its anchor's name). Malformed YAML becomes a {@link ContractYamlException} saying
 * where, without echoing the container's text.
 */
public final class ContractYaml {

    /** The largest output read as YAML. */
    public static final int MAX_BYTES = 1 << 20;
    private static final int MAX_ALIASES = 20;
    private static final int MAX_DEPTH = 32;

    private static final ObjectMapper MAPPER = mapper();

    private ContractYaml() {
    }

    private static ObjectMapper mapper() {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(MAX_BYTES);
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setNestingDepthLimit(MAX_DEPTH);
        options.setAllowDuplicateKeys(false);
        options.setAllowRecursiveKeys(false);
        YAMLFactory factory = YAMLFactory.builder().loaderOptions(options)
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH)
                        .maxStringLength(MAX_BYTES).maxNumberLength(100).build())
                .build();
        return new ObjectMapper(factory);
    }

    /** Thrown for output that is not (bounded, well-formed) YAML of the expected shape. */
    public static class ContractYamlException extends IllegalArgumentException {
        public ContractYamlException(String message) {
            super(message);
        }
    }

    /**
     * The first YAML document of {@code output}; a missing node when it holds none.
     *
     * @param what names the output in messages, e.g. {@code "bind output"}
     */
    public static JsonNode parse(byte[] output, String what) {
        if (output.length > MAX_BYTES) {
            throw new ContractYamlException(what + " is larger than " + MAX_BYTES + " bytes");
        }
        try {
            JsonNode node = MAPPER.readTree(output);
            return node == null ? MAPPER.missingNode() : node;
        } catch (JacksonException e) {
            JsonLocation at = e.getLocation();
            String where = at == null || at.getLineNr() < 0 ? "" : " at line " + at.getLineNr() + ", column "
                    + at.getColumnNr();
            throw new ContractYamlException(what + " is not well-formed YAML" + where + " ("
                    + e.getClass().getSimpleName() + ")");
        } catch (IOException | RuntimeException e) {
            // SnakeYAML reports its own limits (aliases, depth, size) as runtime exceptions
            throw new ContractYamlException(what + " is not acceptable YAML (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** The output as a YAML map; anything else (nothing, a list, a scalar) is refused. */
    public static ObjectNode parseMap(byte[] output, String what) {
        JsonNode node = parse(output, what);
        if (node instanceof ObjectNode map) {
            return map;
        }
        throw new ContractYamlException(what + " printed no YAML map");
    }

    /**
     * A map whose values are all scalars, as strings (the {@code setup} environment): names must look like
     * environment variable names.
     */
    public static java.util.Map<String, String> parseStringMap(byte[] output, String what) {
        ObjectNode map = parseMap(output, what);
        java.util.Map<String, String> result = new java.util.LinkedHashMap<>();
        for (var field : map.properties()) {
            if (!field.getKey().matches("[A-Za-z_][A-Za-z0-9_]{0,127}")) {
                throw new ContractYamlException(what + ": a key is not a variable name");
            }
            JsonNode value = field.getValue();
            if (!value.isValueNode() || value.isNull()) {
                throw new ContractYamlException(what + ": " + field.getKey() + " is not a scalar");
            }
            result.put(field.getKey(), value.asText());
        }
        return result;
    }
}
