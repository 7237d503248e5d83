package dev.junction.query.rest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.api.pipe.PipeBinding;
import dev.junction.api.pipe.PipeEvents.OtherEndDetached;
import dev.junction.api.pipe.PipeEvents.OtherEndUpdated;
import dev.junction.api.pipe.PipeEvents.PropagationAttemptFailed;
import dev.junction.api.pipe.PipeEvents.PropagationFailed;
import dev.junction.api.pipe.PipeEvents.PropagationRetryRequested;
import dev.junction.api.pipe.PipeEvents.PropagationSucceeded;
import dev.junction.api.pipe.PipeEvents.PipeCreated;
import dev.junction.api.pipe.PipeEvents.PipeDeleted;
import dev.junction.api.pipe.PipeEvents.PipeEvent;
import dev.junction.api.pipe.PipeEvents.ThisEndUpdated;
import dev.junction.api.pipe.PipeRepresentation;

/** What each pipe event changed, as JSON for the history endpoint. */
final class HistoryJson {

    private HistoryJson() {
    }

    static ObjectNode describe(PipeEvent event) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        switch (event) {
            case PipeCreated e -> {
                node.set("this", PipeRepresentation.end(e.thisEnd()));
                node.set("other", PipeRepresentation.end(e.otherEnd()));
                binding(node, e.binding());
            }
            case ThisEndUpdated e -> {
                node.set("this", PipeRepresentation.end(e.thisEnd()));
                node.put("version", e.version());
            }
            case OtherEndUpdated e -> {
                node.set("other", PipeRepresentation.end(e.otherEnd()));
                if (e.peerVersion() != null) {
                    node.put("peerVersion", e.peerVersion());
                }
            }
            case PipeDeleted e -> binding(node, e.binding());
            case OtherEndDetached e -> node.set("other", PipeRepresentation.end(e.otherEnd()));
            case PropagationSucceeded e -> node.put("version", e.version()).put("deletion", e.deletion())
                    .put("target", e.target());
            case PropagationAttemptFailed e -> node.put("version", e.version()).put("deletion", e.deletion())
                    .put("attempt", e.attempt()).put("reason", e.reason());
            case PropagationFailed e -> node.put("version", e.version()).put("deletion", e.deletion())
                    .put("attempts", e.attempts()).put("reason", e.reason());
            case PropagationRetryRequested e -> {
            }
        }
        return node;
    }

    private static void binding(ObjectNode node, PipeBinding binding) {
        if (binding == null) {
            return;
        }
        ObjectNode b = node.putObject("binding");
        b.put("kind", binding.kind().path());
        b.put("blueprint", binding.blueprint());
        b.put("proto", binding.proto());
        ArrayNode adapters = b.putArray("adapters");
        binding.adapters().forEach(adapters::add);
    }
}
