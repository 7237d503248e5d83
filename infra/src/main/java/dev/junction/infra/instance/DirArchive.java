package dev.junction.infra.instance;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * A directory as a zip archive, both ways, within a size: what a container left in a directory it could
 * write is kept this way. Packing skips nothing silently and follows no link (a link is refused, it could
 * point anywhere on the host); unpacking refuses {@code ..}, absolute names and more than the size.
 */
final class DirArchive {

    private static final int MAX_ENTRIES = 10_000;

    private DirArchive() {
    }

    /** Thrown when a directory or archive breaks the rules; the message says how, for operators. */
    static final class RefusedException extends IOException {
        RefusedException(String message) {
            super(message);
        }
    }

    static byte[] pack(Path dir, long maxBytes) throws IOException {
        List<Path> entries = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.filter(p -> !p.equals(dir)).sorted().forEach(entries::add);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        if (entries.size() > MAX_ENTRIES) {
            throw new RefusedException("more than " + MAX_ENTRIES + " files");
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        long total = 0;
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Path path : entries) {
                BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class,
                        LinkOption.NOFOLLOW_LINKS);
                String name = dir.relativize(path).toString().replace('\\', '/');
                if (attributes.isDirectory()) {
                    zip.putNextEntry(new ZipEntry(name + "/"));
                    zip.closeEntry();
                } else if (attributes.isRegularFile()) {
                    total += attributes.size();
                    if (total > maxBytes) {
                        throw new RefusedException("more than " + maxBytes + " bytes");
                    }
                    zip.putNextEntry(new ZipEntry(name));
                    try (InputStream in = Files.newInputStream(path, LinkOption.NOFOLLOW_LINKS)) {
                        copy(in, zip, maxBytes - (total - attributes.size()));
                    }
                    zip.closeEntry();
                } else {
                    throw new RefusedException(name + " is not a plain file or directory");
                }
            }
        }
        return bytes.toByteArray();
    }

    static void unpack(byte[] archive, Path dir, long maxBytes) throws IOException {
        Path root = dir.toAbsolutePath().normalize();
        long total = 0;
        int count = 0;
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(archive))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                if (++count > MAX_ENTRIES) {
                    throw new RefusedException("more than " + MAX_ENTRIES + " entries");
                }
                String name = entry.getName();
                if (name.startsWith("/") || name.contains("\\") || name.contains("\0")
                        || List.of(name.split("/")).contains("..")) {
                    throw new RefusedException("entry name not allowed: " + name.length() + " characters");
                }
                Path target = root.resolve(name).normalize();
                if (!target.startsWith(root) || target.equals(root)) {
                    throw new RefusedException("entry outside the directory");
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                    continue;
                }
                Files.createDirectories(target.getParent());
                if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                    throw new RefusedException("duplicate entry");
                }
                try (OutputStream out = Files.newOutputStream(target)) {
                    total += copy(zip, out, maxBytes - total);
                }
            }
        }
    }

    /** Copies at most {@code limit} bytes, refusing more. */
    private static long copy(InputStream in, OutputStream out, long limit) throws IOException {
        byte[] buffer = new byte[8192];
        long copied = 0;
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            copied += n;
            if (copied > limit) {
                throw new RefusedException("more than the allowed size");
            }
            out.write(buffer, 0, n);
        }
        return copied;
    }

    /** Deletes a directory tree without following links; quiet when it is gone already. */
    static void delete(Path dir) {
        if (dir == null || !Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // what could not be removed stays until the next start; nothing depends on it
        }
    }
}
