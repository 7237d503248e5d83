package dev.junction.infra.instance;

import java.nio.charset.StandardCharsets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Where on the host each step's directories lie: one fixed place per step, so that a restarted broker
 * finds again what a container it started is using. Names are digests (ids may hold characters, such as
 * {@code :}, that a bind mount cannot carry).
 */
final class WorkDirs {

    private WorkDirs() {
    }

    static String safeName(String id) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A directory a container writes. A container's root has no right to override permissions, so when the
     * broker is not root the directory is writable for all (the work directory above it is the broker's only).
     */
    static Path writable(Path dir) throws IOException {
        Files.createDirectories(dir);
        if (!Integer.valueOf(0).equals(Files.getAttribute(dir, "unix:uid"))) {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        }
        return dir;
    }

    static Path step(Path workDir, StepKey key) {
        return workDir.resolve("instances").resolve(safeName(key.instanceId())).resolve(key.dirName());
    }
}
