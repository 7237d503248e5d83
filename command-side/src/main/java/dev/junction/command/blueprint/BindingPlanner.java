package dev.junction.command.blueprint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.api.Actor;
import dev.junction.api.BrokerIdentity;
import dev.junction.api.blueprint.Blueprint;
import dev.junction.api.blueprint.TemplateUse;
import dev.junction.api.error.NotFoundException;
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
 * their data is merged into {@code this.data}, under what the request itself sets.
 */
public class BindingPlanner {

    private final BrokerIdentity broker;

    public BindingPlanner(BrokerIdentity broker) {
        this.broker = broker;
    }

    public BindBlueprint plan(String resource, Blueprint blueprint, String pipeId, String proto, List<String> adapters,
                              End requestedThis, End requestedOther, Actor actor) {
        TemplateUse chosenProto = chooseProto(blueprint, proto);
        List<TemplateUse> chosenAdapters = new ArrayList<>();
        for (String adapterId : adapters != null ? adapters : blueprint.defaultAdapters()) {
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
        End requestThis = requestedThis == null ? End.EMPTY : requestedThis;
        End requestOther = requestedOther == null ? End.EMPTY : requestedOther;
        if (requestThis.data() != null) {
            thisData.setAll(requestThis.data().deepCopy());
        }
        End thisEnd = new End(broker.pipeUri(resource, pipeId), broker.rootUrl(),
                Schemas.combine(Schemas.combine(thisSchemas), requestThis.schema()),
                thisData.isEmpty() ? null : thisData);
        End otherEnd = new End(requestOther.uri(), requestOther.issuer(),
                Schemas.combine(Schemas.combine(otherSchemas), requestOther.schema()), requestOther.data());

        PipeBinding binding = new PipeBinding(blueprint.kind(), blueprint.name(),
                chosenProto == null ? null : chosenProto.id(), chosenAdapters.stream().map(TemplateUse::id).toList());
        CreatePipe create = new CreatePipe(PipeKeys.pipe(resource, pipeId), resource, pipeId, thisEnd, otherEnd,
                binding, actor);
        return new BindBlueprint(PipeKeys.blueprint(resource, blueprint.kind(), blueprint.name()),
                blueprint.maxPipes(), create);
    }

    private static TemplateUse chooseProto(Blueprint blueprint, String proto) {
        if (proto == null) {
            return blueprint.protos().isEmpty() ? null : blueprint.protos().get(0);
        }
        return blueprint.proto(proto).orElseThrow(() -> new NotFoundException(
                "proto " + proto + " is not offered by " + blueprint.kind().path() + "/" + blueprint.name()));
    }
}
