package dev.junction.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** What every command shares: the broker's client, {@code --json}, where to print, the instance it names. */
abstract class BrokerCommand implements Callable<Integer> {

    @ParentCommand
    JunctionCli cli;

    @Spec
    CommandSpec spec;

    private BrokerClient client;

    @Override
    public final Integer call() {
        return run();
    }

    /** The command's work; its exit code (a failure throws a {@link CliException}). */
    abstract int run();

    BrokerClient client() {
        if (client == null) {
            client = cli.client();
        }
        return client;
    }

    boolean json() {
        return cli.json();
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    JunctionCli.Terminal terminal() {
        return cli.terminal();
    }

    void printJson(JsonNode node) {
        try {
            out().println(BrokerClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node));
            out().flush();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    void print(String text) {
        out().print(text);
        out().flush();
    }

    /** The operator's view of an instance ({@code GET /b/instances/{id}}): state, bindings, tasks, history. */
    JsonNode instance(String id) {
        return client().getJson("/b/instances/" + BrokerClient.segment(id), "instance " + Table.oneLine(id, 100));
    }

    OperationWaiter waiter() {
        return new OperationWaiter(client(), err(), terminal().stderrIsTerminal(), OperationWaiter::sleep);
    }
}
