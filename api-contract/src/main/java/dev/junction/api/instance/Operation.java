package dev.junction.api.instance;

/**
 * What an instance task does. Each runs backend {@code setup}, then the stencil with the operation's
 * argument, then backend {@code teardown}. An update runs the stencil's {@code provision} again with the
 * new inputs (the Stencil v1 contract has no update operation).
 */
public enum Operation {
    PROVISION("provision"), UPDATE("provision"), BIND("bind"), UNBIND("unbind"), DEPROVISION("deprovision");

    private final String stencilArgument;

    Operation(String stencilArgument) {
        this.stencilArgument = stencilArgument;
    }

    /** The argument the stencil image's entrypoint is given. */
    public String stencilArgument() {
        return stencilArgument;
    }

    /** Whether the stencil may write to {@code $CREDSTORE} (read-only for bind and unbind). */
    public boolean writesCredstore() {
        return this == PROVISION || this == UPDATE || this == DEPROVISION;
    }
}
