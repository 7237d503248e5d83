package dev.junction.query.operator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.api.Actor;
import dev.junction.query.instance.InstanceView;
import dev.junction.query.instance.InstanceView.LastOperation;

/**
 * An instance as operators read it: everything the view keeps but the bindings' credentials, which are
 * only ever opened for the platform's binding fetch.
 */
final class OperatorInstanceJson {

    private OperatorInstanceJson() {
    }

    static ObjectNode summary(InstanceView view) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("id", view.id());
        node.put("service_id", view.serviceId());
        node.put("plan_id", view.planId());
        node.put("state", view.state() == null ? null : view.state().name().toLowerCase());
        node.set("last_operation", lastOperation(view.lastOperation()));
        return node;
    }

    static ObjectNode detail(InstanceView view) {
        ObjectNode node = summary(view);
        node.put("purged", view.purged());
        node.set("parameters", view.parameters());
        node.set("context", view.context());
        ArrayNode files = node.putArray("files");
        view.files().forEach(files::add);
        ArrayNode bindings = node.putArray("bindings");
        for (InstanceView.Binding b : view.bindings()) {
            ObjectNode binding = bindings.addObject();
            binding.put("id", b.id());
            binding.put("state", b.state().name().toLowerCase());
            binding.set("parameters", b.parameters());
            binding.set("context", b.context());
            binding.set("last_operation", lastOperation(b.lastOperation()));
        }
        ArrayNode tasks = node.putArray("tasks");
        view.tasks().forEach(t -> tasks.add(task(t)));
        ArrayNode history = node.putArray("history");
        for (InstanceView.HistoryEntry h : view.history()) {
            ObjectNode entry = history.addObject();
            entry.put("event", h.event());
            if (h.task() > 0) {
                entry.put("task", h.task());
            }
            entry.set("actor", actor(h.actor()));
            entry.put("at", h.at() == null ? null : h.at().toString());
        }
        return node;
    }

    private static ObjectNode task(InstanceView.Task t) {
        ObjectNode task = JsonNodeFactory.instance.objectNode();
        task.put("number", t.number());
        task.put("operation", t.operation().name().toLowerCase());
        if (t.bindingId() != null) {
            task.put("binding_id", t.bindingId());
        }
        task.put("state", t.state().osb());
        task.put("description", t.description());
        task.set("actor", actor(t.actor()));
        task.put("started_at", t.startedAt() == null ? null : t.startedAt().toString());
        task.put("ended_at", t.endedAt() == null ? null : t.endedAt().toString());
        task.put("teardown_attempts", t.teardownAttempts());
        ArrayNode steps = task.putArray("steps");
        for (InstanceView.StepRun s : t.steps()) {
            ObjectNode step = steps.addObject();
            step.put("step", s.step().name().toLowerCase());
            step.put("attempt", s.attempt());
            step.put("succeeded", s.succeeded());
            step.put("exit_code", s.exitCode());
            step.put("reason", s.reason());
            step.put("at", s.at() == null ? null : s.at().toString());
        }
        return task;
    }

    private static ObjectNode lastOperation(LastOperation last) {
        if (last == null) {
            return null;
        }
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("operation", last.operationId());
        node.put("kind", last.operation().name().toLowerCase());
        node.put("state", last.state().osb());
        node.put("description", last.description());
        return node;
    }

    private static ObjectNode actor(Actor actor) {
        if (actor == null) {
            return null;
        }
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("kind", actor.kind().name().toLowerCase());
        node.put("name", actor.name());
        if (actor.subject() != null) {
            node.put("subject", actor.subject());
        }
        return node;
    }
}
