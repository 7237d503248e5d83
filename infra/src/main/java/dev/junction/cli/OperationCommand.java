package dev.junction.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Option;

/**
 * A command that starts an OSB operation (provision, bind, unbind, deprovision): the broker's 202 with its
 * {@code task-N}, and with {@code --wait} the operation followed to its end, whose outcome is the exit code.
 */
abstract class OperationCommand extends BrokerCommand {

    @Option(names = "--wait", description = "wait until the operation ends; exit 1 if it failed")
    boolean await;

    /** The OSB path of an instance. */
    static String instancePath(String instanceId) {
        return "/v2/service_instances/" + BrokerClient.segment(instanceId);
    }

    /** The OSB path of a binding. */
    static String bindingPath(String instanceId, String bindingId) {
        return instancePath(instanceId) + "/service_bindings/" + BrokerClient.segment(bindingId);
    }

    /** {@code service_id} and {@code plan_id} of an existing instance, which OSB's deletes repeat. */
    String servicePlanQuery(JsonNode instance) {
        return "service_id=" + BrokerClient.segment(instance.path("service_id").asText())
                + "&plan_id=" + BrokerClient.segment(instance.path("plan_id").asText());
    }

    /**
     * The outcome of the request that started the operation: printed, and waited for when asked.
     * {@code result} already names the instance (and binding); answers the final result, or throws.
     */
    ObjectNode complete(BrokerClient.Response response, String kind, String osbPath, ObjectNode result,
                        boolean goneIsDone) {
        String label = kind + " of " + subject(result);
        if (!response.ok()) {
            throw BrokerClient.failure(response, label);
        }
        result.put("operation_kind", kind);
        if (response.status() != 202) {
            // 200: an identical request whose operation is already done
            result.put("state", "succeeded");
            return result;
        }
        String operation = response.json().path("operation").asText("");
        if (operation.isEmpty()) {
            throw new CliException(ExitCodes.UNAVAILABLE, label + ": the broker's 202 names no operation");
        }
        result.put("operation", operation);
        if (!await) {
            result.put("state", "in progress");
            return result;
        }
        JsonNode last = waiter().await(osbPath, operation, label, goneIsDone);
        result.put("state", last.path("state").asText());
        if (last.hasNonNull("description")) {
            result.put("description", last.path("description").asText());
        }
        if (last.has("instance_usable")) {
            result.set("instance_usable", last.get("instance_usable"));
        }
        return result;
    }

    /** Prints the result (a line, or JSON) and answers its exit code: 1 for a failed operation. */
    int report(ObjectNode result) {
        String state = result.path("state").asText();
        if (json()) {
            printJson(result);
        } else {
            String operation = result.hasNonNull("operation") ? " (" + result.path("operation").asText() + ")" : "";
            String line = subject(result) + ": " + result.path("operation_kind").asText() + " " + state + operation;
            if (result.hasNonNull("description") && !state.equals("succeeded")) {
                line += ": " + Table.oneLine(result.path("description").asText(), 300);
            }
            out().println(line);
            out().flush();
        }
        if (state.equals("failed")) {
            err().println("junction: " + result.path("operation_kind").asText() + " of " + subject(result) + " failed"
                    + (result.hasNonNull("description") ? ": " + Table.oneLine(result.path("description").asText(), 300) : ""));
            return ExitCodes.FAILED;
        }
        return ExitCodes.OK;
    }

    static String subject(JsonNode result) {
        String instance = "instance " + Table.oneLine(result.path("instance_id").asText(), 100);
        return result.hasNonNull("binding_id")
                ? "binding " + Table.oneLine(result.path("binding_id").asText(), 100) + " of " + instance
                : instance;
    }
}
