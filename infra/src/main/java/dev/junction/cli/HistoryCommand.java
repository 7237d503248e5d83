package dev.junction.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code history RESOURCE/PIPE}: every event of a pipe, with who caused it. */
@Command(name = "history", description = "List a pipe's events: sequence, type, time, actor.")
final class HistoryCommand extends BrokerCommand {

    @Parameters(index = "0", paramLabel = "RESOURCE/PIPE", description = "e.g. db/p1")
    String resourcePipe;

    @Override
    int run() {
        int slash = resourcePipe.indexOf('/');
        if (slash <= 0 || slash == resourcePipe.length() - 1) {
            throw new CliException(ExitCodes.USAGE, "RESOURCE/PIPE: expected a resource's and a pipe's ids, such as db/p1");
        }
        String resource = resourcePipe.substring(0, slash);
        String pipe = resourcePipe.substring(slash + 1);
        JsonNode history = client().getJson("/" + BrokerClient.segment(resource) + "/pipes/" + BrokerClient.segment(pipe)
                + "/history", "the history of pipe " + Table.oneLine(resourcePipe, 200));
        if (json()) {
            printJson(history);
            return ExitCodes.OK;
        }
        Table table = new Table("SEQ", "EVENT", "AT", "ACTOR");
        for (JsonNode entry : history) {
            JsonNode actor = entry.path("actor");
            table.row(entry.path("sequence"), entry.path("type"), entry.path("at"),
                    actor.path("kind").asText() + ":" + actor.path("name").asText());
        }
        print(table.render());
        return ExitCodes.OK;
    }
}
