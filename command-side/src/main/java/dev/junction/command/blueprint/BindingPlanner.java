package dev.junction.command.blueprint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.api.blueprint.Blueprint;
import dev.junction.api.blueprint.Resource;
import dev.junction.api.blueprint.TemplateUse;
import dev.junction.api.error.NotFoundException;
import dev.junction.api.pipe.BlueprintKind;
import dev.junction.api.pipe.End;
import dev.junction.api.pipe.PipeBinding;
import dev.junction.api.pipe.PipeCommands.BindBlueprint;
import dev.junction.api.pipe.PipeCommands.CreatePipe;
import dev.junction.api.pipe.PipeKeys;
import dev.junction.api.pipe.Schemas;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns a binding request into the pipe it creates: the proto defaults to the blueprint's first,
 * the adapters to its default adapters; the chosen templates' schemas are combined per end and
 * their data is merged into {@code this.data}, under what the request itself sets. The rest of the
 * new pipe's this end (the broker's uri and issuer) is {@link dev.junction.command.pipe.PipeAggregate}'s
 * rule, as for any pipe.
 */
public final class BindingPlanner {

    private BindingPlanner() {
    }

    /** The blueprint a binding names, or not found (the bind route asks first, so its 404 comes before a body's 400). */
    public static Blueprint blueprint(Resource.Catalog catalog, String resource, BlueprintKind kind, String name) {
        return catalog.find(resource)
                .flatMap(found -> found.blueprint(kind, name))
                .orElseThrow(() -> new NotFoundException("resource " + resource + " has no " + kind.path()
                        + " blueprint " + name));
    }

    static CreatePipe plan(BindBlueprint request, Blueprint blueprint) {
        String resource = request.resource();
        TemplateUse chosenProto = chooseProto(blueprint, request.proto());
        List<TemplateUse> chosenAdapters = new ArrayList<>();
        for (String adapterId : request.adapters() != null ? request.adapters() : blueprint.defaultAdapters()) {
            chosenAdapters.add(blueprint.adapter(adapterId).orElseThrow(() -> new NotFoundException(
                    "adapter " + adapterId + " is not offered by " + blueprint.kind().path() + "/" + blueprint.name()
                            + " of resource " + resource)));
        }
        List<TemplateUse> chosen = new ArrayList<>();
        if (chosenProto != null) {
            chosen.add(chosenProto);
        }
        chosen.addAll(chosenAdapters);

        List<JsonNode> thisSchemas = new ArrayList<>();
        List<JsonNode> otherSchemas = new ArrayList<>();
        ObjectNode thisData = JsonNodeFactory.instance.objectNode();
        for (TemplateUse use : chosen) {
            thisSchemas.add(use.template().thisSchema(blueprint.kind()));
            otherSchemas.add(use.template().otherSchema(blueprint.kind()));
            if (use.data() != null) {
                thisData.setAll(use.data().deepCopy());
            }
        }
        End requestThis = request.thisEnd() == null ? End.EMPTY : request.thisEnd();
        End requestOther = request.otherEnd() == null ? End.EMPTY : request.otherEnd();
        if (requestThis.data() != null) {
            thisData.setAll(requestThis.data().deepCopy());
        }
        End thisEnd = new End(null, null, Schemas.combine(Schemas.combine(thisSchemas), requestThis.schema()),
                thisData.isEmpty() ? null : thisData);
        End otherEnd = new End(requestOther.uri(), requestOther.issuer(),
                Schemas.combine(Schemas.combine(otherSchemas), requestOther.schema()), requestOther.data());

        PipeBinding binding = new PipeBinding(blueprint.kind(), blueprint.name(),
                chosenProto == null ? null : chosenProto.id(), chosenAdapters.stream().map(TemplateUse::id).toList());
        return new CreatePipe(PipeKeys.pipe(resource, request.pipeId()), resource, request.pipeId(), thisEnd,
                otherEnd, binding, request.actor());
    }

    private static TemplateUse chooseProto(Blueprint blueprint, String proto) {
        if (proto == null) {
            return blueprint.protos().isEmpty() ? null : blueprint.protos().get(0);
        }
        return blueprint.proto(proto).orElseThrow(() -> new NotFoundException(
                "proto " + proto + " is not offered by " + blueprint.kind().path() + "/" + blueprint.name()));
    }
}
