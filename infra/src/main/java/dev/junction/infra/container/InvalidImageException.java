package dev.junction.infra.container;

/** An image that does not keep its contract, or cannot be run; the message says why, for operators. */
public class InvalidImageException extends RuntimeException {

    public InvalidImageException(String message) {
        super(message);
    }

    public InvalidImageException(String message, Throwable cause) {
        super(message, cause);
    }
}
