package dev.junction.command.schema;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.ObjIntConsumer;

import static dev.junction.command.schema.UnusableSchemaException.quote;

/**
 * A user schema read before any validator sees it: its (sub)schemas, which of them each applies to the
 * same value of the data and which to a child value, with every {@code $ref} resolved inside the schema
 * itself. A reference that leaves the schema, a {@code $schema} that is not a known meta-schema and a
 * pattern RE2 cannot run are refused here, so no loader is ever asked for them. (One class a little
 * over the usual length: resolving a reference needs the registry of ids and anchors the walk fills.)
 */
final class SchemaGraph {

    /** One (sub)schema; {@code location} is where it was found, to name it in a message. */
    static final class Node {
        final JsonNode json;
        final String location;
        final List<Node> same = new ArrayList<>();
        final Map<String, List<Node>> named = new HashMap<>();
        final List<Node> anyChild = new ArrayList<>();

        Node(JsonNode json, String location) {
            this.json = json;
            this.location = location;
        }
    }

    private record PendingRef(Node from, String keyword, String ref, URI base) {
    }

    private record Target(JsonNode json, URI base) {
    }

    static final Set<String> META_SCHEMAS = Set.of("https://json-schema.org/draft/2020-12/schema",
            "https://json-schema.org/draft/2019-09/schema", "http://json-schema.org/draft-07/schema",
            "http://json-schema.org/draft-06/schema", "http://json-schema.org/draft-04/schema");
    /** The base of a schema without {@code $id}: a host that never resolves (RFC 2606), so it names nothing. */
    private static final URI NO_BASE = URI.create("https://junction.invalid/schema");
    private static final Set<String> ID_SCHEMES = Set.of("http", "https", "urn", "tag");
    private static final Set<String> SAME_VALUE = Set.of("not", "if", "then", "else");
    private static final Set<String> SAME_VALUE_LISTS = Set.of("allOf", "anyOf", "oneOf");
    private static final Set<String> SAME_VALUE_MAPS = Set.of("dependentSchemas", "dependencies");
    private static final Set<String> ANY_CHILD = Set.of("additionalProperties", "additionalItems", "contains",
            "propertyNames", "unevaluatedProperties", "unevaluatedItems");
    private static final Set<String> NO_VALUE_MAPS = Set.of("$defs", "definitions");

    final Node root;
    final Map<JsonNode, Node> nodes = new IdentityHashMap<>();
    private final Re2Patterns patterns;
    private final String idKeyword;
    private final Map<String, JsonNode> resources = new HashMap<>();
    private final Map<String, JsonNode> anchors = new HashMap<>();
    private final Map<String, List<Node>> dynamicAnchors = new HashMap<>();
    private final List<Node> recursiveAnchors = new ArrayList<>();
    private final Map<JsonNode, URI> resourceBase = new IdentityHashMap<>();
    private final Deque<PendingRef> pending = new ArrayDeque<>();
    private final List<PendingRef> dynamicRefs = new ArrayList<>();

    private SchemaGraph(JsonNode schema, Re2Patterns patterns) {
        this.patterns = patterns;
        String draft = schema.path("$schema").asText("");
        this.idKeyword = draft.startsWith("http://json-schema.org/draft-04/") ? "id" : "$id";
        resources.put(document(NO_BASE), schema);
        this.root = visit(schema, NO_BASE, "#");
        while (!pending.isEmpty()) {
            PendingRef ref = pending.pop();
            Target target = resolve(ref);
            ref.from.same.add(visit(target.json, resourceBase.getOrDefault(target.json, target.base), ref.ref));
        }
        for (PendingRef ref : dynamicRefs) { // a dynamic reference may land on any anchor of its name
            String name = ref.ref.substring(ref.ref.indexOf('#') + 1);
            List<Node> targets = "$recursiveRef".equals(ref.keyword) ? recursiveAnchors
                    : dynamicAnchors.getOrDefault(name, List.of());
            // it applies one of them: counting the static target twice would look like branching recursion
            targets.stream().filter(target -> !ref.from.same.contains(target)).forEach(ref.from.same::add);
        }
    }

    /** Reads the schema (its JSON nesting already checked), or throws {@link UnusableSchemaException}. */
    static SchemaGraph of(JsonNode schema, Re2Patterns patterns) {
        return new SchemaGraph(schema, patterns);
    }

