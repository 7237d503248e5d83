package dev.junction.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code pipes RESOURCE}: a resource's pipes, as the pipe API lists them. */
@Command(name = "pipes", description = "List a resource's pipes: proto, the other end, propagation.")
final class PipesCommand extends BrokerCommand {

    @Parameters(index = "0", paramLabel = "RESOURCE")
    String resource;

    @Override
    int run() {
        JsonNode pipes = client().getJson("/" + BrokerClient.segment(resource) + "/pipes",
                "the pipes of resource " + Table.oneLine(resource, 100));
        if (json()) {
            printJson(pipes);
            return ExitCodes.OK;
        }
        Table table = new Table("PIPE", "PROTO", "OTHER END", "PROPAGATION");
        for (JsonNode pipe : pipes) {
            JsonNode propagation = pipe.path("propagation");
            table.row(pipe.path("id"), pipe.path("proto"), pipe.path("other").path("uri"),
                    propagation.isMissingNode() ? "-" : propagation.path("state").asText()
                            + (propagation.hasNonNull("lastError") ? ": " + propagation.path("lastError").asText() : ""));
        }
        print(table.render());
        return ExitCodes.OK;
    }
}
