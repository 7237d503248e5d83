package dev.junction.infra.instance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.yaml.snakeyaml.LoaderOptions;

import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads what a container printed as YAML: a backend's {@code setup} environment and a stencil's
 * {@code bind} credentials. Bounded (size, nesting, aliases); anything that is not the expected map
 * throws {@link Refused} with a short reason that never quotes the output (it may hold secrets).
 */
final class OutputYaml {

    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final int MAX_ENV = 1000;

    private OutputYaml() {
    }

    static final class Refused extends Exception {
        Refused(String message) {
            super(message);
        }
    }

    private static ObjectMapper mapper(int maxBytes) {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(Math.max(1, maxBytes));
        options.setMaxAliasesForCollections(20);
        options.setNestingDepthLimit(50);
        options.setAllowDuplicateKeys(false);
        return new ObjectMapper(YAMLFactory.builder().loaderOptions(options).build());
    }

    /** A YAML map, as JSON. */
    static ObjectNode map(byte[] yaml, String what) throws Refused {
        JsonNode node;
        try {
            node = mapper(yaml.length + 1).readTree(yaml);
        } catch (IOException | RuntimeException e) {
            throw new Refused(what + " is not well-formed YAML");
        }
        if (node == null || node.isMissingNode() || !node.isObject()) {
            throw new Refused(what + " is not a YAML map");
        }
        return (ObjectNode) node;
    }

    /** A YAML map of environment variable names to scalar values. */
    static Map<String, String> environment(byte[] yaml) throws Refused {
        if (new String(yaml, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
            return Map.of(); // a setup with nothing to add
        }
        ObjectNode map = map(yaml, "the setup output");
        if (map.size() > MAX_ENV) {
            throw new Refused("the setup output names more than " + MAX_ENV + " variables");
        }
        Map<String, String> env = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (!ENV_NAME.matcher(field.getKey()).matches()) {
                throw new Refused("the setup output has a key that is not an environment variable name "
                        + "([A-Za-z_][A-Za-z0-9_]*)");
            }
            JsonNode value = field.getValue();
            if (!value.isValueNode()) {
                throw new Refused("the setup output's " + field.getKey() + " is not a scalar");
            }
            if (value.isNull()) {
                throw new Refused("the setup output's " + field.getKey() + " is null");
            }
            env.put(field.getKey(), value.asText());
        }
        return env;
    }
}
