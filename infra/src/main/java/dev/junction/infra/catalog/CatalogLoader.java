package dev.junction.infra.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.junction.api.blueprint.Blueprint;
import dev.junction.api.blueprint.Resource;
import dev.junction.api.blueprint.Template;
import dev.junction.api.blueprint.TemplateUse;
import dev.junction.api.input.Ids;
import dev.junction.api.pipe.BlueprintKind;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the resources file (YAML) and the proto and adapter templates (JSON: the built-in ones
 * shipped with the API contract, plus an optional file of the operator's). A mistake stops the
 * broker at start-up with a message naming the file and the field.
 */
public final class CatalogLoader {

    static final String BUILTIN_TEMPLATES = "/dev/junction/templates/builtin.json";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private CatalogLoader() {
    }

    public static Map<String, Template> templates(Path extra) throws IOException {
        Map<String, Template> templates = new LinkedHashMap<>();
        try (InputStream in = CatalogLoader.class.getResourceAsStream(BUILTIN_TEMPLATES)) {
            if (in == null) {
                throw new IllegalStateException("built-in templates " + BUILTIN_TEMPLATES + " are missing");
            }
            readTemplates(JSON.readTree(in), BUILTIN_TEMPLATES, templates);
        }
        if (extra != null) {
            readTemplates(JSON.readTree(extra.toFile()), extra.toString(), templates);
        }
        return templates;
    }

    private static void readTemplates(JsonNode root, String source, Map<String, Template> into) {
        for (Template.TemplateKind kind : Template.TemplateKind.values()) {
            String field = kind == Template.TemplateKind.PROTO ? "protos" : "adapters";
            JsonNode list = root.path(field);
            for (int i = 0; i < list.size(); i++) {
                JsonNode t = list.get(i);
                String where = source + ": " + field + "[" + i + "]";
                String id = t.path("id").asText(null);
                if (id == null || !Ids.valid(id)) {
                    throw new IllegalStateException(where + ".id is required and " + Ids.RULE);
                }
                JsonNode offer = t.path("offer");
                into.put(key(kind, id), new Template(id, kind, schemaOrNull(offer.get("this")),
                        schemaOrNull(offer.get("other"))));
            }
        }
    }

    private static JsonNode schemaOrNull(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() ? null : node;
    }

    private static String key(Template.TemplateKind kind, String id) {
        return kind.name() + ":" + id;
    }

    public static Resource.Catalog resources(Path file, Map<String, Template> templates) throws IOException {
        if (file == null) {
            return new Resource.Catalog(List.of());
        }
        if (!Files.isReadable(file)) {
            throw new IllegalStateException("resources file " + file + " cannot be read");
        }
        JsonNode root = YAML.readTree(file.toFile());
        JsonNode list = root == null ? null : root.get("resources");
        if (list == null || !list.isArray()) {
            throw new IllegalStateException(file + ": 'resources' must be a list");
        }
        List<Resource> resources = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode r = list.get(i);
            String where = file + ": resources[" + i + "]";
            String id = r.path("id").asText(null);
            // no ':' in a resource id, though the id rule allows it: templates' ids use it ("auth:oidc")
            if (id == null || !Ids.valid(id) || id.indexOf(':') >= 0) {
                throw new IllegalStateException(where + ".id is required: up to " + Ids.MAX_LENGTH
                        + " letters, digits, . _ ~ -, starting with a letter or digit");
            }
            if (!ids.add(id)) {
                throw new IllegalStateException(where + ".id '" + id + "' is declared twice");
            }
            JsonNode data = r.get("data");
            if (data != null && !data.isNull() && !data.isObject()) {
                throw new IllegalStateException(where + ".data must be a map");
            }
            resources.add(new Resource(id, data == null || data.isNull() ? null : (ObjectNode) data,
                    blueprints(r.path("offers"), BlueprintKind.OFFER, where + ".offers", templates),
                    blueprints(r.path("needs"), BlueprintKind.NEED, where + ".needs", templates),
                    delivery(r.get("delivery"), where + ".delivery", file)));
        }
        return new Resource.Catalog(resources);
    }

    private static Resource.Delivery delivery(JsonNode d, String where, Path resourcesFile) {
        if (d == null || d.isNull()) {
            return null;
        }
        String type = d.path("type").asText("");
        switch (type) {
            case "dotenv" -> {
                String path = d.path("path").asText(null);
                if (path == null || path.isBlank()) {
                    throw new IllegalStateException(where + ".path is required for a dotenv sink");
                }
                Path resolved = resourcesFile.toAbsolutePath().getParent().resolve(path).normalize();
                return new Resource.Delivery(Resource.Delivery.Type.DOTENV, resolved.toString(), null, null);
            }
            case "webhook" -> {
                String url = d.path("url").asText(null);
                if (url == null || !(url.startsWith("http://") || url.startsWith("https://"))) {
                    throw new IllegalStateException(where + ".url must be an http(s) URL for a webhook sink");
                }
                String secret = d.path("secret").asText(null);
                String secretEnv = d.path("secretEnv").asText(null);
                if (secretEnv != null) {
                    secret = System.getenv(secretEnv);
                    if (secret == null) {
                        throw new IllegalStateException(where + ".secretEnv names " + secretEnv
                                + ", which is not set in the environment");
                    }
                }
                if (secret == null || secret.length() < 16) {
                    throw new IllegalStateException(where + " needs a secret (or secretEnv) of 16 characters or more");
                }
                return new Resource.Delivery(Resource.Delivery.Type.WEBHOOK, null, url, secret);
            }
            default -> throw new IllegalStateException(where + ".type must be dotenv or webhook, not '" + type + "'");
        }
    }

    private static List<Blueprint> blueprints(JsonNode list, BlueprintKind kind, String where,
                                              Map<String, Template> templates) {
        List<Blueprint> result = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode b = list.get(i);
            String at = where + "[" + i + "]";
            String name = b.path("name").asText(null);
            if (name == null || !Ids.valid(name)) {
                throw new IllegalStateException(at + ".name is required and " + Ids.RULE);
            }
            if (!names.add(name)) {
                throw new IllegalStateException(at + ".name '" + name + "' is declared twice");
            }
            List<TemplateUse> protos = uses(b.path("protos"), Template.TemplateKind.PROTO, at + ".protos", templates);
            List<TemplateUse> adapters = uses(b.path("adapters"), Template.TemplateKind.ADAPTER, at + ".adapters",
                    templates);
            List<String> defaults = new ArrayList<>();
            b.path("defaultAdapters").forEach(d -> defaults.add(d.asText()));
            for (String d : defaults) {
                if (adapters.stream().noneMatch(a -> a.id().equals(d))) {
                    throw new IllegalStateException(at + ".defaultAdapters names '" + d
                            + "', which is not among its adapters");
                }
            }
            int maxPipes = b.has("maxPipes") ? b.get("maxPipes").asInt() : (kind == BlueprintKind.NEED ? 1 : 0);
            if (maxPipes < 0) {
                throw new IllegalStateException(at + ".maxPipes must be 0 (unlimited) or more");
            }
            result.add(new Blueprint(name, kind, protos, adapters, defaults, maxPipes));
        }
        return result;
    }

    private static List<TemplateUse> uses(JsonNode list, Template.TemplateKind kind, String where,
                                          Map<String, Template> templates) {
        List<TemplateUse> result = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode u = list.get(i);
            String id = u.isTextual() ? u.asText() : u.path("id").asText(null);
            Template template = id == null ? null : templates.get(key(kind, id));
            if (template == null) {
                throw new IllegalStateException(where + "[" + i + "] names unknown "
                        + kind.name().toLowerCase() + " '" + id + "'; known: " + templates.values().stream()
                        .filter(t -> t.kind() == kind).map(Template::id).toList());
            }
            JsonNode data = u.isObject() ? u.get("data") : null;
            if (data != null && !data.isObject()) {
                throw new IllegalStateException(where + "[" + i + "].data must be a map");
            }
            result.add(new TemplateUse(template, (ObjectNode) data));
        }
        return result;
    }
}
