package dev.junction.api.error;

/** What the request names existed once and is gone (OSB: 410 on a delete of something already deleted). */
public class GoneException extends RuntimeException {

    public GoneException(String message) {
        super(message);
    }
}
