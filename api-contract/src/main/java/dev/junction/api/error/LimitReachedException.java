package dev.junction.api.error;

/** A quota the operator set is used up, such as a plan's instance limit (OSB: 422). */
public class LimitReachedException extends RuntimeException {

    public LimitReachedException(String message) {
        super(message);
    }
}
