package dev.junction.api.error;

/** Too much is already waiting for the same thing; the caller may try again shortly (HTTP 503). */
public class BusyException extends RuntimeException {

    public BusyException(String message) {
        super(message);
    }
}
