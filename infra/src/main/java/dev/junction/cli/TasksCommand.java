package dev.junction.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;

/** {@code tasks INSTANCE}: every operation the instance ran, each step's exit code and attempt. */
@Command(name = "tasks", description = "List an instance's tasks: operation, state, each step's exit code.")
final class TasksCommand extends BrokerCommand {

    @Parameters(index = "0", paramLabel = "INSTANCE")
    String instanceId;

    @Override
    int run() {
        JsonNode instance = instance(instanceId);
        if (json()) {
            printJson(instance.path("tasks"));
            return ExitCodes.OK;
        }
        print(table(instance).render());
        return ExitCodes.OK;
    }

    static Table table(JsonNode instance) {
        Table table = new Table("TASK", "OPERATION", "BINDING", "STATE", "STARTED", "ENDED", "STEPS", "DESCRIPTION");
        for (JsonNode task : instance.path("tasks")) {
            table.row(task.path("number"), task.path("operation"), task.path("binding_id"), task.path("state"),
                    task.path("started_at"), task.path("ended_at"), steps(task.path("steps")), task.path("description"));
        }
        return table;
    }

    /** {@code setup:0 stencil:0 teardown#2:0}: each step's exit code ("-" without one), its attempt when not the first. */
    static String steps(JsonNode steps) {
        List<String> parts = new ArrayList<>();
        for (JsonNode step : steps) {
            int attempt = step.path("attempt").asInt(1);
            JsonNode exit = step.path("exit_code");
            parts.add(step.path("step").asText() + (attempt > 1 ? "#" + attempt : "") + ":"
                    + (exit.isNumber() ? exit.asText() : "-"));
        }
        return parts.isEmpty() ? "-" : String.join(" ", parts);
    }
}
