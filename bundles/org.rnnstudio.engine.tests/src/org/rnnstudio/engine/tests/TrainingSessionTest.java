package org.rnnstudio.engine.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnstudio.engine.Network;
import org.rnnstudio.engine.Plan;
import org.rnnstudio.engine.Trainer;
import org.rnnstudio.engine.TrainingSession;
import org.rnnstudio.engine.WeightsFile;
import org.rnnstudio.model.Model;
import org.rnnstudio.model.ModelFile;
import org.rnnstudio.model.TrainingSettings;

/** "Train this model file", as the command line and the studio both run it. */
class TrainingSessionTest {

    @TempDir
    Path dir;
    private Path file;
    private Model model;

    @BeforeEach
    void copyTheAdder() throws Exception {
        file = dir.resolve("binary-adder.rnn");
        Files.copy(Paths.get(System.getProperty("rnnstudio.examples", "../../examples"), "binary-adder", "binary-adder.rnn"), file);
        model = ModelFile.read(file).model();
    }

    private TrainingSettings settings(int epochs) {
        TrainingSettings t = model.training().copy();
        t.data = "binary-adder:bits=4,count=200";
        t.epochs = epochs;
        return t;
    }

    /** Runs a session and returns its per-epoch losses. */
    static List<Double> losses(TrainingSession session, List<TrainingSession.Outcome> outcome) {
        List<Double> losses = new ArrayList<>();
        outcome.add(session.train(new Trainer.Listener() {
            @Override
            public void epoch(int epoch, double loss, double accuracy) {
                losses.add(loss);
            }
        }, () -> false, null));
        return losses;
    }

    private double[][] weights(Path weightsFile) throws Exception {
        Network network = new Network(Plan.compile(model));
        WeightsFile.load(network, weightsFile);
        double[][] values = new double[network.plan().parameters().size()][];
        for (Plan.ParameterSet p : network.plan().parameters()) {
            values[p.index()] = network.copyOf(p);
        }
        return values;
    }

    @Test
    void continuingForNoEpochsKeepsTheWeightsBitForBit() throws Exception {
        TrainingSession fresh = TrainingSession.open(file, model, settings(5), null);
        fresh.initialize();
        List<TrainingSession.Outcome> outcomes = new ArrayList<>();
        losses(fresh, outcomes);
        Path weights = TrainingSession.weightsBeside(file);
        assertEquals(weights, outcomes.get(0).weights());
        double[][] trained = weights(weights);

        Path copy = dir.resolve("trained.weights.json");
        Files.copy(weights, copy);
        TrainingSession none = TrainingSession.open(file, model, settings(0), null);
        none.continueFrom(copy);
        losses(none, outcomes);
        double[][] kept = weights(weights);
        for (int i = 0; i < trained.length; i++) {
            assertArrayEquals(trained[i], kept[i], 0.0, "parameter set " + i);
        }
    }

    @Test
    void continuingFiveEpochsAfterFiveGoesOnWhereTheyStopped() throws Exception {
        List<TrainingSession.Outcome> outcomes = new ArrayList<>();
        TrainingSession first = TrainingSession.open(file, model, settings(5), null);
        first.initialize();
        List<Double> before = losses(first, outcomes);
        TrainingSession then = TrainingSession.open(file, model, settings(5), null);
        then.continueFrom(TrainingSession.weightsBeside(file));
        List<Double> after = losses(then, outcomes);
        TrainingSession again = TrainingSession.open(file, model, settings(5), null);
        again.initialize();
        List<Double> afresh = losses(again, outcomes);

        assertTrue(before.get(4) < before.get(0), "the first run learns: " + before);
        double middle = (before.get(0) + before.get(4)) / 2;
        assertTrue(after.get(0) < middle, "the second run starts nearer where the first ended than where it began: " + before + " then " + after);
        assertTrue(after.get(4) < before.get(4), "and the loss keeps falling: " + before + " then " + after);
        assertEquals(before, afresh, "Train starts afresh: the same seed gives the same run");
        assertTrue(then.describe().contains("continued from"), then.describe());
        assertNull(outcomes.get(1).warning());
    }

