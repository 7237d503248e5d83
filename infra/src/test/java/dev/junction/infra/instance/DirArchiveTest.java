package dev.junction.infra.instance;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Archives of what containers leave: kept whole, and nothing outside the directory or past the size. */
class DirArchiveTest {

    @TempDir
    Path temp;

    static byte[] zip(String name, byte[] content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry(name));
            zip.write(content);
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }

    @Test
    void aDirectoryComesBackAsItWas() throws IOException {
        Path from = Files.createDirectories(temp.resolve("from/nested"));
        Files.writeString(from.resolve("secret"), "s3cret");
        Files.writeString(temp.resolve("from/top"), "top");
        Path to = Files.createDirectories(temp.resolve("to"));
        DirArchive.unpack(DirArchive.pack(temp.resolve("from"), 1024), to, 1024);
        assertThat(to.resolve("nested/secret")).hasContent("s3cret");
        assertThat(to.resolve("top")).hasContent("top");
    }

    @Test
    void entriesOutsideTheDirectoryAreRefused() throws IOException {
        Path to = Files.createDirectories(temp.resolve("to"));
        for (String name : new String[]{"../escape", "a/../../escape", "/etc/escape", "a\\..\\escape"}) {
            assertThatThrownBy(() -> DirArchive.unpack(zip(name, new byte[]{1}), to, 1024))
                    .as(name).isInstanceOf(DirArchive.RefusedException.class);
        }
        assertThat(temp.resolve("escape")).doesNotExist();
    }

    @Test
    void moreThanTheSizeIsRefusedBothWays() throws IOException {
        Path to = Files.createDirectories(temp.resolve("to"));
        assertThatThrownBy(() -> DirArchive.unpack(zip("big", new byte[2048]), to, 1024))
                .isInstanceOf(DirArchive.RefusedException.class);
        Path from = Files.createDirectories(temp.resolve("from"));
        Files.write(from.resolve("big"), new byte[2048]);
        assertThatThrownBy(() -> DirArchive.pack(from, 1024)).isInstanceOf(DirArchive.RefusedException.class);
    }

    @Test
    void aLinkIsNeverFollowed() throws IOException {
        Path outside = Files.writeString(temp.resolve("outside"), "host file");
        Path from = Files.createDirectories(temp.resolve("from"));
        Files.createSymbolicLink(from.resolve("link"), outside);
        assertThatThrownBy(() -> DirArchive.pack(from, 1024)).isInstanceOf(DirArchive.RefusedException.class)
                .hasMessageContaining("not a plain file");
    }
}
