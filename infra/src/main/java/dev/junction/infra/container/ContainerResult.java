package dev.junction.infra.container;

/**
 * How a run ended. {@code exitCode} -1 with {@code timedOut}: killed at its deadline. {@code stdout} and
 * {@code stderr} are kept up to the runtime's cap each ({@code truncated} says when more was dropped);
 * {@code log} is both streams interleaved as they came (2>&1), under the same cap.
 */
public record ContainerResult(int exitCode, boolean timedOut, byte[] stdout, byte[] stderr, byte[] log,
                              boolean truncated) {

    public boolean succeeded() {
        return !timedOut && exitCode == 0;
    }
}
