package dev.junction.cli;

/** A command that cannot go on: its one-line message is printed and the CLI exits with {@link #exitCode()}. */
public final class CliException extends RuntimeException {

    private final int exitCode;

    public CliException(int exitCode, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
