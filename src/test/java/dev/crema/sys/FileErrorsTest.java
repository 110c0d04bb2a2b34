package dev.crema.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** File errors in the words runc prints and engines parse, not Java's bare path. */
class FileErrorsTest {
    @Test
    void aMissingFileIsNoSuchFileOrDirectory(@TempDir Path dir) {
        Path missing = dir.resolve("no/such/file");
        IOException e = org.junit.jupiter.api.Assertions.assertThrows(NoSuchFileException.class, () -> Files.readAllBytes(missing));
        assertEquals(missing + ": no such file or directory", FileErrors.describe(e));
    }

    @Test
    void aFileUsedAsADirectoryIsNotADirectory(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("file"), "x");
        IOException e = org.junit.jupiter.api.Assertions.assertThrows(FileSystemException.class,
                () -> Files.readAllBytes(file.resolve("below")));
        assertEquals(file.resolve("below") + ": not a directory", FileErrors.describe(e));
    }

    @Test
    void permissionDeniedKeepsItsWords() {
        assertEquals("/x: permission denied", FileErrors.describe(new AccessDeniedException("/x")));
    }
}
