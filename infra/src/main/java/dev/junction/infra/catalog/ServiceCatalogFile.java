package dev.junction.infra.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.junction.api.input.Ids;
import dev.junction.infra.container.ContainerSpec;
import dev.junction.infra.instance.BackendDefinition;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the service catalog file ({@code junction.instances.catalog}): backends, and services whose plans
 * each name a stencil image, a backend and an infrastructure. A mistake stops the broker at start-up with
 * a message naming the file and the field. A string value that is exactly {@code ${NAME}} (or
 * {@code ${NAME:-default}}) is taken from the environment, so secrets such as a backend's admin password
 * need not sit in the file.
 */
public final class ServiceCatalogFile {

    /** The infrastructures a plan may name: the contract's two, and the engine Junction runs on. */
    public static final Set<String> INFRASTRUCTURES = Set.of("docker", "kubernetes", "bosh");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]{0,200}))?}");
    private static final Pattern IMAGE = Pattern.compile("[a-z0-9][a-z0-9._/:@-]{0,254}");

    /** The longest {@code maximum_polling_duration} a plan may declare, in seconds (a week). */
    static final int MAX_POLLING_SECONDS = 7 * 24 * 3600;

    /**
     * A plan as declared, before its stencil's metadata is read. {@code maximumPollingDuration} is in
     * seconds, 0 for none.
     */
    public record DeclaredPlan(String serviceId, String serviceName, String serviceDescription, String planId,
                               String planName, String description, String stencilImage, String backend,
                               String infrastructure, ObjectNode inputs, List<String> fixedInputs,
                               int instanceLimit, boolean bindable, boolean planUpdatable,
                               boolean bindingRotatable, int maximumPollingDuration) {

        public DeclaredPlan(String serviceId, String serviceName, String serviceDescription, String planId,
                            String planName, String description, String stencilImage, String backend,
                            String infrastructure, ObjectNode inputs, List<String> fixedInputs,
                            int instanceLimit, boolean bindable, boolean planUpdatable) {
            this(serviceId, serviceName, serviceDescription, planId, planName, description, stencilImage, backend,
                    infrastructure, inputs, fixedInputs, instanceLimit, bindable, planUpdatable, false, 0);
        }
    }

    public record Declared(List<BackendDefinition> backends, List<DeclaredPlan> plans) {
        public static final Declared EMPTY = new Declared(List.of(), List.of());
    }

    private ServiceCatalogFile() {
    }

    public static Declared read(Path file) throws IOException {
        return read(file, System::getenv);
    }

    static Declared read(Path file, Function<String, String> environment) throws IOException {
        if (file == null) {
            return Declared.EMPTY;
        }
        if (!Files.isReadable(file)) {
            throw new IllegalStateException("service catalog " + file + " cannot be read");
        }
        JsonNode root = YAML.readTree(file.toFile());
        if (root == null || !root.isObject()) {
            throw new IllegalStateException(file + ": must be a map with 'backends' and 'services'");
        }
        substitute(root, environment, file.toString());
        List<BackendDefinition> backends = backends(root.path("backends"), file + ": backends");
        Set<String> backendNames = new HashSet<>();
        backends.forEach(b -> backendNames.add(b.name()));
        return new Declared(backends, plans(root.path("services"), file + ": services", backendNames));
    }

    private static List<BackendDefinition> backends(JsonNode list, String where) {
        List<BackendDefinition> result = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode b = list.get(i);
            String at = where + "[" + i + "]";
            String name = id(b, "name", at);
            if (!names.add(name)) {
                throw new IllegalStateException(at + ".name '" + name + "' is declared twice");
            }
            JsonNode config = b.get("config");
            if (config != null && !config.isObject()) {
                throw new IllegalStateException(at + ".config must be a map");
            }
            String network = b.path("network").asText("none");
            if (!network.equals("none") && !network.equals("host")) {
                throw new IllegalStateException(at + ".network must be none or host");
            }
            result.add(new BackendDefinition(name, image(b, at),
                    config == null ? YAML.createObjectNode() : (ObjectNode) config,
                    network.equals("host") ? ContainerSpec.Network.HOST : ContainerSpec.Network.NONE));
        }
        return result;
    }

    private static List<DeclaredPlan> plans(JsonNode services, String where, Set<String> backends) {
        List<DeclaredPlan> result = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        Set<String> serviceNames = new HashSet<>();
        for (int i = 0; i < services.size(); i++) {
            JsonNode s = services.get(i);
            String at = where + "[" + i + "]";
            String serviceId = unique(ids, id(s, "id", at), at + ".id");
            String serviceName = unique(serviceNames, id(s, "name", at), at + ".name");
            JsonNode plans = s.path("plans");
            if (!plans.isArray() || plans.isEmpty()) {
                throw new IllegalStateException(at + ".plans must list one plan or more");
            }
            Set<String> planNames = new HashSet<>();
            for (int j = 0; j < plans.size(); j++) {
                JsonNode p = plans.get(j);
                String pat = at + ".plans[" + j + "]";
                String backend = p.path("backend").asText(null);
                if (backend == null || !backends.contains(backend)) {
                    throw new IllegalStateException(pat + ".backend must name a declared backend");
                }
                String infrastructure = p.path("infrastructure").asText("docker");
                if (!INFRASTRUCTURES.contains(infrastructure)) {
                    throw new IllegalStateException(pat + ".infrastructure must be one of " + INFRASTRUCTURES);
                }
                JsonNode inputs = p.get("inputs");
                if (inputs != null && !inputs.isObject()) {
                    throw new IllegalStateException(pat + ".inputs must be a map");
                }
                List<String> fixed = new ArrayList<>();
                p.path("fixed").forEach(f -> fixed.add(f.asText()));
                int limit = p.path("limit").asInt(0);
                if (limit < 0) {
                    throw new IllegalStateException(pat + ".limit must be 0 (none) or more");
                }
                JsonNode polling = p.path("maximum_polling_duration");
                if (!polling.isMissingNode() && (!polling.canConvertToInt() || !polling.isIntegralNumber()
                        || polling.asInt() < 1 || polling.asInt() > MAX_POLLING_SECONDS)) {
                    throw new IllegalStateException(pat + ".maximum_polling_duration must be whole seconds from 1 to "
                            + MAX_POLLING_SECONDS);
                }
                JsonNode rotatable = p.path("binding_rotatable");
                if (!rotatable.isMissingNode() && !rotatable.isBoolean()) {
                    throw new IllegalStateException(pat + ".binding_rotatable must be true or false");
                }
                result.add(new DeclaredPlan(serviceId, serviceName, s.path("description").asText(serviceName),
                        unique(ids, id(p, "id", pat), pat + ".id"), unique(planNames, id(p, "name", pat), pat + ".name"),
                        p.path("description").asText(""), image(p, pat), backend, infrastructure,
                        inputs == null ? YAML.createObjectNode() : (ObjectNode) inputs, List.copyOf(fixed), limit,
                        p.path("bindable").asBoolean(s.path("bindable").asBoolean(true)),
                        s.path("plan_updateable").asBoolean(false), rotatable.asBoolean(false),
                        polling.asInt(0)));
            }
        }
        return result;
    }

    private static String id(JsonNode node, String field, String where) {
        String id = node.path(field).asText(null);
        if (id == null || !Ids.valid(id)) {
            throw new IllegalStateException(where + "." + field + " is required and " + Ids.RULE);
        }
        return id;
    }

    private static String unique(Set<String> seen, String value, String where) {
        if (!seen.add(value)) {
            throw new IllegalStateException(where + " '" + value + "' is declared twice");
        }
        return value;
    }

    private static String image(JsonNode node, String where) {
        String field = node.has("stencil") ? "stencil" : "image";
        String image = node.path(field).asText(null);
        if (image == null || !IMAGE.matcher(image).matches()) {
            throw new IllegalStateException(where + "." + field + " must name an image (lower-case reference)");
        }
        return image;
    }

    private static void substitute(JsonNode node, Function<String, String> environment, String file) {
        if (node instanceof ObjectNode object) {
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (field.getValue().isTextual()) {
                    field.setValue(TextNode.valueOf(expand(field.getValue().asText(), environment, file)));
                } else {
                    substitute(field.getValue(), environment, file);
                }
            }
        } else if (node != null && node.isArray()) {
            node.forEach(element -> substitute(element, environment, file));
        }
    }

    private static String expand(String value, Function<String, String> environment, String file) {
        Matcher m = VARIABLE.matcher(value);
        if (!m.matches()) {
            return value;
        }
        String set = environment.apply(m.group(1));
        if (set == null) {
            set = m.group(2);
        }
        if (set == null) {
            throw new IllegalStateException(file + " names ${" + m.group(1) + "}, which is not set in the environment");
        }
        return set;
    }
}
