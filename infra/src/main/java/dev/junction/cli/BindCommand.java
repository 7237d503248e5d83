package dev.junction.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/** {@code bind INSTANCE}: OSB's binding PUT; once it succeeded, the credentials from the binding fetch. */
@Command(name = "bind", description = "Bind an instance; with --wait, print the binding's credentials.")
final class BindCommand extends OperationCommand {

    @Parameters(index = "0", paramLabel = "INSTANCE")
    String instanceId;

    @Option(names = "--as", paramLabel = "ID", description = "the binding's id (default: a random UUID)")
    String id;

    @Option(names = "-P", paramLabel = "KEY=VALUE",
            description = "a parameter: a JSON value (3, true, [\"a\"], {\"k\":1}) or else a string; repeatable")
    List<String> parameters;

    @Override
    int run() {
        ObjectNode params = dev.junction.cli.Parameters.parse(parameters);
        String bindingId = id != null ? id : UUID.randomUUID().toString();
        JsonNode instance = instance(instanceId);
        ObjectNode body = BrokerClient.JSON.createObjectNode()
                .put("service_id", instance.path("service_id").asText())
                .put("plan_id", instance.path("plan_id").asText());
        if (params != null) {
            body.set("parameters", params);
        }
        String path = bindingPath(instanceId, bindingId);
        BrokerClient.Response response = client().send("PUT", path + "?accepts_incomplete=true", body);
        ObjectNode result = BrokerClient.JSON.createObjectNode().put("instance_id", instanceId).put("binding_id", bindingId);
        complete(response, "bind", path, result, false);
        if (response.status() == 200) {
            result.set("credentials", response.json().path("credentials"));
        } else if (result.path("state").asText().equals("succeeded")) {
            result.set("credentials", client().getJson(path, "the credentials of " + subject(result)).path("credentials"));
        }
        JsonNode credentials = result.remove("credentials");
        if (credentials != null && json()) {
            result.set("credentials", credentials);
        }
        int code = report(result);
        if (credentials != null && !json()) {
            out().println("credentials:");
            for (Map.Entry<String, JsonNode> entry : credentials.properties()) {
                out().println("  " + Table.oneLine(entry.getKey(), 200) + ": " + credential(entry.getValue()));
            }
            out().flush();
        }
        return code;
    }

    /** A credential whole (a certificate, a long URI): plain text when it is one line, else its JSON. */
    static String credential(JsonNode value) {
        if (value.isTextual() && value.asText().chars().noneMatch(Character::isISOControl)) {
            return value.asText();
        }
        return value.toString();
    }
}
