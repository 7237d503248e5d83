package dev.junction.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code --wait}: polls an operation's {@code last_operation} until it is no longer {@code in progress},
 * as often as the broker's {@code Retry-After} asks, kept between 0.2 s and 5 s (1 s when it says nothing).
 * While it waits, a one-line progress (elapsed time, state) is redrawn on stderr when stderr is a terminal.
 */
final class OperationWaiter {

    static final long MIN_INTERVAL_MS = 200;
    static final long MAX_INTERVAL_MS = 5000;
    static final long DEFAULT_INTERVAL_MS = 1000;

    interface Sleeper {
        void sleep(long millis);
    }

    private final BrokerClient client;
    private final PrintWriter err;
    private final boolean progress;
    private final Sleeper sleeper;

    OperationWaiter(BrokerClient client, PrintWriter err, boolean progress, Sleeper sleeper) {
        this.client = client;
        this.err = err;
        this.progress = progress;
        this.sleeper = sleeper;
    }

    /**
     * The final {@code last_operation} ({@code succeeded} or {@code failed}). {@code resource} is the
     * instance's or binding's OSB path; when {@code goneIsDone} (deprovision, unbind) a 410 means it is done.
     */
    ObjectNode await(String resource, String operation, String label, boolean goneIsDone) {
        String path = resource + "/last_operation?operation=" + BrokerClient.segment(operation);
        long started = System.nanoTime();
        try {
            while (true) {
                BrokerClient.Response response = client.get(path);
                if (response.status() == 410 && goneIsDone) {
                    return BrokerClient.JSON.createObjectNode().put("state", "succeeded");
                }
                if (!response.ok()) {
                    throw BrokerClient.failure(response, label);
                }
                JsonNode answer = response.json();
                String state = answer.path("state").asText("");
                if (!state.equals("in progress")) {
                    if (!answer.isObject() || !(state.equals("succeeded") || state.equals("failed"))) {
                        throw new CliException(ExitCodes.UNAVAILABLE, label + ": unexpected last_operation state '"
                                + Table.oneLine(state, 40) + "'");
                    }
                    return (ObjectNode) answer;
                }
                long interval = interval(response.retryAfter());
                for (long slept = 0; slept < interval; slept += MIN_INTERVAL_MS) {
                    show(label, started, answer.path("description").asText(""));
                    sleeper.sleep(Math.min(MIN_INTERVAL_MS, interval - slept));
                }
            }
        } finally {
            if (progress) {
                err.print("\r\033[K");
                err.flush();
            }
        }
    }

    /** The pause before asking again: the broker's Retry-After (seconds) within the bounds. */
    static long interval(Optional<String> retryAfter) {
        if (retryAfter.isEmpty()) {
            return DEFAULT_INTERVAL_MS;
        }
        try {
            double seconds = Double.parseDouble(retryAfter.get().strip());
            if (!Double.isFinite(seconds)) {
                return DEFAULT_INTERVAL_MS;
            }
            return Math.max(MIN_INTERVAL_MS, Math.min(MAX_INTERVAL_MS, Math.round(seconds * 1000)));
        } catch (NumberFormatException e) {
            // an HTTP date: the broker sends seconds, so this is not worth parsing
            return DEFAULT_INTERVAL_MS;
        }
    }

    private void show(String label, long started, String description) {
        if (!progress) {
            return;
        }
        double elapsed = (System.nanoTime() - started) / 1e9;
        String detail = description.isBlank() ? "" : ": " + Table.oneLine(description, 60);
        err.print("\r" + label + ": in progress, " + String.format(Locale.ROOT, "%.1f s", elapsed) + detail + "\033[K");
        err.flush();
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCodes.FAILED, "interrupted while waiting");
        }
    }
}
