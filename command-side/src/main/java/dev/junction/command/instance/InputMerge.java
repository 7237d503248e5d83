package dev.junction.command.instance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.api.error.InvalidInputException;
import dev.junction.api.instance.ServiceCatalog.Plan;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;

/**
 * The stencil's {@code $INPUTS}: the plan's operator inputs with the user's parameters merged over them
 * key by key, except the keys the operator fixed. One class, so that the validation before the lock and
 * the aggregate merge alike. Also the bounds of what a caller's parameters may be.
 */
public final class InputMerge {

    /** The most keys a caller's parameters (or context) may have at their top level. */
    public static final int MAX_KEYS = 256;
    /** The deepest nesting of a caller's parameters (or context). */
    public static final int MAX_DEPTH = 32;

    private InputMerge() {
    }

    /** A new object: never the plan's or the caller's. */
    public static ObjectNode merge(Plan plan, ObjectNode parameters) {
        ObjectNode inputs = plan.operatorInputs() == null ? JsonNodeFactory.instance.objectNode()
                : plan.operatorInputs().deepCopy();
        if (parameters == null) {
            return inputs;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = parameters.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            // a fixed key is the operator's alone, even when the operator left it unset
            boolean fixed = plan.fixedInputs() != null && plan.fixedInputs().contains(field.getKey());
            if (!fixed) {
                inputs.set(field.getKey(), field.getValue().deepCopy());
            }
        }
        return inputs;
    }

    /** Null as an empty object, so that an absent and an empty object compare equal. */
    public static ObjectNode orEmpty(ObjectNode node) {
        return node == null ? JsonNodeFactory.instance.objectNode() : node;
    }

    /** Refuses a caller's object with too many keys or too deep a nesting, naming {@code field}. */
    public static void requireBounded(String field, ObjectNode node) {
        if (node == null) {
            return;
        }
        if (node.size() > MAX_KEYS) {
            throw new InvalidInputException(field, "has " + node.size() + " keys; at most " + MAX_KEYS
                    + " are allowed");
        }
        // iterative, so a deep document cannot exhaust the stack
        Deque<JsonNode> nodes = new ArrayDeque<>();
        Deque<Integer> depths = new ArrayDeque<>();
        nodes.push(node);
        depths.push(1);
        while (!nodes.isEmpty()) {
            JsonNode current = nodes.pop();
            int depth = depths.pop();
            if (depth > MAX_DEPTH) {
                throw new InvalidInputException(field, "nests deeper than " + MAX_DEPTH + " levels");
            }
            for (JsonNode child : current) {
                if (child.isContainerNode()) {
                    nodes.push(child);
                    depths.push(depth + 1);
                }
            }
        }
    }
}
