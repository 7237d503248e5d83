package dev.junction.api.instance;

import java.time.Instant;
import java.util.List;

/**
 * What one container of a task came to. {@code exitCode} is -1 when it did not exit by itself (a
 * timeout, a lost container); {@code reason} is a short text for operators, never the container's log.
 * {@code sealedCredentials} is the bind output as JSON, sealed under the instance's key (a successful
 * stencil {@code bind} only); {@code files} are the {@code $OUTPUTS} files a stencil left;
 * {@code expiresAt} is when bound credentials stop working, if the bind output declared a lifetime.
 */
public record StepOutcome(boolean succeeded, int exitCode, String reason, String sealedCredentials,
                          List<String> files, Instant expiresAt) {

    public StepOutcome(boolean succeeded, int exitCode, String reason, String sealedCredentials,
                       List<String> files) {
        this(succeeded, exitCode, reason, sealedCredentials, files, null);
    }

    public static StepOutcome success(int exitCode) {
        return new StepOutcome(true, exitCode, null, null, List.of());
    }

    public static StepOutcome failure(int exitCode, String reason) {
        return new StepOutcome(false, exitCode, reason, null, List.of());
    }
}
