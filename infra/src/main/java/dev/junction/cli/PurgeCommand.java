package dev.junction.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code purge INSTANCE}: destroys a gone or failed instance's key; its events stay. */
@Command(name = "purge", description = "Destroy a gone or failed instance's key: its credentials, credential store"
        + " and files can no longer be read; its history stays.")
final class PurgeCommand extends BrokerCommand {

    @Parameters(index = "0", paramLabel = "INSTANCE")
    String instanceId;

    @Override
    int run() {
        String what = "purge of instance " + Table.oneLine(instanceId, 100);
        BrokerClient.Response response = client().send("POST",
                "/b/instances/" + BrokerClient.segment(instanceId) + "/purge", null);
        if (!response.ok()) {
            throw BrokerClient.failure(response, what);
        }
        JsonNode body = response.json();
        if (json()) {
            printJson(body);
        } else {
            out().println("instance " + Table.oneLine(instanceId, 100) + ": purged");
            out().flush();
        }
        return ExitCodes.OK;
    }
}
