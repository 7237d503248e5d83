package dev.junction.api.error;

/** Another operation on the same instance is still running (OSB: 422 {@code ConcurrencyError}). */
public class OperationInProgressException extends RuntimeException {

    public OperationInProgressException(String message) {
        super(message);
    }
}
