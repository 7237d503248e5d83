package dev.junction.command.schema;

/** A schema the broker refuses to compile; its message is safe to show the caller (no long echo of input). */
final class UnusableSchemaException extends RuntimeException {

    UnusableSchemaException(String message) {
        super(message, null, false, false);
    }

    /** A short, escaped prefix of something a caller wrote, to name it in a message without echoing it. */
    static String quote(String text) {
        String prefix = text.length() > 40 ? text.substring(0, 40) : text;
        StringBuilder out = new StringBuilder("'");
        for (char c : prefix.toCharArray()) {
            if (c >= 0x20 && c < 0x7f && c != '\'' && c != '\\') {
                out.append(c);
            } else {
                out.append(String.format("\\u%04x", (int) c));
            }
        }
        return out.append(text.length() > prefix.length() ? "'..." : "'").toString();
    }
}
