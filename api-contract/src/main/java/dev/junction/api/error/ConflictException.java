package dev.junction.api.error;

/** The request conflicts with the current state: a duplicate id, a full blueprint (HTTP 409). */
public class ConflictException extends RuntimeException {

    public ConflictException(String message) {
        super(message);
    }
}
