package dev.junction.infra.crypto;

import dev.junction.api.SecretCodec;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Seals read-model text under the master key: {@code "enc1:" + base64(nonce ‖ ciphertext)}. */
public class MasterKeyCodec implements SecretCodec {

    private static final String PREFIX = "enc1:";
    private static final byte[] AAD = "junction-read-model".getBytes(StandardCharsets.UTF_8);

    private final MasterKey key;

    public MasterKeyCodec(MasterKey key) {
        this.key = key;
    }

    @Override
    public String seal(String plain) {
        if (plain == null) {
            return null;
        }
        return PREFIX + Base64.getEncoder().encodeToString(key.encrypt(plain.getBytes(StandardCharsets.UTF_8), AAD));
    }

    @Override
    public String open(String stored) {
        if (stored == null || !stored.startsWith(PREFIX)) {
            return stored;
        }
        return new String(key.decrypt(Base64.getDecoder().decode(stored.substring(PREFIX.length())), AAD),
                StandardCharsets.UTF_8);
    }
}
