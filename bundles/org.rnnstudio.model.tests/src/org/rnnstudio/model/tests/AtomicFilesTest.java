package org.rnnstudio.model.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnstudio.model.AtomicFiles;

/** Saving through a temporary file: permissions kept, the old file kept on failure, killed writes cleaned up. */
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

    @Test
    void aKilledWritesTemporaryFilesAreRemovedByTheNextWriteOnceStale() throws Exception {
        Path target = dir.resolve("adder.weights.json");
        Path stale = Files.writeString(dir.resolve(".adder.weights.json8123456789012345.tmp"), "half");
        Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(Duration.ofMinutes(5))));
        Path running = Files.writeString(dir.resolve(".adder.weights.json42.tmp"), "another write, still going");
        Path notOurs = Files.writeString(dir.resolve(".adder.weights.json.backup.tmp"), "someone else's");
        Files.setLastModifiedTime(notOurs, FileTime.from(Instant.now().minus(Duration.ofMinutes(5))));
        Path otherTarget = Files.writeString(dir.resolve(".other.json77.tmp"), "another file's");
        Files.setLastModifiedTime(otherTarget, FileTime.from(Instant.now().minus(Duration.ofMinutes(5))));

        AtomicFiles.writeString(target, "{}");
        assertEquals("{}", Files.readString(target));
        assertFalse(Files.exists(stale), "a temporary file of a killed write is removed");
        assertTrue(Files.exists(running), "a fresh one may belong to a write still running");
        assertTrue(Files.exists(notOurs) && Files.exists(otherTarget), "files we did not make, or of other targets, stay");
    }

    @Test
    void aFailingWriteLeavesTheOldFileAndNoTemporary() throws Exception {
        Path target = dir.resolve("model.rnn");
        Files.writeString(target, "old");
        assertThrows(IOException.class, () -> AtomicFiles.write(target, out -> {
            out.write("new, half".getBytes(StandardCharsets.UTF_8));
            throw new IOException("disk full");
        }));
        assertEquals("old", Files.readString(target));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count());
        }
    }
}
