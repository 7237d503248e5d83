package dev.junction.infra.container;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The contract test images under {@code infra/images}, built (or found up to date) by its {@code build.sh}
 * at most once per JVM and image, for tests that run them on the real engine.
 */
public final class TestImages {

    private static final Set<String> BUILT = ConcurrentHashMap.newKeySet();

    private TestImages() {
    }

    /** Builds {@code junction/<name>:dev} when needed and answers that tag. */
    public static String ensure(String name) {
        if (!name.matches("[a-z0-9][a-z0-9-]{0,62}")) {
            throw new IllegalArgumentException("not an image name: " + name);
        }
        String tag = "junction/" + name + ":dev";
        if (BUILT.contains(name)) {
            return tag;
        }
        synchronized (TestImages.class) {
            if (!BUILT.contains(name)) {
                build(name);
                BUILT.add(name);
            }
        }
        return tag;
    }

    /** The {@code infra/images} directory, found from the working directory (the module or the project). */
    public static Path imagesDirectory() {
        for (Path candidate : new Path[]{Path.of("images"), Path.of("infra", "images")}) {
            if (Files.isRegularFile(candidate.resolve("build.sh"))) {
                return candidate.toAbsolutePath();
            }
        }
        throw new IllegalStateException("no infra/images/build.sh from " + Path.of("").toAbsolutePath());
    }

    private static void build(String name) {
        try {
            Process process = new ProcessBuilder("sh", imagesDirectory().resolve("build.sh").toString(), name)
                    .redirectErrorStream(true).start();
            process.getOutputStream().close();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new IllegalStateException("building image " + name + " failed:\n"
                        + new String(output, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run build.sh for " + name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted building " + name, e);
        }
    }
}
