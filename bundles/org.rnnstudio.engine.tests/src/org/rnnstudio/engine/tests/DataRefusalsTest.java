package org.rnnstudio.engine.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnstudio.engine.CsvData;
import org.rnnstudio.engine.DataException;
import org.rnnstudio.engine.DataSpec;
import org.rnnstudio.engine.Plan;
import org.rnnstudio.engine.TextData;
import org.rnnstudio.model.Activation;
import org.rnnstudio.model.Connection;
import org.rnnstudio.model.Model;
import org.rnnstudio.model.UnitGroup;

/** Data that must be refused with the file, the line and a short quote, never read without end. */
class DataRefusalsTest {

    @TempDir
    Path dir;

    /** in(2) -> out(n) with the given activation and loss. */
    private static Plan plan(int outputs, Activation activation, UnitGroup.Loss loss) throws Exception {
        Model m = new Model();
        m.addGroup(new UnitGroup("in", UnitGroup.Role.INPUT, 2));
        UnitGroup out = m.addGroup(new UnitGroup("out", UnitGroup.Role.OUTPUT, outputs));
        out.setActivation(activation);
        out.setTarget(loss, UnitGroup.TargetSchedule.EVERY_STEP, 1);
        m.addConnection(new Connection("c", "in", "out", Connection.Kind.FULL, 0));
        return Plan.compile(m);
    }

    private String refusal(String spec, Plan plan) throws Exception {
        return assertThrows(DataException.class, () -> DataSpec.load(spec, plan)).getMessage();
    }

    private String csvRefusal(byte[] bytes, Plan plan) throws Exception {
        Path csv = dir.resolve("bad.csv");
        Files.write(csv, bytes);
        return refusal(csv.toString(), plan);
    }

    private String csvRefusal(String text, Plan plan) throws Exception {
        return csvRefusal(text.getBytes(StandardCharsets.UTF_8), plan);
    }

    @Test
    void anOutputWithNoTargetAnywhereIsRefused() throws Exception {
        Plan plan = plan(1, Activation.LOGISTIC, UnitGroup.Loss.LOGISTIC_CROSS_ENTROPY);
        assertEquals("bad.csv: output group 'out' has no target anywhere in the data (add out.0 ... columns, with values on the steps to learn)",
                csvRefusal("sequence,in.0,in.1\na,1,0\na,0,1\n", plan));
        assertTrue(csvRefusal("sequence,in.0,in.1,out.0\na,1,0,\na,0,1,\n", plan).contains("no target anywhere"));
    }

    @Test
    void targetsMustSuitTheLoss() throws Exception {
        String logistic = csvRefusal("sequence,in.0,in.1,out.0\na,1,0,1\na,0,1,2\n", plan(1, Activation.LOGISTIC, UnitGroup.Loss.LOGISTIC_CROSS_ENTROPY));
        assertEquals("bad.csv line 3: target 'out.0' is 2.0; under logistic cross-entropy a target is a probability, from 0 to 1", logistic);
        Plan softmax = plan(3, Activation.SOFTMAX, UnitGroup.Loss.CROSS_ENTROPY);
        assertTrue(csvRefusal("sequence,in.0,in.1,out.0,out.1,out.2\na,1,0,0,1,0\na,0,1,1,1,0\n", softmax)
                .startsWith("bad.csv line 3: the targets of 'out' are not one-hot"));
        assertTrue(csvRefusal("sequence,in.0,in.1,out.0,out.1,out.2\na,1,0,0,1,\n", softmax).startsWith("bad.csv line 2:"));
        assertTrue(csvRefusal("sequence,in.0,in.1,out.0,out.1,out.2\na,1,0,1.5,-0.5,0\n", softmax).startsWith("bad.csv line 2:"));
        // a distribution and a step without targets are fine
        Path csv = dir.resolve("good.csv");
        Files.writeString(csv, "sequence,in.0,in.1,out.0,out.1,out.2\na,1,0,0.25,0.75,0\na,0,1,,,\n");
        assertEquals(1, DataSpec.load(csv.toString(), softmax).size());
    }

