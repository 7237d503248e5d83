package dev.junction.api.blueprint;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.api.pipe.BlueprintKind;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A resource the broker manages: its default data and its blueprints, in declaration order. */
public record Resource(String id, ObjectNode data, List<Blueprint> offers, List<Blueprint> needs) {

    public Resource {
        offers = List.copyOf(offers);
        needs = List.copyOf(needs);
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
