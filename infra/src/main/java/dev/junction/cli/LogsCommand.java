package dev.junction.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;

/** {@code logs INSTANCE [TASK]}: a task's output (the latest task's by default), followed while it runs. */
@Command(name = "logs", description = "Print a task's output (default: the instance's latest task).")
final class LogsCommand extends BrokerCommand {

    @Parameters(index = "0", paramLabel = "INSTANCE")
    String instanceId;

    @Parameters(index = "1", paramLabel = "TASK", arity = "0..1", description = "a task number, such as 3 or task-3")
    String task;

    @Option(names = {"-f", "--follow"}, description = "keep printing while the task runs")
    boolean follow;

    @Override
    int run() {
        String number = task != null ? task : latestTask(instance(instanceId));
        String path = "/b/instances/" + BrokerClient.segment(instanceId) + "/tasks/" + BrokerClient.segment(number)
                + "/log" + (follow ? "?follow=true" : "");
        String what = "the log of task " + Table.oneLine(number, 20) + " of instance " + Table.oneLine(instanceId, 100);
        try (InputStream in = client().stream(path, what)) {
            if (json()) {
                String log = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                printJson(BrokerClient.JSON.createObjectNode().put("instance_id", instanceId)
                        .put("task", number).put("log", log));
                return ExitCodes.OK;
            }
            copy(new InputStreamReader(in, StandardCharsets.UTF_8), terminal().stdoutIsTerminal());
        } catch (IOException e) {
            throw new CliException(ExitCodes.UNAVAILABLE, what + ": the answer broke off ("
                    + Table.oneLine(String.valueOf(e.getMessage()), 100) + ")");
        }
        return ExitCodes.OK;
    }

    /** The number of the instance's latest task; an instance without tasks has no logs. */
    static String latestTask(JsonNode instance) {
        int latest = 0;
        for (JsonNode task : instance.path("tasks")) {
            latest = Math.max(latest, task.path("number").asInt());
        }
        if (latest == 0) {
            throw new CliException(ExitCodes.NOT_FOUND, "instance " + Table.oneLine(instance.path("id").asText(), 100)
                    + " has no tasks");
        }
        return String.valueOf(latest);
    }

    /** Prints as it arrives; to a terminal, a container's control characters (but newlines and tabs) become '?'. */
    private void copy(Reader reader, boolean terminal) throws IOException {
        char[] buffer = new char[8192];
        for (int n; (n = reader.read(buffer)) >= 0; ) {
            if (terminal) {
                for (int i = 0; i < n; i++) {
                    if (Character.isISOControl(buffer[i]) && buffer[i] != '\n' && buffer[i] != '\t') {
                        buffer[i] = '?';
                    }
                }
            }
            out().write(buffer, 0, n);
            out().flush();
        }
    }
}
