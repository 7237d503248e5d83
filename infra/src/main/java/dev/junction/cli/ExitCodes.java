package dev.junction.cli;

/**
 * The exit codes scripts can rely on: each names a kind of outcome, whatever the command. They are listed
 * in {@code junction --help} (the same words) and in docs/cli.md; changing one breaks the scripts written against it.
 */
public final class ExitCodes {

    /** The command did what it was asked (and, with {@code --wait}, the operation succeeded). */
    public static final int OK = 0;
    /** The broker accepted the operation, but it failed (last_operation {@code failed}). */
    public static final int FAILED = 1;
    /** The command line is wrong: an unknown command or option, a missing or malformed argument. */
    public static final int USAGE = 2;
    /** What was named does not exist, or no longer does (HTTP 404, 410). */
    public static final int NOT_FOUND = 3;
    /**
     * The broker refused the request and changed nothing (HTTP 400, 409, 412, 422 and other 4xx): a bad
     * parameter, an unknown service or plan, a conflict, another operation running, a limit reached.
     */
    public static final int REFUSED = 4;
    /** The credentials were refused (HTTP 401, 403) or too many have failed lately (429). */
    public static final int AUTHENTICATION = 5;
    /** The broker could not be reached, timed out, failed (5xx) or answered something that is not its API. */
    public static final int UNAVAILABLE = 6;

    private ExitCodes() {
    }

    /** The exit code of an HTTP answer that is not a success. */
    public static int forStatus(int status) {
        return switch (status) {
            case 401, 403, 429 -> AUTHENTICATION;
            case 404, 410 -> NOT_FOUND;
            default -> status >= 500 || status < 400 ? UNAVAILABLE : REFUSED;
        };
    }
}
