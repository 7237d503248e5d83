package dev.junction.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code unbind INSTANCE BINDING}: OSB's binding DELETE; a binding already gone is not found (exit 3). */
@Command(name = "unbind", description = "Remove a binding of an instance.")
final class UnbindCommand extends OperationCommand {

    @Parameters(index = "0", paramLabel = "INSTANCE")
    String instanceId;

    @Parameters(index = "1", paramLabel = "BINDING")
    String bindingId;

    @Override
    int run() {
        String query = servicePlanQuery(instance(instanceId));
        String path = bindingPath(instanceId, bindingId);
        BrokerClient.Response response = client().send("DELETE", path + "?accepts_incomplete=true&" + query, null);
        ObjectNode result = BrokerClient.JSON.createObjectNode().put("instance_id", instanceId).put("binding_id", bindingId);
        return report(complete(response, "unbind", path, result, true));
    }
}
