package org.rnnstudio.model.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnstudio.model.AtomicFiles;

/** Saving through a temporary file must not leave the saved file readable by its owner only. */
class AtomicFilesTest {

    @TempDir
    Path dir;

    @Test
    void aNewFileIsReadableByOthersAndAReplacedOneKeepsItsPermissions() throws Exception {
        Path fresh = dir.resolve("model.rnn");
        AtomicFiles.writeString(fresh, "{}");
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh)));

        Path shared = dir.resolve("shared.onnx");
        Files.writeString(shared, "old");
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rw-rw----"));
        AtomicFiles.write(shared, new byte[] {1, 2, 3});
        assertEquals("rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(shared)));
        assertEquals(3, Files.size(shared));
    }
}
