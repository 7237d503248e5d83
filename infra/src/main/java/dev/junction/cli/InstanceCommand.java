package dev.junction.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;

/** {@code instance ID}: its state, last operation, files, bindings and tasks (history with {@code --json}). */
@Command(name = "instance", description = "Show an instance: state, last operation, bindings and tasks.")
final class InstanceCommand extends BrokerCommand {

    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Override
    int run() {
        JsonNode instance = instance(id);
        if (json()) {
            printJson(instance);
            return ExitCodes.OK;
        }
        StringBuilder text = new StringBuilder();
        field(text, "id", Table.cell(instance.path("id")));
        field(text, "service", Table.cell(instance.path("service_id")));
        field(text, "plan", Table.cell(instance.path("plan_id")));
        field(text, "state", Table.cell(instance.path("state")) + (instance.path("purged").asBoolean() ? " (purged)" : ""));
        JsonNode last = instance.path("last_operation");
        String description = last.path("description").asText("");
        field(text, "last operation", InstancesCommand.lastOperation(last)
                + (description.isBlank() ? "" : ": " + Table.oneLine(description, 200)));
        List<String> files = new ArrayList<>();
        instance.path("files").forEach(f -> files.add(Table.cell(f)));
        field(text, "files", files.isEmpty() ? "-" : String.join(", ", files));

        Table bindings = new Table("BINDING", "STATE", "LAST OPERATION");
        for (JsonNode binding : instance.path("bindings")) {
            bindings.row(binding.path("id"), binding.path("state"), InstancesCommand.lastOperation(binding.path("last_operation")));
        }
        text.append("\nbindings:\n").append(bindings.isEmpty() ? "  none\n" : bindings.render());
        text.append("\ntasks:\n").append(TasksCommand.table(instance).render());
        print(text.toString());
        return ExitCodes.OK;
    }

    private static void field(StringBuilder text, String name, String value) {
        text.append(String.format("%-16s%s%n", name + ":", value));
    }
}
