package dev.junction.api.blueprint;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.api.pipe.BlueprintKind;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A resource the broker manages: its default data, its blueprints in declaration order, and where
 * the configuration of its pipes is delivered to the app behind it (or null).
 */
public record Resource(String id, ObjectNode data, List<Blueprint> offers, List<Blueprint> needs,
                       Delivery delivery) {

    public Resource {
        offers = List.copyOf(offers);
        needs = List.copyOf(needs);
    }

    public Resource(String id, ObjectNode data, List<Blueprint> offers, List<Blueprint> needs) {
        this(id, data, offers, needs, null);
    }

    /**
     * A delivery sink: {@code dotenv} writes {@code path}; {@code webhook} POSTs to {@code url}, signed
     * with {@code secret}.
     */
    public record Delivery(Type type, String path, String url, String secret) {
        public enum Type { DOTENV, WEBHOOK }

        @Override
        public String toString() {
            return "Delivery[" + type + " " + (type == Type.DOTENV ? path : url) + "]";
        }
    }

    public List<Blueprint> blueprints(BlueprintKind kind) {
        return kind == BlueprintKind.OFFER ? offers : needs;
    }

    public Optional<Blueprint> blueprint(BlueprintKind kind, String name) {
        return blueprints(kind).stream().filter(b -> b.name().equals(name)).findFirst();
    }

    /** The catalog of every resource of a broker. */
    public record Catalog(Map<String, Resource> byId) {

        public Catalog(Collection<Resource> resources) {
            this(index(resources));
        }

        private static Map<String, Resource> index(Collection<Resource> resources) {
            Map<String, Resource> map = new LinkedHashMap<>();
            resources.forEach(r -> map.put(r.id(), r));
            return Map.copyOf(map);
        }

        public Optional<Resource> find(String id) {
            return Optional.ofNullable(byId.get(id));
        }
    }
}
