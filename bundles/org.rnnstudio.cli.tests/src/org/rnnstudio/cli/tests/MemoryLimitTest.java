package org.rnnstudio.cli.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Models and data within every documented limit that cannot fit in memory: each ends in one line on
 * standard error and exit code 1 within seconds, never an OutOfMemoryError with a stack trace.
 */
class MemoryLimitTest {

    private static final Duration QUICK = Duration.ofSeconds(15);

    @TempDir
    Path dir;
    private Path adding;

    @BeforeEach
    void copyTheAddingProblem() throws Exception {
        adding = dir.resolve("adding-problem.rnn");
        Files.copy(Paths.get(System.getProperty("rnnstudio.examples", "../../examples"), "adding-problem", "adding-problem.rnn"), adding);
    }

    /** Runs the command and asserts the refusal's form: exit 1, one line naming the memory needed, nothing thrown. */
    private static String refused(String... args) {
        Cli.Run ran = assertTimeoutPreemptively(QUICK, () -> Cli.run(args));
        assertEquals(1, ran.code(), ran.err());
        assertEquals(1, ran.err().lines().count(), "one line: " + ran.err());
        assertTrue(ran.err().startsWith("rnnstudio: "), ran.err());
        assertTrue(ran.err().contains(" about ") && ran.err().contains("the heap has "), ran.err());
        assertFalse(ran.err().contains("Exception") || ran.err().contains("Error") || ran.err().contains("\tat "), ran.err());
        return ran.err();
    }

    private Path model(String name, String groups, String connections) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, "{\"format\": \"rnnstudio-model/1\", \"groups\": [" + groups + "], \"connections\": [" + connections + "]}");
        return file;
    }

    @Test
    void aProductGroupOfAMillionUnits() throws Exception {
        Path product = model("product.rnn", "{\"id\": \"in\", \"role\": \"input\", \"size\": 2}, {\"id\": \"gate\", \"size\": 1000000, \"combine\": \"product\"},"
                + "{\"id\": \"sum\", \"role\": \"output\", \"size\": 1, \"activation\": \"linear\", \"target\": {\"schedule\": \"final-step\"}}",
                "{\"id\": \"a\", \"from\": \"in\", \"to\": \"gate\"}, {\"id\": \"b\", \"from\": \"in\", \"to\": \"gate\"},"
                        + "{\"id\": \"out\", \"from\": \"gate\", \"to\": \"sum\"}");
        String err = refused("train", product.toString(), "--data", "adding:length=50,count=64", "--batch", "32", "--epochs", "1");
        assertTrue(err.startsWith("rnnstudio: training needs about "), err);
    }

    @Test
    void aSoftmaxOfAMillionUnits() throws Exception {
        Path softmax = model("softmax.rnn", "{\"id\": \"in\", \"role\": \"input\", \"size\": 2}, {\"id\": \"hidden\", \"size\": 4},"
                + "{\"id\": \"word\", \"role\": \"output\", \"size\": 1000000, \"activation\": \"softmax\", \"target\": {\"loss\": \"cross-entropy\"}}",
                "{\"id\": \"a\", \"from\": \"in\", \"to\": \"hidden\"}, {\"id\": \"b\", \"from\": \"hidden\", \"to\": \"word\"}");
        StringBuilder csv = new StringBuilder("sequence,in.0,in.1,word.0\n");
        for (int row = 0; row < 3200; row++) {
            csv.append(row / 50).append(",0.5,1,1\n");
        }
        Path data = dir.resolve("words.csv");
        Files.writeString(data, csv);
        String err = refused("train", softmax.toString(), "--data", data.toString(), "--batch", "32", "--epochs", "1");
        assertTrue(err.startsWith("rnnstudio: words.csv needs about "), err);
    }

    @Test
    void tenMillionGeneratedSequences() throws Exception {
        String err = refused("train", adding.toString(), "--data", "adding:count=10000000");
        assertTrue(err.startsWith("rnnstudio: adding data need about "), err);
    }

    /**
     * The adding problem's LSTM keeps 536 numbers per sequence and step (about 137 KB a step for a batch of
     * 32): at 80,000 steps that is 11 GB, at 100,000 steps 14 GB, more than the test heap when the test heap is
     * the JVM's default on a machine of less than 40 GB.
     */
    @Test
    void theAddingProblemAtEightyThousandSteps() throws Exception {
        assumeTrue(Runtime.getRuntime().maxMemory() < 10L << 30, "a heap of 10 GB or more holds this");
        String err = refused("train", adding.toString(), "--data", "adding:length=80000,count=32", "--batch", "32", "--epochs", "1");
        assertTrue(err.contains("training needs about ") && err.contains("(batch 32 x 80,000 steps x 536 numbers a step"), err);
        assertTrue(err.contains("use shorter sequences, a smaller batch, checkpointing (train --checkpoint auto), or a larger heap (RNNSTUDIO_HEAP="), err);
    }

    @Test
    void theAddingProblemAtAHundredThousandStepsForTrainingAndEvaluation() throws Exception {
        assumeTrue(Runtime.getRuntime().maxMemory() < 12L << 30, "a heap of 12 GB or more holds this");
        refused("train", adding.toString(), "--data", "adding:length=100000,count=64");
        Cli.Run trained = Cli.run("train", adding.toString(), "--data", "adding:length=10,count=32", "--epochs", "1");
        assertEquals(0, trained.code(), trained.err());
        String err = refused("eval", adding.toString(), "--weights", dir.resolve("adding-problem.weights.json").toString(), "--data",
                "adding:length=100000,count=64");
        assertTrue(err.startsWith("rnnstudio: running the model needs about "), err);
    }
}
