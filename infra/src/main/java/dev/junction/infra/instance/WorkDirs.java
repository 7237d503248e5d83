package dev.junction.infra.instance;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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

    static Path step(Path workDir, StepKey key) {
        return workDir.resolve("instances").resolve(safeName(key.instanceId())).resolve(key.dirName());
    }
}
