package dev.junction.query.rest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.api.blueprint.Blueprint;
import dev.junction.api.blueprint.Resource;
import dev.junction.api.blueprint.TemplateUse;
import dev.junction.api.error.NotFoundException;
import dev.junction.api.pipe.BlueprintKind;
import dev.junction.api.pipe.PipeKeys;
import dev.junction.query.blueprint.BlueprintSlotsStore;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.util.List;

/**
 * Offers and needs: the blueprints declared for a resource, their templates (schemas seen from
 * this resource's side) and, beyond the reference, how many pipes each holds ({@code pipeCount}).
 */
@RestController
public class BlueprintQueryController {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final Resource.Catalog catalog;
    private final BlueprintSlotsStore slots;

    public BlueprintQueryController(Resource.Catalog catalog, BlueprintSlotsStore slots) {
        this.catalog = catalog;
        this.slots = slots;
    }

    @GetMapping("/{resource}/{kind:offers|needs}")
    public Mono<ArrayNode> list(@PathVariable String resource, @PathVariable String kind) {
        Resource res = resource(resource);
        BlueprintKind k = BlueprintKind.fromPath(kind);
        return PipeQueryController.blocking(() -> {
            ArrayNode array = JSON.arrayNode();
            res.blueprints(k).forEach(bp -> array.add(blueprint(resource, bp)));
            return array;
        });
    }

    @GetMapping("/{resource}/{kind:offers|needs}/{blueprint}")
    public Mono<ObjectNode> get(@PathVariable String resource, @PathVariable String kind,
                                @PathVariable String blueprint) {
        Blueprint bp = blueprint(resource, kind, blueprint);
        return PipeQueryController.blocking(() -> blueprint(resource, bp));
    }

    @GetMapping("/{resource}/{kind:offers|needs}/{blueprint}/{collection:protos|adapters}")
    public ArrayNode templates(@PathVariable String resource, @PathVariable String kind,
                               @PathVariable String blueprint, @PathVariable String collection) {
        Blueprint bp = blueprint(resource, kind, blueprint);
        ArrayNode array = JSON.arrayNode();
        uses(bp, collection).forEach(t -> array.add(template(bp, t)));
        return array;
    }

    @GetMapping("/{resource}/{kind:offers|needs}/{blueprint}/{collection:protos|adapters}/{id}")
    public ObjectNode template(@PathVariable String resource, @PathVariable String kind,
                               @PathVariable String blueprint, @PathVariable String collection,
                               @PathVariable String id) {
        Blueprint bp = blueprint(resource, kind, blueprint);
        TemplateUse use = uses(bp, collection).stream().filter(t -> t.id().equals(id)).findFirst()
                .orElseThrow(() -> new NotFoundException(kind + "/" + blueprint + " of resource " + resource
                        + " has no " + collection.substring(0, collection.length() - 1) + " " + id));
        return template(bp, use);
    }

    private ObjectNode blueprint(String resource, Blueprint bp) {
        ObjectNode node = JSON.objectNode();
        node.put("name", bp.name());
        ArrayNode adapters = node.putArray("adapters");
        bp.adapters().forEach(a -> adapters.add(template(bp, a)));
        ArrayNode defaults = node.putArray("defaultAdapters");
        bp.defaultAdapters().forEach(defaults::add);
        ArrayNode protos = node.putArray("protos");
        bp.protos().forEach(p -> protos.add(template(bp, p)));
        node.put("maxPipes", bp.maxPipes());
        node.put("pipeCount", slots.count(PipeKeys.blueprint(resource, bp.kind(), bp.name())));
        return node;
    }

    private static ObjectNode template(Blueprint bp, TemplateUse use) {
        ObjectNode node = JSON.objectNode();
        node.put("id", use.id());
        var thisSchema = use.template().thisSchema(bp.kind());
        var otherSchema = use.template().otherSchema(bp.kind());
        if (thisSchema != null) {
            node.set("this", thisSchema);
        }
        if (otherSchema != null) {
            node.set("other", otherSchema);
        }
        return node;
    }

    private static List<TemplateUse> uses(Blueprint bp, String collection) {
        return "protos".equals(collection) ? bp.protos() : bp.adapters();
    }

    private Resource resource(String id) {
        return catalog.find(id).orElseThrow(() -> new NotFoundException("resource " + id + " does not exist"));
    }

    private Blueprint blueprint(String resource, String kind, String name) {
        return resource(resource).blueprint(BlueprintKind.fromPath(kind), name).orElseThrow(() ->
                new NotFoundException("resource " + resource + " has no " + kind + " blueprint " + name));
    }
}
