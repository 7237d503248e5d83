package dev.junction.infra.store;

import de.bwaldvogel.mongo.backend.KeyValue;
import org.h2.mvstore.type.ObjectDataType;

/**
 * The key type of the embedded wire server's unique indexes, ordering keys exactly as H2 does, without its
 * cost. H2 orders a key of a class it does not know (the library's {@link KeyValue}) by the bytes of its Java
 * serialisation, serialising both keys at every comparison of every index look-up: most of the wire server's
 * time under load. For the common key, one string (an {@code _id}), those bytes differ only in the string's
 * record, which Java writes as a two-byte length and then its modified UTF-8: so the same order is the
 * length first, then those bytes. Other keys are compared by H2 as before, so data files stay valid.
 */
final class SerializedOrderKeyType extends ObjectDataType {

    /** Longer strings are written as a different record; H2 compares them. */
    private static final int SHORT_STRING_BYTES = 0xFFFF;

    @Override
    public int compare(Object a, Object b) {
        if (a instanceof KeyValue x && b instanceof KeyValue y && x.size() == 1 && y.size() == 1
                && x.get(0) instanceof String s && y.get(0) instanceof String t) {
            int first = encodedLength(s);
            int second = encodedLength(t);
            if (first <= SHORT_STRING_BYTES && second <= SHORT_STRING_BYTES) {
                if (first != second) {
                    return Integer.compare(first, second);
                }
                if (first == s.length() && second == t.length()) {
                    return Integer.signum(s.compareTo(t)); // one byte per character: the characters' order
                }
                return ObjectDataType.compareNotNull(modifiedUtf8(s), modifiedUtf8(t));
            }
        }
        return super.compare(a, b);
    }

    /** How many bytes {@code DataOutput.writeUTF} writes for the string, without the length. */
    private static int encodedLength(String text) {
        int length = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            length += c >= 0x0001 && c <= 0x007F ? 1 : c <= 0x07FF ? 2 : 3;
        }
        return length;
    }

    /** The string as {@code DataOutput.writeUTF} writes it, without the length. */
    private static byte[] modifiedUtf8(String text) {
        byte[] bytes = new byte[encodedLength(text)];
        int at = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x0001 && c <= 0x007F) {
                bytes[at++] = (byte) c;
            } else if (c <= 0x07FF) {
                bytes[at++] = (byte) (0xC0 | (c >> 6));
                bytes[at++] = (byte) (0x80 | (c & 0x3F));
            } else {
                bytes[at++] = (byte) (0xE0 | (c >> 12));
                bytes[at++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                bytes[at++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        return bytes;
    }
}
