package dev.junction.api.pipe;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;

/**
 * How much a pipe's JSON weighs, estimated as the length of its JSON text, for the caches bounded by
 * bytes rather than by entries: a pipe's size is set by its ends' data and schemas, which a user chooses.
 * The walk keeps its own stack, so a deeply nested document cannot overflow the thread's.
 */
public final class JsonWeights {

    /** What a view or an aggregate weighs besides its ends' JSON: ids, versions, times, object headers. */
    public static final long BASE = 512;

    private JsonWeights() {
    }

    public static long of(PipeView view) {
        return view == null ? 0 : BASE + of(view.thisEnd()) + of(view.otherEnd());
    }

    public static long of(End end) {
        if (end == null) {
            return 0;
        }
        return length(end.uri()) + length(end.issuer()) + of(end.schema()) + of(end.data());
    }

    /** The length of the node's compact JSON text, give or take the digits of its numbers. */
    public static long of(JsonNode node) {
        if (node == null) {
            return 0;
        }
        long weight = 0;
        Deque<JsonNode> pending = new ArrayDeque<>();
        pending.push(node);
        while (!pending.isEmpty()) {
            JsonNode next = pending.pop();
            if (next.isObject()) {
                weight += 2;
                for (Iterator<Map.Entry<String, JsonNode>> it = next.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> field = it.next();
                    weight += field.getKey().length() + 4; // quotes, colon, comma
                    pending.push(field.getValue());
                }
            } else if (next.isArray()) {
                weight += 2 + next.size();
                next.forEach(pending::push);
            } else if (next.isTextual()) {
                weight += next.textValue().length() + 2;
            } else if (next.isBinary()) {
                weight += next.asText().length() + 2;
            } else {
                weight += 8; // a number, true, false or null
            }
        }
        return weight;
    }

    private static long length(String text) {
        return text == null ? 0 : text.length();
    }
}
