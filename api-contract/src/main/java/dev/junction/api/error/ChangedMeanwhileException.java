package dev.junction.api.error;

/**
 * The aggregate changed between the check of a command and its decision, so the check no longer
 * holds; the command is sent again, and only a caller that keeps losing that race sees the 409.
 */
public class ChangedMeanwhileException extends ConflictException {

    public ChangedMeanwhileException(String message) {
        super(message);
    }
}
