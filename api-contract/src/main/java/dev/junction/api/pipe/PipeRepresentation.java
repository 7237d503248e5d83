package dev.junction.api.pipe;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.api.BrokerIdentity;

/**
 * The JSON form of a pipe on the wire, shared by every endpoint that answers with a pipe:
 * {@code {id, this, other, _links}}, plus {@code proto} and {@code adapters} for a bound pipe.
 */
public final class PipeRepresentation {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private PipeRepresentation() {
    }

    public static ObjectNode render(BrokerIdentity broker, String resource, String pipeId, End thisEnd, End otherEnd,
                                    PipeBinding binding) {
        ObjectNode pipe = JSON.objectNode();
        pipe.put("id", pipeId);
        pipe.set("this", end(thisEnd));
        pipe.set("other", end(otherEnd));
        ObjectNode links = pipe.putObject("_links");
        links.putObject("self").put("href", thisEnd != null && thisEnd.uri() != null
                ? thisEnd.uri() : broker.pipeUri(resource, pipeId));
        if (binding != null) {
            pipe.put("proto", binding.proto());
            ArrayNode adapters = pipe.putArray("adapters");
            binding.adapters().forEach(adapters::add);
            links.putObject("blueprint").put("href", broker.blueprintUri(resource, binding.kind(), binding.blueprint()));
            ArrayNode adapterLinks = links.putArray("adapters");
            for (String adapter : binding.adapters()) {
                adapterLinks.addObject().put("href",
                        broker.templateUri(resource, binding.kind(), binding.blueprint(), "adapters", adapter));
            }
            if (binding.proto() != null) {
                links.putObject("proto").put("href",
                        broker.templateUri(resource, binding.kind(), binding.blueprint(), "protos", binding.proto()));
            }
        }
        return pipe;
    }

    /** A pipe from the read model, with the state of its propagation to the peer when there is one. */
    public static ObjectNode render(BrokerIdentity broker, PipeView view) {
        ObjectNode pipe = render(broker, view.resource(), view.pipeId(), view.thisEnd(), view.otherEnd(),
                view.binding());
        PipeView.Propagation p = view.propagation();
        if (p != null) {
            ObjectNode node = pipe.putObject("propagation");
            node.put("state", p.state().name().toLowerCase());
            node.put("version", p.version());
            node.put("attempts", p.attempts());
            if (p.deletion()) {
                node.put("deletion", true);
            }
            if (p.lastError() != null) {
                node.put("lastError", p.lastError());
            }
            if (p.at() != null) {
                node.put("at", p.at().toString());
            }
        }
        return pipe;
    }

    public static ObjectNode end(End end) {
        ObjectNode node = JSON.objectNode();
        if (end == null) {
            return node;
        }
        if (end.uri() != null) {
            node.put("uri", end.uri());
        }
        if (end.issuer() != null) {
            node.put("issuer", end.issuer());
        }
        if (end.schema() != null) {
            node.set("schema", end.schema());
        }
        if (end.data() != null) {
            node.set("data", end.data());
        }
        return node;
    }
}
