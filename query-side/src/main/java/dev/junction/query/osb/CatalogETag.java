package dev.junction.query.osb;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The OSB catalog's entity tag: a hash of its JSON, so it changes exactly when the catalog does. */
final class CatalogETag {

    /** Longer {@code If-None-Match} headers are not compared (no catalog tag is that long). */
    static final int MAX_HEADER = 1024;

    private CatalogETag() {
    }

    /** A strong tag, quoted as HTTP writes it. */
    static String of(ObjectNode catalog) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(catalog.toString().getBytes(StandardCharsets.UTF_8));
            return "\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** Whether {@code If-None-Match} (a list of tags, weak ones compared weakly, or {@code *}) names the tag. */
    static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null || ifNoneMatch.length() > MAX_HEADER) {
            return false;
        }
        for (String candidate : ifNoneMatch.split(",")) {
            String tag = candidate.trim();
            if (tag.startsWith("W/")) {
                tag = tag.substring(2);
            }
            if (tag.equals("*") || tag.equals(etag)) {
                return true;
            }
        }
        return false;
    }
}
