package dev.junction.api;

/**
 * Seals text that may hold secrets before it is stored outside the event store (read models), and
 * opens it again. The broker's implementation encrypts under a key it manages.
 */
public interface SecretCodec {

    /** Stores text as it is: for tests of code that does not deal with secrets. */
    SecretCodec NONE = new SecretCodec() {
        @Override
        public String seal(String plain) {
            return plain;
        }

        @Override
        public String open(String stored) {
            return stored;
        }
    };

    String seal(String plain);

    String open(String stored);
}
