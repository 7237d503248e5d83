package dev.junction.infra.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.api.pipe.End;
import dev.junction.api.pipe.PipeView;

import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The environment an app gets from its resource's pipes: {@code PIPE_{ID}_THIS_{KEY}} and
 * {@code PIPE_{ID}_OTHER_{KEY}} for every data key (upper-cased, other characters as {@code _}), and
 * {@code INCOMING_IDENTITY}, a JSON object {@code {pipeId: {iss, sub, aud}}} for pipes whose other end's
 * data carries {@code ISS}, {@code SUB} and {@code AUD}. Non-string values are given as JSON.
 */
public final class ConfigVariables {

    /** The variables Junction owns in a dotenv file; every other key is the app's and is kept. */
    public static final Pattern MANAGED = Pattern.compile("PIPE_[A-Z0-9_]*_(THIS|OTHER)_[A-Z0-9_]*|INCOMING_IDENTITY");

    private ConfigVariables() {
    }

    public static Map<String, String> of(List<PipeView> pipes) {
        Map<String, String> vars = new TreeMap<>();
        ObjectNode identity = JsonNodeFactory.instance.objectNode();
        for (PipeView pipe : pipes) {
            String id = name(pipe.pipeId());
            add(vars, "PIPE_" + id + "_THIS_", pipe.thisEnd());
            add(vars, "PIPE_" + id + "_OTHER_", pipe.otherEnd());
            ObjectNode other = pipe.otherEnd() == null ? null : pipe.otherEnd().data();
            if (other != null && other.hasNonNull("ISS") && other.hasNonNull("SUB") && other.hasNonNull("AUD")) {
                identity.putObject(pipe.pipeId()).put("iss", other.get("ISS").asText())
                        .put("sub", other.get("SUB").asText()).put("aud", other.get("AUD").asText());
            }
        }
        if (!identity.isEmpty()) {
            vars.put("INCOMING_IDENTITY", identity.toString());
        }
        return vars;
    }

    private static void add(Map<String, String> vars, String prefix, End end) {
        if (end == null || end.data() == null) {
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = end.data().fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode value = field.getValue();
            vars.put(prefix + name(field.getKey()), value.isTextual() ? value.asText() : value.toString());
        }
    }

    static String name(String raw) {
        return raw.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }
}