    private Node visit(JsonNode json, URI base, String location) {
        Node known = nodes.get(json);
        if (known != null) {
            return known;
        }
        Node node = new Node(json, location);
        nodes.put(json, node);
        if (!json.isObject()) {
            return node;
        }
        JsonNode metaSchema = json.get("$schema");
        if (metaSchema != null && !META_SCHEMAS.contains(metaSchema.asText().replaceFirst("#$", ""))) {
            throw new UnusableSchemaException("$schema " + quote(metaSchema.asText())
                    + " is not one of the known meta-schemas (draft 2020-12, 2019-09, 7, 6, 4)");
        }
        base = declare(json, base);
        JsonNode pattern = json.get("pattern");
        if (pattern != null && pattern.isTextual()) {
            patterns.compile(pattern.textValue());
        }
        json.path("patternProperties").fieldNames().forEachRemaining(patterns::compile);
        for (Map.Entry<String, JsonNode> field : json.properties()) {
            String keyword = field.getKey();
            JsonNode value = field.getValue();
            String at = location + "/" + keyword;
            if ("$ref".equals(keyword) || "$dynamicRef".equals(keyword) || "$recursiveRef".equals(keyword)) {
                if (!value.isTextual()) {
                    throw new UnusableSchemaException(keyword + " at " + quote(at) + " must be a string");
                }
                PendingRef ref = new PendingRef(node, keyword, value.textValue(), base);
                pending.push(ref);
                if (!"$ref".equals(keyword)) {
                    dynamicRefs.add(ref);
                }
            } else if (SAME_VALUE.contains(keyword)) {
                child(value, base, at, node.same);
            } else if (SAME_VALUE_LISTS.contains(keyword)) {
                eachIndexed(value, base, at, (n, i) -> node.same.add(n));
            } else if (SAME_VALUE_MAPS.contains(keyword)) {
                eachNamed(value, base, at, (name, n) -> node.same.add(n));
            } else if ("properties".equals(keyword)) {
                eachNamed(value, base, at, (name, n) -> node.named.computeIfAbsent("." + name, k -> new ArrayList<>()).add(n));
            } else if ("prefixItems".equals(keyword) || ("items".equals(keyword) && value.isArray())) {
                eachIndexed(value, base, at, (n, i) -> node.named.computeIfAbsent("#" + i, k -> new ArrayList<>()).add(n));
            } else if (ANY_CHILD.contains(keyword) || "items".equals(keyword)) {
                child(value, base, at, node.anyChild);
            } else if ("patternProperties".equals(keyword)) {
                eachNamed(value, base, at, (name, n) -> node.anyChild.add(n));
            } else if (NO_VALUE_MAPS.contains(keyword)) {
                eachNamed(value, base, at, (name, n) -> { });
            } else if ("contentSchema".equals(keyword)) {
                child(value, base, at, new ArrayList<>());
            }
        }
        return node;
    }

    /** Registers the node's {@code $id} and anchors, and answers the base its subschemas resolve against. */
    private URI declare(JsonNode json, URI base) {
        JsonNode id = json.get(idKeyword);
        if (id != null && id.isTextual() && id.textValue().startsWith("#")) {
            anchors.put(document(base) + id.textValue(), json); // draft 7's plain-name fragment
        } else if (id != null && id.isTextual()) {
            URI declared = uri(base, id.textValue());
            String scheme = declared.getScheme() == null ? "" : declared.getScheme().toLowerCase();
            if (!ID_SCHEMES.contains(scheme) || "json-schema.org".equalsIgnoreCase(declared.getHost())) {
                throw new UnusableSchemaException(idKeyword + " " + quote(id.textValue())
                        + " must be an http(s), urn or tag URI outside json-schema.org");
            }
            base = declared;
            resources.put(document(base), json);
        }
        resourceBase.putIfAbsent(json, base);
        for (String keyword : List.of("$anchor", "$dynamicAnchor")) {
            if (json.path(keyword).isTextual()) {
                anchors.put(document(base) + "#" + json.get(keyword).textValue(), json);
            }
        }
        if (json.path("$dynamicAnchor").isTextual()) {
            dynamicAnchors.computeIfAbsent(json.get("$dynamicAnchor").textValue(), k -> new ArrayList<>())
                    .add(nodes.get(json));
        }
        if (json.path("$recursiveAnchor").asBoolean(false)) {
            recursiveAnchors.add(nodes.get(json));
        }
        return base;
    }

    private Target resolve(PendingRef ref) {
        String text = ref.ref;
        int hash = text.indexOf('#');
        String documentPart = hash < 0 ? text : text.substring(0, hash);
        String fragment = hash < 0 ? "" : percentDecoded(text.substring(hash + 1));
        String document = documentPart.isEmpty() ? document(ref.base) : document(uri(ref.base, documentPart));
        JsonNode resource = resources.get(document);
        if (resource == null) {
            throw new UnusableSchemaException(ref.keyword + " " + quote(text)
                    + " is not allowed: only references inside the schema itself are followed");
        }
        JsonNode target;
        if (fragment.isEmpty()) {
            target = resource;
        } else if (fragment.startsWith("/")) {
            try {
                target = resource.at(JsonPointer.compile(fragment));
            } catch (IllegalArgumentException e) {
                target = null;
            }
        } else {
            target = anchors.get(document + "#" + fragment);
        }
        if (target == null || target.isMissingNode() || !(target.isObject() || target.isBoolean())) {
            throw new UnusableSchemaException(ref.keyword + " " + quote(text) + " points to no schema inside the schema");
        }
        return new Target(target, URI.create(document));
    }

    private void child(JsonNode value, URI base, String at, List<Node> into) {
        if (value != null && (value.isObject() || value.isBoolean())) {
            into.add(visit(value, base, at));
        }
    }

    private void eachIndexed(JsonNode list, URI base, String at, ObjIntConsumer<Node> each) {
        for (int i = 0; i < list.size() && list.isArray(); i++) {
            JsonNode item = list.get(i);
            if (item.isObject() || item.isBoolean()) {
                each.accept(visit(item, base, at + "/" + i), i);
            }
        }
    }

    private void eachNamed(JsonNode map, URI base, String at, BiConsumer<String, Node> each) {
        if (!map.isObject()) {
            return;
        }
        for (Map.Entry<String, JsonNode> field : map.properties()) {
            if (field.getValue().isObject() || field.getValue().isBoolean()) {
                each.accept(field.getKey(), visit(field.getValue(), base, at + "/" + field.getKey()));
            }
        }
    }

    private static URI uri(URI base, String reference) {
        try {
            return base.resolve(new URI(reference));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new UnusableSchemaException("the reference " + quote(reference) + " is not a URI");
        }
    }

    private static String document(URI uri) {
        String text = uri.toString();
        int hash = text.indexOf('#');
        return hash < 0 ? text : text.substring(0, hash);
    }

    private static String percentDecoded(String fragment) {
        try {
            return URLDecoder.decode(fragment.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new UnusableSchemaException("the fragment " + quote(fragment) + " is not percent-encoded");
        }
    }
}
