package org.rnnstudio.engine.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnstudio.engine.DataException;
import org.rnnstudio.engine.DataSpec;
import org.rnnstudio.engine.MemoryBudget;
import org.rnnstudio.engine.Network;
import org.rnnstudio.engine.Plan;
import org.rnnstudio.engine.RidgeReadout;
import org.rnnstudio.engine.Sequence;
import org.rnnstudio.engine.Trainer;
import org.rnnstudio.model.Initialization;
import org.rnnstudio.model.ModelFile;

/**
 * Inputs within every limit of the format that need far more memory than any test heap: each is refused
 * before anything large is allocated, in one sentence that says what needs how much. Without the budget
 * each of these ends in an OutOfMemoryError after tens of seconds.
 */
class MemoryBudgetTest {

    private static final Duration QUICK = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    static Plan plan(String groups, String connections) throws Exception {
        return Plan.compile(ModelFile.read("{\"format\": \"rnnstudio-model/1\", \"groups\": [" + groups + "], \"connections\": [" + connections + "]}").model());
    }

    /** The adding problem's shapes (2 inputs, 1 output), through a product group of a million units. */
    static Plan millionUnitProduct() throws Exception {
        return plan("{\"id\": \"in\", \"role\": \"input\", \"size\": 2}, {\"id\": \"gate\", \"size\": 1000000, \"combine\": \"product\"},"
                + "{\"id\": \"sum\", \"role\": \"output\", \"size\": 1, \"activation\": \"linear\", \"target\": {\"schedule\": \"final-step\"}}",
                "{\"id\": \"a\", \"from\": \"in\", \"to\": \"gate\"}, {\"id\": \"b\", \"from\": \"in\", \"to\": \"gate\"},"
                        + "{\"id\": \"out\", \"from\": \"gate\", \"to\": \"sum\"}");
    }

    static Plan millionUnitSoftmax() throws Exception {
        return plan("{\"id\": \"in\", \"role\": \"input\", \"size\": 2}, {\"id\": \"hidden\", \"size\": 4},"
                + "{\"id\": \"word\", \"role\": \"output\", \"size\": 1000000, \"activation\": \"softmax\", \"target\": {\"loss\": \"cross-entropy\"}}",
                "{\"id\": \"a\", \"from\": \"in\", \"to\": \"hidden\"}, {\"id\": \"b\", \"from\": \"hidden\", \"to\": \"word\"}");
    }

    /** count sequences of the given length that carry no numbers: a budget reads only their lengths. */
    static List<Sequence> lengths(int count, int length) {
        return Collections.nCopies(count, new Sequence(length, Map.of(), Map.of()));
    }

