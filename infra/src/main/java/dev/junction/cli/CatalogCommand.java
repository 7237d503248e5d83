package dev.junction.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;

import java.util.Map;

/** {@code catalog}: the operator's catalog, every plan with its usage against its limit and the plans not offered. */
@Command(name = "catalog", description = "List services and plans: names, ids, bindable, instances and limits.")
final class CatalogCommand extends BrokerCommand {

    @Override
    int run() {
        JsonNode catalog = client().getJson("/b/catalog", "the catalog");
        if (json()) {
            printJson(catalog);
            return ExitCodes.OK;
        }
        Table table = new Table("SERVICE", "PLAN", "SERVICE ID", "PLAN ID", "BINDABLE", "INSTANCES", "LIMIT");
        for (JsonNode plan : catalog.path("plans")) {
            long limit = plan.path("instance_limit").asLong();
            table.row(plan.path("service_name"), plan.path("plan_name"), plan.path("service_id"), plan.path("plan_id"),
                    plan.path("bindable").asBoolean() ? "yes" : "no", plan.path("instances"), limit > 0 ? limit : "none");
        }
        StringBuilder text = new StringBuilder(table.render());
        if (!catalog.path("not_offered").isEmpty()) {
            text.append("\nnot offered:\n");
            for (Map.Entry<String, JsonNode> entry : catalog.path("not_offered").properties()) {
                text.append("  ").append(Table.cell(entry.getKey())).append(": ")
                        .append(Table.oneLine(entry.getValue().asText(), 300)).append('\n');
            }
        }
        print(text.toString());
        return ExitCodes.OK;
    }
}
