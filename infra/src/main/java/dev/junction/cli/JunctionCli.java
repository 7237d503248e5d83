package dev.junction.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.function.UnaryOperator;

/**
 * The {@code junction} command: an operator's client of a broker's HTTP API (OSB under {@code /v2}, the
 * operator's {@code /b/} routes, the pipe API), run by {@code bin/junction} from the broker's jar without
 * starting the broker. It knows nothing of the broker's classes: it speaks HTTP and JSON only.
 */
@Command(name = "junction", mixinStandardHelpOptions = true, versionProvider = JunctionCli.Version.class,
        description = "Manage a Junction broker's service instances and read its pipes.",
        subcommands = {CatalogCommand.class, InstancesCommand.class, InstanceCommand.class, ProvisionCommand.class,
                BindCommand.class, UnbindCommand.class, DeprovisionCommand.class, TasksCommand.class,
                LogsCommand.class, FilesCommand.class, PurgeCommand.class, PipesCommand.class, HistoryCommand.class,
                CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {
                "0:the command succeeded (with --wait: the operation succeeded)",
                "1:the operation failed (last_operation 'failed'), or the CLI itself failed",
                "2:usage error (unknown command or option, bad argument)",
                "3:not found (HTTP 404, 410)",
                "4:refused by the broker (HTTP 400, 409, 412, 422, other 4xx)",
                "5:authentication (HTTP 401, 403, 429 after failed logins)",
                "6:broker unreachable, timed out, 5xx or an unexpected answer"},
        footer = {"", "The broker: --url, --user, --password or JUNCTION_URL, JUNCTION_USER, JUNCTION_PASSWORD.",
                "Every command takes --json. Documentation: docs/cli.md"})
public final class JunctionCli {

    /** Where the broker's answers go and what the terminals are, given by the wrapper script. */
    public record Terminal(boolean stdoutIsTerminal, boolean stderrIsTerminal, OutputStream rawOut) {

        /** As {@code bin/junction} says: it alone can tell whether stdout and stderr are terminals. */
        static Terminal fromSystem() {
            return new Terminal(Boolean.getBoolean("junction.cli.stdout-tty"),
                    Boolean.getBoolean("junction.cli.stderr-tty"), System.out);
        }
    }

    @Option(names = "--url", scope = ScopeType.INHERIT, paramLabel = "URL",
            description = "the broker's URL (default: JUNCTION_URL, else http://localhost:8080)")
    String url;

    @Option(names = "--user", scope = ScopeType.INHERIT, paramLabel = "NAME",
            description = "the HTTP Basic user (default: JUNCTION_USER)")
    String user;

    @Option(names = "--password", scope = ScopeType.INHERIT, paramLabel = "PASSWORD",
            description = "the HTTP Basic password (default: JUNCTION_PASSWORD, which keeps it out of ps)")
    String password;

    @Option(names = "--json", scope = ScopeType.INHERIT,
            description = "print the broker's JSON (or a JSON document of the result) instead of a table")
    boolean json;

    private final UnaryOperator<String> env;
    private final Terminal terminal;

    JunctionCli(UnaryOperator<String> env, Terminal terminal) {
        this.env = env;
        this.terminal = terminal;
    }

    public static void main(String[] args) {
        PrintStream stdout = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        Terminal terminal = new Terminal(Terminal.fromSystem().stdoutIsTerminal(),
                Terminal.fromSystem().stderrIsTerminal(), stdout);
        CommandLine cli = commandLine(System::getenv, terminal);
        cli.setOut(new PrintWriter(stdout, true));
        cli.setErr(new PrintWriter(new PrintStream(System.err, true, StandardCharsets.UTF_8), true));
        int code = cli.execute(args);
        stdout.flush();
        System.exit(code);
    }

    /** The command line with its error handling: one line per failure, the exit code of its kind. */
    static CommandLine commandLine(UnaryOperator<String> env, Terminal terminal) {
        CommandLine cli = new CommandLine(new JunctionCli(env, terminal));
        cli.setExecutionExceptionHandler((e, command, parsed) -> {
            command.getErr().flush();
            if (e instanceof CliException failure) {
                command.getErr().println("junction: " + failure.getMessage());
                return failure.exitCode();
            }
            command.getErr().println("junction: unexpected error: " + Table.oneLine(String.valueOf(e), 300));
            return ExitCodes.FAILED;
        });
        return cli;
    }

    Terminal terminal() {
        return terminal;
    }

    boolean json() {
        return json;
    }

    /** A client of the broker the options (or the environment) name. */
    BrokerClient client() {
        String base = url != null ? url : env.apply("JUNCTION_URL");
        String name = user != null ? user : env.apply("JUNCTION_USER");
        String secret = password != null ? password : env.apply("JUNCTION_PASSWORD");
        return new BrokerClient(baseUri(base == null || base.isBlank() ? "http://localhost:8080" : base),
                name == null || name.isEmpty() ? null : name, secret);
    }

    /** The broker's root URL: http or https, a host, no credentials, no path but {@code /}. */
    static URI baseUri(String text) {
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (java.net.URISyntaxException e) {
            throw new CliException(ExitCodes.USAGE, "--url: not a URL");
        }
        if (uri.getRawUserInfo() != null) {
            throw new CliException(ExitCodes.USAGE, "--url: give the credentials with --user and --password, not in the URL");
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new CliException(ExitCodes.USAGE, "--url: an http:// or https:// URL with a host, such as http://localhost:8080");
        }
        if ((uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/"))
                || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new CliException(ExitCodes.USAGE, "--url: the broker's root URL, without a path or query");
        }
        return URI.create(uri.getScheme() + "://" + uri.getRawAuthority() + "/");
    }

    /** The version of the jar the CLI runs from. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = JunctionCli.class.getPackage().getImplementationVersion();
            return new String[]{"junction " + (version == null ? "(development build)" : version)};
        }
    }
}
