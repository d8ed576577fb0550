package org.rnnstudio.cli.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** train --checkpoint: the same weights as the whole sequences' pass on the same per-step path, to the bit; bad values and networks it cannot run refused in one line. */
class CheckpointOptionTest {

    @TempDir
    Path dir;
    private Path adder;

    @BeforeEach
    void copyTheAdder() throws Exception {
        adder = Cli.adderIn(dir);
    }

    private static void assertOneLine(Cli.Run run, int code) {
        assertEquals(code, run.code(), run.err());
        assertTrue(run.err().startsWith("rnnstudio: "), run.err());
        assertEquals(1, run.err().strip().lines().count(), "one line: " + run.err());
        assertFalse(run.err().contains("\tat "), "no stack trace: " + run.err());
    }

    private String trainedWeights(String... extra) throws Exception {
        String[] args = new String[] {"train", adder.toString(), "--data", "binary-adder:bits=8,count=64", "--epochs", "3", "--seed", "4"};
        String[] all = java.util.Arrays.copyOf(args, args.length + extra.length);
        System.arraycopy(extra, 0, all, args.length, extra.length);
        Cli.Run run = Cli.run(all);
        assertEquals(0, run.code(), run.err());
        return Files.readString(dir.resolve("binary-adder.weights.json"));
    }

    @Test
    void checkpointedTrainingWritesTheSameWeights() throws Exception {
        // checkpointing on in one segment longer than every sequence: the whole sequences on the per-step path
        // that the segments run (training without checkpointing takes the restructured step, equal to rounding)
        String plain = trainedWeights("--checkpoint", "1000");
        assertEquals(plain, trainedWeights("--checkpoint", "2"));
        assertEquals(plain, trainedWeights("--checkpoint", "auto"));
        assertTrue(Files.readString(dir.resolve("binary-adder.metrics.csv")).contains("checkpoint auto"), "the settings line names it");
    }

    @Test
    void aValueThatIsNeitherStepsNorAutoIsRefused() throws Exception {
        Cli.Run run = Cli.run("train", adder.toString(), "--checkpoint", "often");
        assertOneLine(run, 2);
        assertTrue(run.err().contains("--checkpoint must be a whole number of at least 0, not 'often'"), run.err());
    }

    @Test
    void aNetworkReadFromLaterStepsIsRefused() throws Exception {
        JsonObject model = JsonParser.parseString(Files.readString(adder)).getAsJsonObject();
        for (var c : model.getAsJsonArray("connections")) {
            // the hidden group runs backwards through time: it reads the input and itself a step later
            if (!c.getAsJsonObject().get("id").getAsString().equals("hidden-output")) {
                c.getAsJsonObject().addProperty("reverse", true);
            }
        }
        Files.writeString(adder, model.toString());
        Cli.Run run = Cli.run("train", adder.toString(), "--checkpoint", "auto", "--epochs", "1");
        assertOneLine(run, 1);
        assertTrue(run.err().contains("checkpointing runs forward in segments, but '") && run.err().contains("' is read from later steps (a reversed connection)"),
                run.err());
    }
}
