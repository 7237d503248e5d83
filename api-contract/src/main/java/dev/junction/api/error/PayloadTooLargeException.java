package dev.junction.api.error;

/** A part of the request is larger than the broker accepts (HTTP 413); the field is named. Nothing was changed. */
public class PayloadTooLargeException extends RuntimeException {

    private final String field;

    public PayloadTooLargeException(String field, long limitBytes) {
        super(field + " is larger than the " + limitBytes + " bytes accepted");
        this.field = field;
    }

    public String field() {
        return field;
    }
}
