package dev.junction.api.error;

/** A part of the request is larger than the broker accepts (HTTP 413); the field is named. Nothing was changed. */
public class PayloadTooLargeException extends RuntimeException {

    private final String field;
    private final long limitBytes;

    public PayloadTooLargeException(String field, long limitBytes) {
        super(field + " is larger than the " + limitBytes + " bytes accepted");
        this.field = field;
        this.limitBytes = limitBytes;
    }

    public String field() {
        return field;
    }

    public long limitBytes() {
        return limitBytes;
    }
}
