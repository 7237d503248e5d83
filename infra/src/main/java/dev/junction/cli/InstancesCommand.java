package dev.junction.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;

import java.util.HashMap;
import java.util.Map;

/** {@code instances}: every instance with its service, plan, state and last operation. */
@Command(name = "instances", description = "List every instance: service, plan, state, last operation.")
final class InstancesCommand extends BrokerCommand {

    @Override
    int run() {
        JsonNode instances = client().getJson("/b/instances", "the instances");
        if (json()) {
            printJson(instances);
            return ExitCodes.OK;
        }
        Map<String, String> names = names(client().getJson("/b/catalog", "the catalog"));
        Table table = new Table("ID", "SERVICE", "PLAN", "STATE", "LAST OPERATION");
        for (JsonNode instance : instances) {
            String service = instance.path("service_id").asText();
            String plan = instance.path("plan_id").asText();
            table.row(instance.path("id"), names.getOrDefault(service, service),
                    names.getOrDefault(service + "/" + plan, plan), instance.path("state"),
                    lastOperation(instance.path("last_operation")));
        }
        print(table.render());
        return ExitCodes.OK;
    }

    /** Service and plan names by id ({@code service} and {@code service/plan}), to show names rather than ids. */
    static Map<String, String> names(JsonNode catalog) {
        Map<String, String> names = new HashMap<>();
        for (JsonNode plan : catalog.path("plans")) {
            String service = plan.path("service_id").asText();
            names.put(service, plan.path("service_name").asText(service));
            names.put(service + "/" + plan.path("plan_id").asText(), plan.path("plan_name").asText());
        }
        return names;
    }

    /** {@code provision task-1 succeeded}, or "-" when there is none. */
    static String lastOperation(JsonNode last) {
        if (last.isMissingNode() || last.isNull()) {
            return "-";
        }
        return last.path("kind").asText() + " " + last.path("operation").asText() + " " + last.path("state").asText();
    }
}
