package dev.junction.infra.instance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The host directory mounted as a stencil's {@code $CREDSTORE}, limited to the configured size so that
 * writing past it fails inside the container.
 */
final class Credstore implements AutoCloseable {

    private final Path dir;
    private final long maxBytes;

    private Credstore(Path dir, long maxBytes) {
        this.dir = dir;
        this.maxBytes = maxBytes;
    }

    static Credstore create(Path dir, long maxBytes) throws IOException {
        Files.createDirectories(dir);
        return new Credstore(dir, maxBytes);
    }

    /** The directory of a step started before a restart, as it is (it may be gone). */
    static Credstore reopen(Path dir, long maxBytes) {
        return new Credstore(dir, maxBytes);
    }

    boolean present() {
        return Files.isDirectory(dir);
    }

    /** The directory's content as an archive, refused when larger than the store's size. */
    byte[] pack() throws IOException {
        return DirArchive.pack(dir, maxBytes);
    }

    @Override
    public void close() {
        DirArchive.delete(dir);
    }
}