    @Test
    void weightsOfAnotherStructureAreRefusedInOneLine() throws Exception {
        TrainingSession fresh = TrainingSession.open(file, model, settings(1), null);
        fresh.initialize();
        losses(fresh, new ArrayList<>());
        model.group("hidden").setSize(4);
        TrainingSession other = TrainingSession.open(file, model, settings(1), null);
        TrainingSession.SessionException e = assertThrows(TrainingSession.SessionException.class,
                () -> other.continueFrom(TrainingSession.weightsBeside(file)));
        assertTrue(e.getMessage().contains("another structure"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    /** docs/model-format.md describes the metrics file; the file written is what it describes. */
    @Test
    void theMetricsFileHasTheDocumentedColumns() throws Exception {
        String docs = Files.readString(Paths.get(System.getProperty("rnnstudio.examples", "../../examples"), "..", "docs", "model-format.md"));
        assertTrue(docs.contains("`" + TrainingSession.METRICS_COLUMNS + "`"), "docs/model-format.md names the columns " + TrainingSession.METRICS_COLUMNS);
        TrainingSettings t = settings(3);
        t.validation = 0.25;
        TrainingSession session = TrainingSession.open(file, model, t, dir.resolve("results"));
        session.initialize();
        List<TrainingSession.Outcome> outcomes = new ArrayList<>();
        List<Double> losses = losses(session, outcomes);
        List<String> rows = Files.readAllLines(dir.resolve("results").resolve("binary-adder.metrics.csv"));
        assertTrue(rows.get(0).startsWith("# sgd, epochs 3,"), rows.get(0));
        assertEquals(TrainingSession.METRICS_COLUMNS, rows.get(1));
        assertEquals(5, rows.size(), "a comment, the columns and one row per epoch");
        for (int e = 0; e < 3; e++) {
            String[] cells = rows.get(2 + e).split(",");
            assertEquals(TrainingSession.METRICS_COLUMNS.split(",").length, cells.length, rows.get(2 + e));
            assertEquals(e + 1, Integer.parseInt(cells[0]));
            assertEquals(losses.get(e), Double.parseDouble(cells[1]), 0.0);
            assertTrue(Double.isFinite(Double.parseDouble(cells[3])), "the validation loss: " + rows.get(2 + e));
            assertTrue(Double.isNaN(Double.parseDouble(cells[6])), "no character error rate without a ctc output: " + rows.get(2 + e));
        }
        Model used = ModelFile.read(dir.resolve("results").resolve("binary-adder.training.json")).model();
        assertEquals(0.25, used.training().validation, "the settings used are written too");
    }

    /** A seed is a long from the model file to the weights: 2^32 + 1 is not 1. */
    @Test
    void theSeedIsALongEndToEnd() throws Exception {
        long big = (1L << 32) + 1;
        String text = Files.readString(file).replace("\"seed\": 1,", "\"seed\": " + big + ",");
        assertTrue(text.contains(Long.toString(big)), "the example stores its seed");
        Files.writeString(file, text);
        ModelFile.ReadResult read = ModelFile.read(file);
        assertTrue(read.diagnostics().isEmpty(), read.diagnostics().toString());
        assertEquals(big, read.model().training().seed);
        assertTrue(ModelFile.write(read.model()).contains("\"seed\": " + big), "and writes it back whole");

        TrainingSettings t = read.model().training().copy();
        TrainingSession large = TrainingSession.open(file, read.model(), t, dir.resolve("large"));
        large.initialize();
        t.seed = 1;
        TrainingSession one = TrainingSession.open(file, read.model(), t, dir.resolve("one"));
        one.initialize();
        Plan.ParameterSet first = large.plan().parameters().get(0);
        assertFalse(java.util.Arrays.equals(large.network().copyOf(first), one.network().copyOf(first)), "seeds 2^32 + 1 and 1 give other weights");
    }

    @Test
    void dataFilesAreFoundBesideTheModel() throws Exception {
        Path folder = Paths.get("/models/adder");
        assertEquals("/models/adder/sums.csv", TrainingSession.resolveData("sums.csv", folder));
        assertEquals("/models/data/sums.csv", TrainingSession.resolveData("../data/sums.csv", folder));
        assertEquals("/elsewhere/sums.csv", TrainingSession.resolveData("/elsewhere/sums.csv", folder));
        assertEquals("text:file=/models/adder/lecture.txt,length=40", TrainingSession.resolveData("text:file=lecture.txt,length=40", folder));
        assertEquals("binary-adder:bits=6,count=1000", TrainingSession.resolveData("binary-adder:bits=6,count=1000", folder));
        assertEquals("binary-adder", TrainingSession.resolveData("binary-adder", folder));

        Files.writeString(dir.resolve("sums.csv"), "sequence,input.0,input.1,output.0\na,1,1,\na,0,0,\na,0,0,0\na,0,0,1\n");
        TrainingSettings t = settings(1);
        t.data = "sums.csv";
        TrainingSession session = TrainingSession.open(file, model, t, null);
        assertEquals(1, session.data().size(), "the CSV beside the model, wherever the process runs");
    }

    @Test
    void aFileWhereTheResultsFolderShouldBeIsRefusedBeforeTraining() throws Exception {
        Path notAFolder = Files.writeString(dir.resolve("results"), "");
        TrainingSession.SessionException e = assertThrows(TrainingSession.SessionException.class,
                () -> TrainingSession.open(file, model, settings(1), notAFolder));
        assertTrue(e.getMessage().contains("is a file, not a folder"), e.getMessage());
    }

    /** A finished run is never lost: weights that cannot go where asked go elsewhere, and the outcome says where. */
    @Test
    void weightsThatCannotBeWrittenWhereAskedAreKeptElsewhere() throws Exception {
        Files.createDirectories(TrainingSession.weightsBeside(file));
        TrainingSession session = TrainingSession.open(file, model, settings(2), null);
        session.initialize();
        List<TrainingSession.Outcome> outcomes = new ArrayList<>();
        losses(session, outcomes);
        TrainingSession.Outcome outcome = outcomes.get(0);
        assertNotNull(outcome.writeProblem());
        assertTrue(outcome.writeProblem().contains("the weights are in " + outcome.weights()), outcome.writeProblem());
        assertFalse(outcome.weights().startsWith(dir), "elsewhere: " + outcome.weights());
        try {
            weights(outcome.weights());
        } finally {
            Files.deleteIfExists(outcome.weights());
        }
    }

    /** The lecture's adder at learning rate 10^6 stays finite but its loss grows by orders of magnitude: not "done". */
    @Test
    void aLossThatGrowsByOrdersOfMagnitudeIsReported() throws Exception {
        TrainingSettings t = settings(5);
        t.learningRate = 1e6;
        TrainingSession session = TrainingSession.open(file, model, t, null);
        session.initialize();
        List<TrainingSession.Outcome> outcomes = new ArrayList<>();
        List<Double> losses = losses(session, outcomes);
        TrainingSession.Outcome outcome = outcomes.get(0);
        assertNull(outcome.stopped(), "the numbers stayed finite: " + losses);
        assertNotNull(outcome.warning(), "a loss going " + losses + " is reported");
        assertTrue(outcome.warning().contains("the loss grew"), outcome.warning());
    }
}