    @Test
    void aProductGroupOfAMillionUnitsIsRefusedBeforeTraining() throws Exception {
        Plan plan = millionUnitProduct();
        Trainer trainer = new Trainer(new Network(plan));
        Trainer.Settings settings = new Trainer.Settings(1, 32, 0.1, 0.9, false, 1, 0);
        MemoryBudget.TooLarge e = assertTimeoutPreemptively(QUICK, () -> assertThrows(MemoryBudget.TooLarge.class,
                () -> trainer.train(DataSpec.load("adding:length=50,count=64", plan), settings, new Trainer.Listener() { }, () -> false)));
        // per sequence and step: the inputs (y and the batch's copy, 2 + 2); the product group's y, net and dE/dy
        // and both wires' contributions (5 x 10^6); the output's y, net, dE/dy and target (4); the full connection
        // into the output, stacked over all steps: its source, dE/dnet and product (10^6 + 2)
        assertTrue(e.getMessage().startsWith("training needs about "), e.getMessage());
        assertTrue(e.getMessage().contains("(batch 32 x 50 steps x 6,000,010 numbers a step"), e.getMessage());
        assertTrue(e.getMessage().contains("use shorter sequences, a smaller batch, or a larger heap (RNNSTUDIO_HEAP="), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }

    @Test
    void aSoftmaxOfAMillionUnitsIsRefusedForTrainingAndForEvaluation() throws Exception {
        Plan plan = millionUnitSoftmax();
        Trainer trainer = new Trainer(new Network(plan));
        List<Sequence> data = lengths(64, 50);
        MemoryBudget.TooLarge training = assertTimeoutPreemptively(QUICK, () -> assertThrows(MemoryBudget.TooLarge.class,
                () -> trainer.train(data, new Trainer.Settings(1, 32, 0.1, 0.9, false, 1, 0), new Trainer.Listener() { }, () -> false)));
        // inputs 2 + 2, hidden 3 x 4, the softmax's y, net, dE/dy and target 4 x 10^6; the two full connections'
        // stacked source, dE/dnet and product (all steps at once): 2 + 2 x 4 and 4 + 2 x 10^6
        assertTrue(training.getMessage().contains("(batch 32 x 50 steps x 6,000,030 numbers a step"), training.getMessage());
        MemoryBudget.TooLarge running = assertTimeoutPreemptively(QUICK, () -> assertThrows(MemoryBudget.TooLarge.class,
                () -> trainer.evaluate(data, 1024)));
        assertTrue(running.getMessage().startsWith("running the model needs about "), running.getMessage());
        assertTrue(running.getMessage().contains("(batch 64 x 50 steps x 6,000,030 numbers a step"), running.getMessage());
        MemoryBudget.TooLarge one = assertTimeoutPreemptively(QUICK, () -> assertThrows(MemoryBudget.TooLarge.class,
                () -> trainer.outputs(new Sequence(1000, Map.of(), Map.of()), List.of("word"))));
        assertTrue(one.getMessage().contains("use shorter sequences, or a larger heap"), one.getMessage());
    }

    /**
     * A readout of 100,000 features passes the pass's budget (one short sequence) but its least-squares factor
     * would be 100,001 squared numbers, 80 GB: refused in one line before anything is allocated.
     */
    @Test
    void aReadoutTooWideToFactorIsRefusedBeforeTheFit() throws Exception {
        Plan plan = plan("{\"id\": \"in\", \"role\": \"input\", \"size\": 100000}, "
                + "{\"id\": \"out\", \"role\": \"output\", \"size\": 1, \"activation\": \"linear\", \"target\": {\"loss\": \"squared-error\"}}",
                "{\"id\": \"readout\", \"from\": \"in\", \"to\": \"out\"}");
        assertTrue(RidgeReadout.applies(plan));
        Network network = new Network(plan);
        List<Sequence> data = List.of(new Sequence(3, Map.of("in", new double[3][100000]), Map.of("out", new double[3][1])));
        MemoryBudget.TooLarge e = assertTimeoutPreemptively(QUICK, () -> assertThrows(MemoryBudget.TooLarge.class,
                () -> new RidgeReadout(network).fit(data, List.of(), 0, 1e-8, false, 1)));
        assertTrue(e.getMessage().startsWith("fitting the readout needs about "), e.getMessage());
        assertTrue(e.getMessage().contains("100,002 features wide"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }

    @Test
    void tenMillionGeneratedSequencesAreRefusedBeforeGenerating() throws Exception {
        Plan plan = plan("{\"id\": \"in\", \"role\": \"input\", \"size\": 2}, {\"id\": \"sum\", \"role\": \"output\", \"size\": 1, \"activation\": \"linear\"}",
                "{\"id\": \"a\", \"from\": \"in\", \"to\": \"sum\"}");
        DataException e = assertTimeoutPreemptively(QUICK, () -> assertThrows(DataException.class, () -> DataSpec.load("adding:count=10000000", plan)));
        assertTrue(e.getMessage().startsWith("adding data need about "), e.getMessage());
        assertTrue(e.getMessage().contains("(10,000,000 sequences x 50 steps x 3 numbers)"), e.getMessage());
    }

    @Test
    void aSeriesLongerThanAnArrayIsRefusedNotOverflowed() throws Exception {
        Plan plan = plan("{\"id\": \"in\", \"role\": \"input\", \"size\": 1}, {\"id\": \"next\", \"role\": \"output\", \"size\": 1, \"activation\": \"linear\"}",
                "{\"id\": \"a\", \"from\": \"in\", \"to\": \"next\"}");
        // 10^7 x 10^5 samples do not fit in an int: the series' length used to wrap round to a negative size
        DataException e = assertTimeoutPreemptively(QUICK,
                () -> assertThrows(DataException.class, () -> DataSpec.load("mackey-glass:length=100000,count=10000000", plan)));
        assertTrue(e.getMessage().startsWith("mackey-glass data need about "), e.getMessage());
        assertTrue(e.getMessage().endsWith("use fewer or shorter sequences (no heap holds that much)"), e.getMessage());
    }

    @Test
    void aCsvFileIsCountedBeforeItsRowsAreMadeNumbers() throws Exception {
        Plan plan = millionUnitSoftmax();
        StringBuilder csv = new StringBuilder("sequence,in.0,in.1\n");
        for (int row = 0; row < 3200; row++) {
            csv.append(row / 50).append(",0.5,1\n");
        }
        Path file = dir.resolve("wide.csv");
        Files.writeString(file, csv);
        DataException e = assertTimeoutPreemptively(QUICK, () -> assertThrows(DataException.class, () -> DataSpec.load(file.toString(), plan)));
        // every row becomes the inputs and the (empty) targets of every unit: 2 + 10^6 numbers
        assertTrue(e.getMessage().startsWith("wide.csv needs about "), e.getMessage());
        assertTrue(e.getMessage().contains("3,201 rows x 1,000,002 numbers"), e.getMessage());
    }

    @Test
    void whatFitsIsNotRefused() throws Exception {
        Plan plan = plan("{\"id\": \"in\", \"role\": \"input\", \"size\": 2}, {\"id\": \"h\", \"size\": 8, \"activation\": \"tanh\"},"
                + "{\"id\": \"sum\", \"role\": \"output\", \"size\": 1, \"activation\": \"linear\", \"target\": {\"schedule\": \"final-step\"}}",
                "{\"id\": \"a\", \"from\": \"in\", \"to\": \"h\"}, {\"id\": \"r\", \"from\": \"h\", \"to\": \"h\", \"delay\": 1},"
                        + "{\"id\": \"b\", \"from\": \"h\", \"to\": \"sum\"}");
        Network network = new Network(plan);
        network.initialize(Initialization.GLOROT, 1, 1);
        Trainer trainer = new Trainer(network);
        Trainer.Result result = trainer.train(DataSpec.load("adding:length=20,count=64", plan), new Trainer.Settings(2, 32, 0.01, 0.9, false, 1, 0),
                new Trainer.Listener() { }, () -> false);
        assertTrue(Double.isFinite(result.loss()));
    }

    /** sample made one pass per length it met (up to 100): the passes and batches kept are now a few. */
    @Test
    void passesAreKeptForAFewShapesOnly() throws Exception {
        Plan plan = plan("{\"id\": \"in\", \"role\": \"input\", \"size\": 3}, {\"id\": \"out\", \"role\": \"output\", \"size\": 3, \"activation\": \"softmax\","
                + "\"target\": {\"loss\": \"cross-entropy\"}}", "{\"id\": \"a\", \"from\": \"in\", \"to\": \"out\"}, {\"id\": \"r\", \"from\": \"out\", \"to\": \"out\", \"delay\": 1}");
        Network network = new Network(plan);
        network.initialize(Initialization.GLOROT, 1, 1);
        Trainer trainer = new Trainer(network);
        List<Double> firstOutputs = new ArrayList<>();
        for (int length = 1; length <= 40; length++) {
            double[][] y = trainer.outputs(ones(length), List.of("out")).get("out");
            firstOutputs.add(y[0][0]);
        }
        assertTrue(kept(trainer, "passes") <= 4, "passes kept: " + kept(trainer, "passes"));
        assertTrue(kept(trainer, "batches") <= 4, "batches kept: " + kept(trainer, "batches"));
        // shapes met again after eviction give the same numbers
        assertEquals(firstOutputs.get(0), trainer.outputs(ones(1), List.of("out")).get("out")[0][0], 0.0);
    }

    private static Sequence ones(int length) {
        double[][] x = new double[length][3];
        for (double[] row : x) {
            java.util.Arrays.fill(row, 1);
        }
        return new Sequence(length, Map.of("in", x), Map.of());
    }

    private static int kept(Trainer trainer, String field) throws Exception {
        Field f = Trainer.class.getDeclaredField(field);
        f.setAccessible(true);
        return ((Map<?, ?>) f.get(trainer)).size();
    }
}
