package dev.junction.api;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.UUID;

/**
 * Cryptographically strong randomness without a shared lock. {@code new SecureRandom()} and
 * {@link UUID#randomUUID()} draw from one process-wide generator guarded by a single lock; under
 * load every command thread queued on it (measured: tens of milliseconds per wait on two cores).
 * Here each thread has its own DRBG instance, seeded once from the system's entropy source.
 */
public final class Randomness {

    private static final ThreadLocal<SecureRandom> GENERATOR = ThreadLocal.withInitial(Randomness::newGenerator);

    private Randomness() {
    }

    private static SecureRandom newGenerator() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            return new SecureRandom();
        }
    }

    /** Fills {@code bytes} with random bytes. */
    public static void nextBytes(byte[] bytes) {
        GENERATOR.get().nextBytes(bytes);
    }

    /** A random (version 4, IETF variant) UUID, as {@link UUID#randomUUID()} makes. */
    public static UUID uuid() {
        byte[] b = new byte[16];
        nextBytes(b);
        b[6] = (byte) ((b[6] & 0x0f) | 0x40);
        b[8] = (byte) ((b[8] & 0x3f) | 0x80);
        long msb = 0;
        long lsb = 0;
        for (int i = 0; i < 8; i++) {
            msb = (msb << 8) | (b[i] & 0xff);
            lsb = (lsb << 8) | (b[i + 8] & 0xff);
        }
        return new UUID(msb, lsb);
    }
}
