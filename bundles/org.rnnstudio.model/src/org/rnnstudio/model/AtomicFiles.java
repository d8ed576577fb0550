package org.rnnstudio.model;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * Saving so that a file is either the old one or the whole new one, never half written: the bytes go to a
 * temporary file beside the target ({@code .NAME<digits>.tmp}), reach the disk (fsync), and the temporary
 * file is then moved over the target in one step. A process killed mid-write leaves its temporary file
 * behind; the next write of the same target removes those older than {@link #STALE}.
 */
public final class AtomicFiles {

    /** A temporary file this old cannot belong to a write still running (writes take seconds at most). */
    public static final Duration STALE = Duration.ofMinutes(1);

    /** What a streaming write puts into the temporary file. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFiles() {
    }

    public static void writeString(Path file, String text) throws IOException {
        write(file, text.getBytes(StandardCharsets.UTF_8));
    }

    /** The same for bytes: exported files (zip, ONNX, images). */
    public static void write(Path file, byte[] bytes) throws IOException {
        write(file, out -> out.write(bytes));
    }

    /**
     * Streams the content into a temporary file and moves it over the target; when the content throws,
     * the target is untouched and the temporary file is gone.
     */
    public static void write(Path file, Content content) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        removeStaleTemporaries(file);
        Path temp = Files.createTempFile(dir, prefix(file), ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE);
                    OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16)) {
                content.writeTo(out);
                out.flush();
                // without this a crash just after the rename can leave an empty file under the target's name
                channel.force(true);
            }
            keepPermissions(file, temp);
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static String prefix(Path file) {
        return "." + file.getFileName();
    }

    /** Temporary files of earlier writes of this target that were killed before their move (kill -9, power loss). */
    private static void removeStaleTemporaries(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        // Files.createTempFile puts an unsigned random long between the prefix and the suffix
        Pattern ours = Pattern.compile(Pattern.quote(prefix(file)) + "\\d{1,20}\\.tmp");
        Instant before = Instant.now().minus(STALE);
        DirectoryStream.Filter<Path> stale = entry -> ours.matcher(entry.getFileName().toString()).matches() && Files.isRegularFile(entry)
                && Files.getLastModifiedTime(entry).toInstant().isBefore(before);
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, stale)) {
            for (Path entry : entries) {
                Files.deleteIfExists(entry);
            }
        }
    }

    /**
     * A temporary file is created readable by its owner only; the saved file should keep the permissions of
     * the one it replaces, or get the usual rw-r--r-- of a new file, so that others can read an exported model.
     */
    private static void keepPermissions(Path file, Path temp) throws IOException {
        if (!Files.getFileStore(temp).supportsFileAttributeView(PosixFileAttributeView.class)) {
            return;
        }
        Files.setPosixFilePermissions(temp, Files.exists(file) ? Files.getPosixFilePermissions(file) : PosixFilePermissions.fromString("rw-r--r--"));
    }
}
