package org.rnnstudio.export.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnstudio.export.ExportException;
import org.rnnstudio.export.PortableModel;
import org.rnnstudio.export.TrainedModel;

/**
 * A portable model comes from elsewhere: importing one trusts none of its sizes, reads only the two entries
 * it needs, and never replaces a model without being told to.
 */
class PackRefusalsTest {

    @TempDir
    Path dir;
    private byte[] model;
    private byte[] weights;
    private Path target;

    @BeforeEach
    void trainedAdder() throws Exception {
        Path adder = TestModels.trainedAdder(dir);
        model = Files.readAllBytes(adder);
        weights = Files.readAllBytes(TrainedModel.weightsBeside(adder));
        target = Files.createDirectory(dir.resolve("target"));
    }

    /** A zip of the named entries, in order (names may repeat: the zip writer refuses that, so they are patched in after). */
    private Path pack(String name, Object... entries) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (int i = 0; i < entries.length; i += 2) {
                zip.putNextEntry(new ZipEntry((String) entries[i]));
                zip.write((byte[]) entries[i + 1]);
                zip.closeEntry();
            }
        }
        Path file = dir.resolve(name);
        Files.write(file, bytes.toByteArray());
        return file;
    }

    private String refusal(Path pack) {
        return assertThrows(ExportException.class, () -> PortableModel.importInto(pack, target, "imported", false)).getMessage();
    }

    private void nothingWritten() throws Exception {
        try (var files = Files.list(target)) {
            assertEquals(0, files.count());
        }
    }

    @Test
    void weightsThatExpandBeyondWhatTheModelCanHaveAreRefusedEarly() throws Exception {
        byte[] bomb = new byte[200 << 20];
        Arrays.fill(bomb, (byte) ' ');
        byte[] start = "{\"format\": \"rnnstudio-weights/1\",".getBytes(StandardCharsets.UTF_8);
        System.arraycopy(start, 0, bomb, 0, start.length);
        Path pack = pack("bomb.rnnpack", "model.rnn", model, "weights.json", bomb);
        assertTrue(Files.size(pack) < 1 << 20, "a small file");
        long begin = System.nanoTime();
        String message = refusal(pack);
        assertTrue(message.startsWith("bomb.rnnpack!weights.json expands to more than "), message);
        assertTrue(System.nanoTime() - begin < 10e9);
        nothingWritten();
    }

    @Test
    void aModelEntryBeyondTheModelFileLimitIsRefused() throws Exception {
        byte[] big = new byte[(int) PortableModel.MAX_MODEL_ENTRY + 1];
        Arrays.fill(big, (byte) ' ');
        assertTrue(refusal(pack("big.rnnpack", "model.rnn", big, "weights.json", weights)).startsWith("big.rnnpack!model.rnn expands to more than 16 MB"));
        nothingWritten();
    }

    @Test
    void anEntryUsedTwiceIsRefused() throws Exception {
        Path pack = pack("twice.rnnpack", "model.rnn", model, "model.rnX", model, "weights.json", weights);
        byte[] bytes = Files.readAllBytes(pack);
        byte[] from = "model.rnX".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i + from.length <= bytes.length; i++) {
            if (Arrays.equals(bytes, i, i + from.length, from, 0, from.length)) {
                bytes[i + from.length - 1] = 'n';
            }
        }
        Files.write(pack, bytes);
        assertTrue(refusal(pack).endsWith("twice.rnnpack has two entries named 'model.rnn'; a portable model has each once"), refusal(pack));
        nothingWritten();
    }

    /** An entry that cannot even be inflated: reading it would fail, so importing shows it was never read. */
    @Test
    void otherEntriesAreNeverRead() throws Exception {
        byte[] notes = new byte[4096];
        new java.util.Random(1).nextBytes(notes);
        Path pack = pack("extra.rnnpack", "notes.bin", notes, "model.rnn", model, "weights.json", weights);
        byte[] bytes = Files.readAllBytes(pack);
        // the first entry's data follow its 30-byte local header and its name
        for (int i = 30 + "notes.bin".length(); i < 30 + "notes.bin".length() + 64; i++) {
            bytes[i] = (byte) 0xFF;
        }
        Files.write(pack, bytes);
        Path imported = PortableModel.importInto(pack, target, "imported", false);
        assertEquals(new String(model, StandardCharsets.UTF_8), Files.readString(imported));
        assertEquals(new String(weights, StandardCharsets.UTF_8), Files.readString(TrainedModel.weightsBeside(imported)));
    }

    @Test
    void anExistingModelIsReplacedOnlyWhenAsked() throws Exception {
        Path pack = pack("adder.rnnpack", "model.rnn", model, "weights.json", weights);
        Path imported = PortableModel.importInto(pack, target, "adder", false);
        Files.writeString(imported, "mine");
        String message = assertThrows(ExportException.class, () -> PortableModel.importInto(pack, target, "adder", false)).getMessage();
        assertEquals(imported + " exists; import again with --force to replace the model and its weights", message);
        assertEquals("mine", Files.readString(imported));
        PortableModel.importInto(pack, target, "adder", true);
        assertEquals(new String(model, StandardCharsets.UTF_8), Files.readString(imported));
    }
}
