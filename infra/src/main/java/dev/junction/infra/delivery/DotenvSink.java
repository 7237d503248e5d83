package dev.junction.infra.delivery;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes an app's {@code .env}: the app's own lines are kept as they are, Junction's variables are
 * replaced by the current ones. The new file is written beside the old one and renamed over it, so
 * the app never reads half a file.
 */
public final class DotenvSink {

    private DotenvSink() {
    }

    public static void write(Path file, Map<String, String> variables) throws IOException {
        List<String> lines = new ArrayList<>();
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String key = keyOf(line);
                if (key == null || !ConfigVariables.MANAGED.matcher(key).matches()) {
                    lines.add(line);
                }
            }
        }
        variables.forEach((key, value) -> lines.add(key + "=" + quote(value)));
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            Files.write(tmp, lines, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    static String keyOf(String line) {
        String trimmed = line.strip();
        if (trimmed.isEmpty() || trimmed.startsWith("#")) {
            return null;
        }
        if (trimmed.startsWith("export ")) {
            trimmed = trimmed.substring(7).strip();
        }
        int eq = trimmed.indexOf('=');
        return eq <= 0 ? null : trimmed.substring(0, eq).strip();
    }

    /** Double-quoted, with backslash, quote, dollar and newlines escaped, as dotenv readers expect. */
    static String quote(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '$' -> out.append("\\$");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
