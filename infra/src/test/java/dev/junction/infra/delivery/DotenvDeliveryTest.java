package dev.junction.infra.delivery;

import dev.junction.infra.peer.JunctionTestBase;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Local mode: the pipes of resource {@code app} are written into its {@code .env} as
 * {@code PIPE_{ID}_THIS_{KEY}} / {@code PIPE_{ID}_OTHER_{KEY}} (and {@code INCOMING_IDENTITY}), the
 * app's own lines are kept, and a deleted pipe's variables go.
 */
class DotenvDeliveryTest extends JunctionTestBase {

    private static final List<String> OWN_LINES = List.of(
            "# the app's own settings",
            "APP_NAME=demo",
            "export LOG_LEVEL=debug",
            "",
            "DATABASE_POOL=\"10\"");

    @Test
    void theEnvFileFollowsThePipesOfTheResource() throws Exception {
        List<String> initial = new ArrayList<>(OWN_LINES);
        initial.add("PIPE_LEFTOVER_THIS_URI=\"from an earlier run\"");
        Files.createDirectories(DOTENV.getParent());
        Files.write(DOTENV, initial);

        createPipe("app", "db-main", Map.of("URI", "postgresqls://db.example.com/main", "pool size", 5),
                Map.of("data", Map.of("ISS", "https://issuer.example.com", "SUB", "frontend",
                        "AUD", "https://db.example.com", "USER", "app")));

        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("PIPE_DB_MAIN_THIS_URI", "postgresqls://db.example.com/main");
        expected.put("PIPE_DB_MAIN_THIS_POOL_SIZE", "5");
        expected.put("PIPE_DB_MAIN_OTHER_ISS", "https://issuer.example.com");
        expected.put("PIPE_DB_MAIN_OTHER_SUB", "frontend");
        expected.put("PIPE_DB_MAIN_OTHER_AUD", "https://db.example.com");
        expected.put("PIPE_DB_MAIN_OTHER_USER", "app");
        expected.put("INCOMING_IDENTITY", JSON.valueToTree(Map.of("db-main",
                Map.of("iss", "https://issuer.example.com", "sub", "frontend", "aud", "https://db.example.com"))));
        awaitManaged(expected);

        // an update of the pipe
        assertThat(call("PATCH", "/app/pipes/db-main",
                "{\"this\":{\"data\":{\"URI\":\"postgresqls://db.example.com/other\","
                        + "\"PASS\":\"p\\\"$w\\\\rd\\nline2\"}}}").status()).isEqualTo(202);
        expected.put("PIPE_DB_MAIN_THIS_URI", "postgresqls://db.example.com/other");
        expected.put("PIPE_DB_MAIN_THIS_PASS", "p\"$w\\rd\nline2");
        awaitManaged(expected);

        // a second pipe, without an identity
        createPipe("app", "cache", Map.of("URI", "rediss://cache.example.com:6380"), null);
        expected.put("PIPE_CACHE_THIS_URI", "rediss://cache.example.com:6380");
        awaitManaged(expected);

        // deleting the pipe with the identity removes its variables and the identity
        assertThat(call("DELETE", "/app/pipes/db-main", null).status()).isEqualTo(204);
        awaitManaged(Map.of("PIPE_CACHE_THIS_URI", "rediss://cache.example.com:6380"));

        assertThat(call("DELETE", "/app/pipes/cache", null).status()).isEqualTo(204);
        awaitManaged(Map.of());
        assertThat(Files.readAllLines(DOTENV)).containsExactlyElementsOf(OWN_LINES);
    }

    /** Waits until the file's Junction variables are exactly {@code expected}; the app's lines stay as they were. */
    private static void awaitManaged(Map<String, ?> expected) {
        await().atMost(PATIENCE).untilAsserted(() -> {
            List<String> lines = Files.readAllLines(DOTENV);
            assertThat(managed(lines)).isEqualTo(expected);
            assertThat(lines.stream().filter(l -> !isManaged(l)).toList()).containsExactlyElementsOf(OWN_LINES);
        });
        try {
            assertThat(Files.list(DOTENV.getParent()).map(p -> p.getFileName().toString()))
                    .as("no temporary file is left behind").containsOnly(".env");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static boolean isManaged(String line) {
        String key = key(line);
        return key != null && (key.startsWith("PIPE_") || key.equals("INCOMING_IDENTITY"));
    }

    private static String key(String line) {
        int eq = line.indexOf('=');
        return line.isBlank() || line.startsWith("#") || eq <= 0 ? null : line.substring(0, eq).trim();
    }

    /** The Junction variables of the file; INCOMING_IDENTITY parsed as JSON. */
    private static Map<String, Object> managed(List<String> lines) throws IOException {
        Map<String, Object> vars = new LinkedHashMap<>();
        for (String line : lines) {
            if (isManaged(line)) {
                String value = line.substring(line.indexOf('=') + 1);
                assertThat(value).as("value of %s is double-quoted", line).startsWith("\"").endsWith("\"");
                String key = key(line);
                Object parsed = key.equals("INCOMING_IDENTITY") ? JSON.readTree(unquote(value)) : unquote(value);
                assertThat(vars.put(key, parsed)).as("%s appears once", key).isNull();
            }
        }
        return vars;
    }

    /** Reads a double-quoted dotenv value: \\ \" \$ \n \r escapes. */
    private static String unquote(String quoted) {
        StringBuilder out = new StringBuilder();
        for (int i = 1; i < quoted.length() - 1; i++) {
            char c = quoted.charAt(i);
            if (c == '\\' && i + 1 < quoted.length() - 1) {
                char next = quoted.charAt(++i);
                out.append(switch (next) {
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    default -> next;
                });
            } else {
                assertThat(c).as("unescaped character in %s", quoted).isNotIn('"', '$', '\n');
                out.append(c);
            }
        }
        return out.toString();
    }
}
