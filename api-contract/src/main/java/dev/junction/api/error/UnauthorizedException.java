package dev.junction.api.error;

/** The caller could not be authenticated (HTTP 401). The message says why, never with the credential. */
public class UnauthorizedException extends RuntimeException {

    public UnauthorizedException(String message) {
        super(message);
    }
}
