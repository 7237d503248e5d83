package dev.junction.command.schema;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.command.schema.SchemaGraph.Node;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static dev.junction.command.schema.UnusableSchemaException.quote;

/**
 * The checks that keep a user schema from running away, made before it is compiled: its JSON nesting
 * (the validator recurses over it), references that come back to a schema without descending into the
 * data (endless recursion on any value), and references that multiply how often subschemas apply to
 * one value ({@code a} applies {@code b} twice, {@code b} applies {@code c} twice, ...: exponential time
 * for a linear schema).
 */
final class SchemaChecks {

    /** Enough levels for any data the broker's parser accepts; past it a recursion only repeats itself. */
    private static final int MAX_DATA_LEVELS = 1_000;
    /** Distinct kinds of child value followed one by one before they are bounded together. */
    private static final int MAX_KINDS = 64;

    private SchemaChecks() {
    }

    static void checkDepth(JsonNode schema, int maxDepth) {
        Deque<Object[]> stack = new ArrayDeque<>();
        stack.push(new Object[]{schema, 1});
        while (!stack.isEmpty()) {
            Object[] top = stack.pop();
            JsonNode node = (JsonNode) top[0];
            int depth = (Integer) top[1];
            if (depth > maxDepth) {
                throw new UnusableSchemaException("it is nested deeper than " + maxDepth + " levels");
            }
            node.forEach(child -> stack.push(new Object[]{child, depth + 1}));
        }
    }

    /**
     * Orders the subschemas so that each comes after every subschema applying it to the same value, or
     * refuses the schema when such applications form a cycle.
     */
    static List<Node> sameValueOrder(SchemaGraph graph) {
        Map<Node, Integer> state = new IdentityHashMap<>(); // 1 on the path, 2 done
        List<Node> finished = new ArrayList<>(graph.nodes.size());
        for (Node start : graph.nodes.values()) {
            if (state.containsKey(start)) {
                continue;
            }
            Deque<Object[]> path = new ArrayDeque<>(); // {node, index of the next edge}
            path.push(new Object[]{start, 0});
            state.put(start, 1);
            while (!path.isEmpty()) {
                Object[] top = path.peek();
                Node node = (Node) top[0];
                int next = (Integer) top[1];
                if (next == node.same.size()) {
                    path.pop();
                    state.put(node, 2);
                    finished.add(node);
                    continue;
                }
                top[1] = next + 1;
                Node target = node.same.get(next);
                Integer seen = state.get(target);
                if (seen == null) {
                    state.put(target, 1);
                    path.push(new Object[]{target, 0});
                } else if (seen == 1) {
                    throw new UnusableSchemaException("a reference comes back to " + quote(target.location)
                            + " without descending into the data (endless recursion)");
                }
            }
        }
        return finished.reversed();
    }

    /** Refuses a schema that can apply more than {@code limit} subschemas to one value of some data. */
    static void checkApplications(SchemaGraph graph, List<Node> order, int limit) {
        Map<Node, Integer> index = new IdentityHashMap<>();
        order.forEach(node -> index.put(node, index.size()));
        Set<Map<Integer, Long>> level = Set.of(close(order, index, Map.of(index.get(graph.root), 1L), limit));
        Set<Map<Integer, Long>> before = null;
        Set<Map<Integer, Long>> beforeThat = null;
        for (int depth = 0; depth <= MAX_DATA_LEVELS; depth++) {
            for (Map<Integer, Long> counts : level) {
                if (counts.values().stream().reduce(0L, (a, b) -> Math.min(a + b, limit + 1L)) > limit) {
                    throw new UnusableSchemaException("it applies more than " + limit + " subschemas to one value"
                            + (depth == 0 ? "" : " at data depth " + depth));
                }
            }
            if (level.isEmpty() || level.equals(before) || level.equals(beforeThat)) {
                return; // no value deeper, or each level repeats one of the last two
            }
            beforeThat = before;
            before = level;
            level = children(order, index, level, limit);
        }
    }

    /**
     * How often each subschema applies to a child value, one count per kind of child (a named property
     * or item, or any other): subschemas applied to different children must not add up.
     */
    private static Set<Map<Integer, Long>> children(List<Node> order, Map<Node, Integer> index,
                                                    Set<Map<Integer, Long>> level, int limit) {
        Set<Map<Integer, Long>> next = new HashSet<>();
        for (Map<Integer, Long> counts : level) {
            Map<Integer, Long> anyChild = new HashMap<>();
            Map<String, Map<Integer, Long>> byName = new HashMap<>();
            counts.forEach((i, count) -> {
                Node node = order.get(i);
                node.anyChild.forEach(target -> add(anyChild, index.get(target), count, limit));
                node.named.forEach((name, targets) -> targets.forEach(target ->
                        add(byName.computeIfAbsent(name, k -> new HashMap<>()), index.get(target), count, limit)));
            });
            if (!anyChild.isEmpty()) {
                next.add(close(order, index, anyChild, limit));
            }
            for (Map<Integer, Long> named : byName.values()) {
                anyChild.forEach((t, count) -> add(named, t, count, limit));
                next.add(close(order, index, named, limit));
            }
        }
        if (next.size() <= MAX_KINDS) {
            return next;
        }
        Map<Integer, Long> most = new HashMap<>(); // an upper bound of them all, to stay fast
        next.forEach(counts -> counts.forEach((t, count) -> most.merge(t, count, Math::max)));
        return Set.of(most);
    }

    /** Adds to each subschema how often the subschemas before it apply it to the same value. */
    private static Map<Integer, Long> close(List<Node> order, Map<Node, Integer> index, Map<Integer, Long> counts,
                                            int limit) {
        TreeMap<Integer, Long> open = new TreeMap<>(counts);
        Map<Integer, Long> closed = new HashMap<>();
        while (!open.isEmpty()) {
            Map.Entry<Integer, Long> first = open.pollFirstEntry(); // all that apply it came before, in order
            closed.put(first.getKey(), first.getValue());
            for (Node target : order.get(first.getKey()).same) {
                add(open, index.get(target), first.getValue(), limit);
            }
        }
        return closed;
    }

    private static void add(Map<Integer, Long> counts, int node, long count, int limit) {
        counts.merge(node, count, (a, b) -> Math.min(a + b, limit + 1L));
    }
}
