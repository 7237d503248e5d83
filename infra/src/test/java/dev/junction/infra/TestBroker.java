package dev.junction.infra;

import dev.junction.JunctionApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.FileSystemUtils;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The settings every broker a test runs in this JVM shares, whether Spring's test context starts it
 * (ApiTestSupport, JunctionTestBase) or the test starts and stops it itself: loopback only, a data
 * directory of its own under target/, user foo/bar, and an immediate stop.
 */
public final class TestBroker {

    public static final String USER = "foo";
    public static final String PASSWORD = "bar";

    private static final Set<Path> CREATED = new HashSet<>();

    private TestBroker() {
    }

    /** The shared settings of a broker on {@code port} over {@code dataDir}; callers add their own. */
    public static Map<String, String> settings(int port, Path dataDir) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("server.port", String.valueOf(port));
        settings.put("server.address", "127.0.0.1");
        // A test client's idle keep-alive connections would hold a graceful stop for its full 30 s, and
        // surefire kills a fork that takes over 30 s to exit; the broker's own stop is the same either way.
        settings.put("server.shutdown", "immediate");
        settings.put("junction.data-dir", dataDir.toString());
        settings.put("junction.auth.username", USER);
        settings.put("junction.auth.password", PASSWORD);
        // every test client is 127.0.0.1 and many tests send wrong credentials on purpose; the throttle
        // itself is tested on its own clock (BasicAuthThrottleTest)
        settings.put("junction.auth.throttle.max-failures", "10000");
        settings.put("junction.auth.throttle.max-failures-per-address", "10000");
        return settings;
    }

    /** Starts a broker with these settings, as {@code java -jar junction.jar --key=value ...} would. */
    public static ConfigurableApplicationContext start(Map<String, String> settings) {
        String[] args = settings.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        return new SpringApplicationBuilder(JunctionApplication.class).run(args);
    }

    /**
     * A fresh directory under the module's {@code target/test-data}. A shared broker's directory
     * cannot go before the JVM ends, so each new one first removes what earlier runs left there,
     * except this JVM's and those whose PostgreSQL may still be running (its {@code postmaster.pid} is there).
     */
    public static synchronized Path dataDir(String prefix) {
        try {
            Path parent = Files.createDirectories(Path.of("target", "test-data").toAbsolutePath());
            try (Stream<Path> old = Files.list(parent)) {
                for (Path dir : old.toList()) {
                    if (!CREATED.contains(dir) && !Files.exists(dir.resolve("postgres").resolve("postmaster.pid"))) {
                        FileSystemUtils.deleteRecursively(dir);
                    }
                }
            }
            Path dir = Files.createTempDirectory(parent, prefix);
            CREATED.add(dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
