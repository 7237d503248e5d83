package dev.junction.api.error;

/** A well-formed request for a change the target does not support, such as a plan that allows none (OSB: 422). */
public class UnsupportedChangeException extends RuntimeException {

    public UnsupportedChangeException(String message) {
        super(message);
    }
}
