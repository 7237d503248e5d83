package dev.junction.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code deprovision INSTANCE}: OSB's instance DELETE; an instance already gone is not found (exit 3). */
@Command(name = "deprovision", description = "Deprovision an instance.")
final class DeprovisionCommand extends OperationCommand {

    @Parameters(index = "0", paramLabel = "INSTANCE")
    String instanceId;

    @Override
    int run() {
        String query = servicePlanQuery(instance(instanceId));
        String path = instancePath(instanceId);
        BrokerClient.Response response = client().send("DELETE", path + "?accepts_incomplete=true&" + query, null);
        ObjectNode result = BrokerClient.JSON.createObjectNode().put("instance_id", instanceId);
        return report(complete(response, "deprovision", path, result, true));
    }
}
