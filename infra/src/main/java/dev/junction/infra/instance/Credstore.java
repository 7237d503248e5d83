package dev.junction.infra.instance;

import dev.junction.infra.container.LimitedDirectory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The host directory mounted as a stencil's {@code $CREDSTORE}: a {@link LimitedDirectory} of the configured
 * size, so that writing past it fails inside the container (or, where the size cannot be enforced, is found
 * after the run and fails it). A step resumed after a restart finds its directory as it was left.
 */
final class Credstore implements AutoCloseable {

    private final Path dir;
    private final long maxBytes;
    private final LimitedDirectory limited; // null: a directory made before a restart

    private Credstore(Path dir, long maxBytes, LimitedDirectory limited) {
        this.dir = dir;
        this.maxBytes = maxBytes;
        this.limited = limited;
    }

    static Credstore create(Path dir, long maxBytes) throws IOException {
        return new Credstore(dir, maxBytes, LimitedDirectory.create(dir, maxBytes));
    }

    /** The directory of a step started before a restart, as it is (it may be gone). */
    static Credstore reopen(Path dir, long maxBytes) {
        return new Credstore(dir, maxBytes, null);
    }

    Path path() {
        return limited != null ? limited.path() : dir;
    }

    boolean present() {
        return Files.isDirectory(path());
    }

    /** Whether the container stored more than the size (only possible where it is not enforced). */
    boolean exceeded() throws IOException {
        return limited != null && limited.exceeded();
    }

    /** The directory's content as an archive, refused when larger than the store's size. */
    byte[] pack() throws IOException {
        return DirArchive.pack(path(), maxBytes);
    }

    /** The size-limited mount a broker made before its restart, if the directory still is one. */
    private void unmountLeftOver() throws IOException {
        if (!Files.isDirectory(dir) || Files.getFileStore(dir).equals(Files.getFileStore(dir.getParent()))) {
            return;
        }
        try {
            Process umount = new ProcessBuilder("umount", dir.toString()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            umount.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        try {
            if (limited != null) {
                limited.close();
            } else {
                DirArchive.delete(dir); // its files first: an empty mount point is all a failed unmount leaves
                unmountLeftOver();
            }
        } catch (IOException e) {
            // a mount left behind holds nothing kept: its content was read (and sealed) before
        }
        DirArchive.delete(dir);
    }
}
