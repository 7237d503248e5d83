package dev.junction.infra.container;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * A host directory of limited size for a container's {@code $CREDSTORE}, in one of two modes:
 * <ul>
 * <li><b>enforced</b> ({@link #enforcedByFilesystem()}): a tmpfs of {@code bytes} mounted on the directory
 * (the broker runs as root, or may mount). A write past the limit fails inside the container with
 * "No space left on device", as the Stencil contract promises. The mount is root's and mode 0700, which the
 * container's root (running without capabilities) owns and so may write.</li>
 * <li><b>checked</b>: where mounting is not possible, a plain directory; nothing stops a container writing
 * more, so callers ask {@link #exceeded()} after the run and fail it. When the broker is not root the
 * directory is made writable for all (mode 0777), because the container's root has no right to override
 * permissions; its parent must then be private to the broker (0700) to keep it from other host users.</li>
 * </ul>
 * The contents live only as long as this object: {@link #close()} unmounts the tmpfs (or deletes the plain
 * directory) and removes the directory, so callers read what they keep before closing. Readers must not
 * follow symbolic links the container may have left there.
 */
public final class LimitedDirectory implements AutoCloseable {

    private static final int MAX_ENTRIES = 10_000;

    private final Path path;
    private final long limit;
    private final boolean mounted;

    private LimitedDirectory(Path path, long limit, boolean mounted) {
        this.path = path;
        this.limit = limit;
        this.mounted = mounted;
    }

    /** Creates {@code dir} (which must not exist yet or be empty) limited to {@code bytes}. */
    public static LimitedDirectory create(Path dir, long bytes) throws IOException {
        return create(dir, bytes, true);
    }

    /** The checked mode even where mounting works, for tests of that mode. */
    static LimitedDirectory checked(Path dir, long bytes) throws IOException {
        return create(dir, bytes, false);
    }

    private static LimitedDirectory create(Path dir, long bytes, boolean mayMount) throws IOException {
        if (bytes <= 0) {
            throw new IllegalArgumentException("the limit must be positive");
        }
        Path path = dir.toAbsolutePath().normalize();
        Files.createDirectories(path);
        try (Stream<Path> entries = Files.list(path)) {
            if (entries.findAny().isPresent()) {
                throw new IOException("limited directory " + path + " is not empty");
            }
        }
        if (mayMount && mount(path, bytes)) {
            return new LimitedDirectory(path, bytes, true);
        }
        boolean root = Integer.valueOf(0).equals(Files.getAttribute(path, "unix:uid"));
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(root ? "rwx------" : "rwxrwxrwx"));
        return new LimitedDirectory(path, bytes, false);
    }

    private static boolean mount(Path path, long bytes) {
        return exec("mount", "-t", "tmpfs", "-o", "size=" + bytes + ",mode=0700,nosuid,nodev,noexec", "tmpfs",
                path.toString());
    }

    private static boolean exec(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return false;
            }
            return process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public Path path() {
        return path;
    }

    public long limitBytes() {
        return limit;
    }

    /** Whether the filesystem itself refuses writes past the limit (a tmpfs), rather than a check after. */
    public boolean enforcedByFilesystem() {
        return mounted;
    }

    /** The bytes the directory's files hold (counting stops early once past the limit). */
    public long usedBytes() throws IOException {
        if (mounted) {
            FileStore store = Files.getFileStore(path);
            return store.getTotalSpace() - store.getUnallocatedSpace();
        }
        AtomicLong used = new AtomicLong();
        AtomicLong entries = new AtomicLong();
        try (Stream<Path> walk = Files.walk(path)) {
            walk.takeWhile(p -> used.get() <= limit && entries.incrementAndGet() <= MAX_ENTRIES).forEach(p -> {
                try {
                    BasicFileAttributes attributes = Files.readAttributes(p, BasicFileAttributes.class,
                            java.nio.file.LinkOption.NOFOLLOW_LINKS);
                    used.addAndGet(attributes.isRegularFile() ? attributes.size() : 0);
                } catch (IOException e) {
                    // vanished while counting
                }
            });
        }
        return entries.get() > MAX_ENTRIES ? Math.max(used.get(), limit + 1) : used.get();
    }

    /** Whether more than the limit is stored (in the checked mode, a container wrote past it: fail the run). */
    public boolean exceeded() throws IOException {
        return usedBytes() > limit;
    }

    @Override
    public void close() throws IOException {
        if (mounted && !exec("umount", path.toString()) && !exec("umount", "-l", path.toString())) {
            throw new IOException("could not unmount " + path);
        }
        if (Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            try (Stream<Path> walk = Files.walk(path)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
