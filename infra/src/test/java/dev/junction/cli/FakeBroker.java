package dev.junction.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A broker's HTTP API on loopback, answering what a test scripted for each request ({@code METHOD
 * path?query}; the last answer of a route repeats), recording every request; unscripted ones are 404.
 */
final class FakeBroker implements AutoCloseable {

    record Request(String method, String target, String authorization, String osbVersion, String body) {
    }

    record Reply(int status, String body, Map<String, String> headers) {
    }

    /** What one run of the CLI printed and its exit code. */
    record Run(int code, String out, String err, byte[] raw) {
    }

    private final HttpServer server;
    private final Map<String, Deque<Reply>> routes = new ConcurrentHashMap<>();
    final List<Request> requests = new CopyOnWriteArrayList<>();

    FakeBroker() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    FakeBroker on(String route, int status, String body, Map<String, String> headers) {
        routes.computeIfAbsent(route, r -> new ArrayDeque<>()).add(new Reply(status, body, headers));
        return this;
    }

    FakeBroker on(String route, int status, String body) {
        return on(route, status, body, Map.of());
    }

    List<String> targets() {
        return requests.stream().map(r -> r.method() + " " + r.target()).toList();
    }

    Request last(String route) {
        return requests.stream().filter(r -> (r.method() + " " + r.target()).equals(route)).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no request " + route + " among " + targets()));
    }

    /** Runs the CLI against this broker with {@code env} as its environment (JUNCTION_URL set to this broker unless given). */
    Run run(Map<String, String> env, boolean stderrIsTerminal, String... args) {
        Map<String, String> environment = new java.util.HashMap<>(Map.of("JUNCTION_URL", url()));
        environment.putAll(env);
        return runWith(environment, stderrIsTerminal, args);
    }

    Run run(String... args) {
        return run(Map.of("JUNCTION_USER", "foo", "JUNCTION_PASSWORD", "bar"), false, args);
    }

    static Run runWith(Map<String, String> env, boolean stderrIsTerminal, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        var cli = JunctionCli.commandLine(env::get, new JunctionCli.Terminal(false, stderrIsTerminal, raw));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString(), raw.toByteArray());
    }

    private void handle(HttpExchange exchange) throws IOException {
        String target = exchange.getRequestURI().getRawPath()
                + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String method = exchange.getRequestMethod();
        requests.add(new Request(method, target, exchange.getRequestHeaders().getFirst("Authorization"),
                exchange.getRequestHeaders().getFirst("X-Broker-API-Version"), body));
        Deque<Reply> replies = routes.get(method + " " + target);
        Reply reply = replies == null ? new Reply(404, "{\"message\":\"no route " + target + "\"}", Map.of())
                : replies.size() > 1 ? replies.poll() : replies.peek();
        byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        reply.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
