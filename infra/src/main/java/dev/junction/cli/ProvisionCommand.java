package dev.junction.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** {@code provision SERVICE/PLAN}: the names resolved to ids in the OSB catalog, then OSB's PUT. */
@Command(name = "provision", description = "Provision an instance of a service's plan, both named as in the catalog.")
final class ProvisionCommand extends OperationCommand {

    @picocli.CommandLine.Parameters(index = "0", paramLabel = "SERVICE/PLAN", description = "e.g. dummy/small")
    String servicePlan;

    @Option(names = "--as", paramLabel = "ID", description = "the instance's id (default: a random UUID)")
    String id;

    @Option(names = "-P", paramLabel = "KEY=VALUE",
            description = "a parameter: a JSON value (3, true, [\"a\"], {\"k\":1}) or else a string; repeatable")
    List<String> parameters;

    @Override
    int run() {
        int slash = servicePlan.indexOf('/');
        if (slash <= 0 || slash == servicePlan.length() - 1) {
            throw new CliException(ExitCodes.USAGE, "SERVICE/PLAN: expected a service's and a plan's names, such as dummy/small");
        }
        ObjectNode params = Parameters.parse(parameters);
        String instanceId = id != null ? id : UUID.randomUUID().toString();
        String[] ids = resolve(client().getJson("/v2/catalog", "the catalog"),
                servicePlan.substring(0, slash), servicePlan.substring(slash + 1));
        ObjectNode body = BrokerClient.JSON.createObjectNode().put("service_id", ids[0]).put("plan_id", ids[1]);
        if (params != null) {
            body.set("parameters", params);
        }
        String path = instancePath(instanceId);
        BrokerClient.Response response = client().send("PUT", path + "?accepts_incomplete=true", body);
        ObjectNode result = BrokerClient.JSON.createObjectNode().put("instance_id", instanceId)
                .put("service_id", ids[0]).put("plan_id", ids[1]);
        return report(complete(response, "provision", path, result, false));
    }

    /** The service's and plan's ids for their names (or ids); a name the catalog lacks is refused (exit 4). */
    static String[] resolve(JsonNode catalog, String serviceName, String planName) {
        List<String> services = new ArrayList<>();
        for (JsonNode service : catalog.path("services")) {
            services.add(service.path("name").asText());
            if (!serviceName.equals(service.path("name").asText()) && !serviceName.equals(service.path("id").asText())) {
                continue;
            }
            List<String> plans = new ArrayList<>();
            for (JsonNode plan : service.path("plans")) {
                plans.add(plan.path("name").asText());
                if (planName.equals(plan.path("name").asText()) || planName.equals(plan.path("id").asText())) {
                    return new String[]{service.path("id").asText(), plan.path("id").asText()};
                }
            }
            throw new CliException(ExitCodes.REFUSED, "service " + Table.oneLine(serviceName, 100) + " offers no plan "
                    + Table.oneLine(planName, 100) + " (plans: " + Table.oneLine(String.join(", ", plans), 300)
                    + "; junction catalog says why a plan is not offered)");
        }
        throw new CliException(ExitCodes.REFUSED, "the catalog has no service " + Table.oneLine(serviceName, 100)
                + " (services: " + Table.oneLine(String.join(", ", services), 300) + ")");
    }
}