    @Test
    void anOffendingCellIsQuotedShortAndEscaped() throws Exception {
        Plan plan = plan(1, Activation.LINEAR, UnitGroup.Loss.SQUARED_ERROR);
        String huge = csvRefusal("sequence,in.0,in.1,out.0\na,1," + "x".repeat(1_000_000) + ",1\n", plan);
        assertTrue(huge.length() < 200 && huge.contains("(1000000 characters)"), huge);
        String binary = csvRefusal("sequence,in.0,in.1,out.0\na,1,x\u0001\u001b[31m,1\n", plan);
        assertEquals("bad.csv line 2: 'in.1' is 'x\\u0001\\u001b[31m', not a number", binary);
        String header = csvRefusal("sequence,in.0,in.1,out.0,h\u0007" + "y".repeat(100_000) + "\n", plan);
        assertTrue(header.length() < 300 && header.contains("'h\\u0007yyy"), header);
    }

    @Test
    void aByteOrderMarkIsAcceptedAndOtherEncodingsAreNamedWithTheirLine() throws Exception {
        Plan plan = plan(1, Activation.LINEAR, UnitGroup.Loss.SQUARED_ERROR);
        Path csv = dir.resolve("bom.csv");
        Files.write(csv, "\ufeffsequence,in.0,in.1,out.0\na,1,0,1\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(1, DataSpec.load(csv.toString(), plan).size());

        String latin1 = csvRefusal("# caf\u00e9\nsequence,in.0,in.1,out.0\n# d\u00e9j\u00e0 vu\na,1,0,1\n".getBytes(StandardCharsets.ISO_8859_1), plan);
        assertTrue(latin1.endsWith("bad.csv line 1, column 6: not UTF-8 text (byte 0xE9); save the file as UTF-8"), latin1);
        String utf16 = csvRefusal("sequence,in.0,in.1,out.0\na,1,0,1\n".getBytes(StandardCharsets.UTF_16), plan);
        assertTrue(utf16.endsWith("bad.csv is UTF-16 text, not UTF-8 text: save it as UTF-8"), utf16);
        String utf16le = csvRefusal("sequence,in.0,in.1,out.0\na,1,0,1\n".getBytes(StandardCharsets.UTF_16LE), plan);
        assertTrue(utf16le.contains("line 1, column 2: not UTF-8 text (a NUL byte"), utf16le);
        assertFalse(latin1.contains("Input length"), latin1);
    }

    @Test
    void aCsvFileOrLineBeyondTheLimitIsRefusedBeforeItIsRead() throws Exception {
        Plan plan = plan(1, Activation.LINEAR, UnitGroup.Loss.SQUARED_ERROR);
        Path big = dir.resolve("big.csv");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(CsvData.MAX_FILE + 1);
        }
        String message = refusal(big.toString(), plan);
        assertTrue(message.contains("is larger than 256 MB"), message);

        Path longLine = dir.resolve("long.csv");
        Files.write(longLine, new byte[CsvData.MAX_LINE + 10]);
        String line = refusal(longLine.toString(), plan);
        assertTrue(line.contains("line 1 is longer than 16 MB"), line);
    }

    @Test
    void textDataAreReadWithinTheirLimitEvenFromADeviceWithoutEnd() throws Exception {
        Plan plan = plan(1, Activation.SOFTMAX, UnitGroup.Loss.CROSS_ENTROPY);
        Path zero = Paths.get("/dev/zero");
        if (Files.exists(zero)) {
            long start = System.nanoTime();
            String message = refusal("text:file=/dev/zero", plan);
            assertTrue(message.contains("/dev/zero is larger than 32 MB"), message);
            assertTrue(System.nanoTime() - start < 10e9, "stopped at the limit");
        }
        Path big = dir.resolve("big.txt");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(TextData.MAX_FILE + 1);
        }
        assertTrue(refusal("text:file=" + big, plan).contains("is larger than 32 MB"));
    }

    @Test
    void specsSayWhatIsWrongInOurWords() throws Exception {
        Plan plan = plan(1, Activation.LINEAR, UnitGroup.Loss.SQUARED_ERROR);
        assertEquals("adding: 'count' is set twice; give each setting once", refusal("adding:count=5,count=7", plan));
        assertEquals("adding: count=1000000000000 must be a whole number from 1 to 10000000: 1000000000000 is out of range",
                refusal("adding:count=1000000000000", plan));
        assertEquals("adding: count=2.5 must be a whole number from 1 to 10000000", refusal("adding:count=2.5", plan));
        String longSpec = refusal("adding:count=" + "9".repeat(100_000), plan);
        assertTrue(longSpec.length() < 200, longSpec);
    }
}
