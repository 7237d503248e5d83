package dev.junction.infra.crypto;

import dev.junction.api.Randomness;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.util.Base64;

/**
 * The key that encrypts the broker's secrets at rest (AES-256-GCM, a fresh 96-bit nonce per
 * message, the nonce stored in front of the ciphertext). Deleting it makes what it encrypted
 * unreadable.
 */
public final class MasterKey {

    private static final int NONCE_BYTES = 12;
    /**
     * One cipher object per thread, initialised afresh for every message: looking the algorithm up
     * costs more than encrypting a message (docs/benchmarks.md).
     */
    private static final ThreadLocal<Cipher> CIPHERS = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM is not available", e);
        }
    });

    private final SecretKey key;

    private MasterKey(byte[] raw) {
        if (raw.length != 32) {
            throw new IllegalStateException("the master key must be 32 bytes (base64 of 32 random bytes)");
        }
        this.key = new SecretKeySpec(raw, "AES");
    }

    /** The configured key, or the one in {@code file}, created (mode 600) when missing. */
    public static MasterKey load(String configured, Path file) throws IOException {
        if (configured != null && !configured.isBlank()) {
            return new MasterKey(Base64.getDecoder().decode(configured.trim()));
        }
        if (Files.exists(file)) {
            return new MasterKey(Base64.getDecoder().decode(Files.readString(file).trim()));
        }
        Files.createDirectories(file.getParent());
        byte[] raw = new byte[32];
        Randomness.nextBytes(raw);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, Base64.getEncoder().encodeToString(raw));
        try {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system: the directory's permissions have to do
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return new MasterKey(raw);
    }

    public byte[] encrypt(byte[] plain, byte[] associatedData) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            Randomness.nextBytes(nonce);
            Cipher cipher = CIPHERS.get();
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            cipher.updateAAD(associatedData);
            byte[] sealed = cipher.doFinal(plain);
            return ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("encryption failed", e);
        }
    }

    public byte[] decrypt(byte[] sealed, byte[] associatedData) {
        try {
            Cipher cipher = CIPHERS.get();
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, sealed, 0, NONCE_BYTES));
            cipher.updateAAD(associatedData);
            return cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("decryption failed: wrong master key or damaged data", e);
        }
    }
}
