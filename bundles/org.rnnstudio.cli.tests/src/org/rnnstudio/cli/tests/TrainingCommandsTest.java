package org.rnnstudio.cli.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnstudio.engine.DataSpec;
import org.rnnstudio.engine.Network;
import org.rnnstudio.engine.Plan;
import org.rnnstudio.engine.Sequence;
import org.rnnstudio.engine.Trainer;
import org.rnnstudio.engine.WeightsFile;
import org.rnnstudio.model.ModelFile;

/** train --weights, grad, --out and the warnings of a run gone wrong, through the command line's entry point. */
class TrainingCommandsTest {

    @TempDir
    Path dir;
    private Path adder;
    private Path weights;

    @BeforeEach
    void copyTheAdder() throws Exception {
        adder = Cli.adderIn(dir);
        weights = dir.resolve("binary-adder.weights.json");
    }

    private static void assertOneLine(Cli.Run run) {
        assertTrue(run.err().startsWith("rnnstudio: "), run.err());
        assertEquals(1, run.err().strip().lines().count(), "one line: " + run.err());
        assertFalse(run.err().contains("\tat "), "no stack trace: " + run.err());
    }

    private static double firstLoss(Path metrics) throws Exception {
        return Double.parseDouble(Files.readAllLines(metrics).get(2).split(",")[1]);
    }

    @Test
    void trainWithWeightsGoesOnFromThem() throws Exception {
        Cli.Run first = Cli.run("train", adder.toString(), "--epochs", "5");
        assertEquals(0, first.code(), first.err());
        double freshStart = firstLoss(dir.resolve("binary-adder.metrics.csv"));
        List<String> firstRows = Files.readAllLines(dir.resolve("binary-adder.metrics.csv"));
        double freshEnd = Double.parseDouble(firstRows.get(firstRows.size() - 1).split(",")[1]);
        Path trained = dir.resolve("trained.weights.json");
        Files.copy(weights, trained);

        Cli.Run then = Cli.run("train", adder.toString(), "--epochs", "5", "--weights", trained.toString());
        assertEquals(0, then.code(), then.err());
        assertTrue(then.out().contains("continued from " + trained), then.out());
        double continuedStart = firstLoss(dir.resolve("binary-adder.metrics.csv"));
        assertTrue(continuedStart < (freshStart + freshEnd) / 2, "starts near where the first run ended (" + freshStart + " -> " + freshEnd
                + "), not afresh: " + continuedStart);
        assertNotEquals(Files.readString(trained), Files.readString(weights), "and trains them further");
    }

    @Test
    void trainRefusesWeightsOfAnotherStructureBeforeTraining() throws Exception {
        assertEquals(0, Cli.run("train", adder.toString(), "--epochs", "1").code());
        Files.writeString(adder, Files.readString(adder).replace("\"size\": 3,", "\"size\": 4,"));
        Cli.Run run = Cli.run("train", adder.toString(), "--weights", weights.toString());
        assertEquals(1, run.code());
        assertOneLine(run);
        assertTrue(run.err().contains("another structure"), run.err());
        assertFalse(run.out().contains("epoch"), "nothing trained: " + run.out());

        Cli.Run both = Cli.run("train", adder.toString(), "--weights", weights.toString(), "--init", "glorot");
        assertEquals(2, both.code());
        assertOneLine(both);
        Cli.Run none = Cli.run("train", adder.toString(), "--weights", dir.resolve("none.json").toString());
        assertEquals(1, none.code());
        assertTrue(none.err().contains("no weights file"), none.err());
    }

    /** The written derivative equals central differences of the loss computed by the forward pass alone. */
    @Test
    void gradWritesTheLossAndItsDerivativeForEveryParameterSet() throws Exception {
        assertEquals(0, Cli.run("train", adder.toString(), "--epochs", "2").code());
        Path gradient = dir.resolve("gradient.json");
        String data = "binary-adder:bits=3,count=7,seed=5";
        Cli.Run run = Cli.run("grad", adder.toString(), "--weights", weights.toString(), "--data", data, "--output", gradient.toString(),
                "--batch", "3");
        assertEquals(0, run.code(), run.err());

        JsonObject root = JsonParser.parseString(Files.readString(gradient)).getAsJsonObject();
        assertEquals("rnnstudio-gradient/1", root.get("format").getAsString());
        assertEquals(7, root.get("sequences").getAsInt());
        Plan plan = Plan.compile(ModelFile.read(adder).model());
        Network network = new Network(plan);
        WeightsFile.load(network, weights);
        List<Sequence> sequences = DataSpec.load(data, plan);
        Trainer trainer = new Trainer(network);
        assertEquals(trainer.evaluate(sequences, 100)[0], root.get("loss").getAsDouble(), 1e-12, "the mean loss per sequence");
        JsonObject parameters = root.getAsJsonObject("parameters");
        assertEquals(plan.parameters().size(), parameters.size());
        double h = 1e-5;
        int checked = 0;
        for (Plan.ParameterSet p : plan.parameters()) {
            JsonArray values = parameters.getAsJsonObject(p.name()).getAsJsonArray("values");
            assertEquals(p.size(), values.size(), p.name());
            double[] w = network.value(p).data;
            for (int i = 0; i < w.length; i++) {
                double keep = w[i];
                w[i] = keep + h;
                double plus = trainer.evaluate(sequences, 100)[0];
                w[i] = keep - h;
                double minus = trainer.evaluate(sequences, 100)[0];
                w[i] = keep;
                double numeric = (plus - minus) / (2 * h);
                double written = values.get(i).getAsDouble();
                assertEquals(numeric, written, 1e-6 * Math.max(1, Math.abs(numeric)), p.name() + "[" + i + "]");
                checked++;
            }
        }
        assertEquals(25, checked, "every parameter of the 2-3-1 adder");
    }

    @Test
    void gradRefusesMissingOptionsInOneLine() throws Exception {
        for (List<String> args : List.of(List.of("grad", adder.toString()), List.of("grad", adder.toString(), "--weights", "w.json"),
                List.of("grad", adder.toString(), "--weights", "w.json", "--data", "binary-adder"))) {
            Cli.Run run = Cli.run(args.toArray(new String[0]));
            assertEquals(2, run.code(), args.toString());
            assertOneLine(run);
            assertTrue(run.err().contains("is needed"), run.err());
        }
        Cli.Run noWeights = Cli.run("grad", adder.toString(), "--weights", dir.resolve("none.json").toString(), "--data", "binary-adder",
                "--output", dir.resolve("g.json").toString());
        assertEquals(1, noWeights.code());
        assertOneLine(noWeights);
    }

    @Test
    void anOutThatIsAFileIsRefusedBeforeTraining() throws Exception {
        Path file = Files.writeString(dir.resolve("results"), "not a folder");
        long start = System.nanoTime();
        Cli.Run run = Cli.run("train", adder.toString(), "--out", file.toString());
        assertEquals(1, run.code());
        assertOneLine(run);
        assertTrue(run.err().contains(file + " is a file, not a folder"), run.err());
        assertFalse(run.out().contains("epoch"), "refused before any training: " + run.out());
        assertTrue((System.nanoTime() - start) / 1e9 < 5, "at once");
        assertEquals("not a folder", Files.readString(file));
    }

    /** The lecture's adder at learning rate 10^6: the loss stays finite but grows by orders of magnitude. */
    @Test
    void aLossThatGrowsByOrdersOfMagnitudeEndsWithAWarning() throws Exception {
        Cli.Run run = Cli.run("train", adder.toString(), "--lr", "1e6", "--epochs", "5");
        assertEquals(0, run.code(), run.err());
        assertFalse(run.out().contains("Done"), run.out());
        assertTrue(run.err().startsWith("rnnstudio: warning: the loss grew from"), run.err());
        assertEquals(1, run.err().strip().lines().count(), run.err());
        assertTrue(Files.exists(weights), "the weights are still written");
    }

    @Test
    void weightsThatCannotBeWrittenBesideTheModelAreKeptAndTheMessageSaysWhere() throws Exception {
        Files.createDirectories(weights);
        Cli.Run run = Cli.run("train", adder.toString(), "--epochs", "2");
        assertEquals(1, run.code());
        assertOneLine(run);
        String said = run.err().strip();
        assertTrue(said.contains("the weights are in "), said);
        Path kept = Paths.get(said.substring(said.indexOf("the weights are in ") + "the weights are in ".length()));
        try {
            WeightsFile.load(new Network(Plan.compile(ModelFile.read(adder).model())), kept);
        } finally {
            Files.deleteIfExists(kept);
        }
    }

    /** A seed above 2^31 is taken whole, not cut to an int: 2^32 + 1 and 1 train to other weights. */
    @Test
    void aSeedIsALong() throws Exception {
        assertEquals(0, Cli.run("train", adder.toString(), "--epochs", "1", "--seed", "1").code());
        String one = Files.readString(weights);
        Cli.Run big = Cli.run("train", adder.toString(), "--epochs", "1", "--seed", Long.toString((1L << 32) + 1));
        assertEquals(0, big.code(), big.err());
        assertTrue(big.out().contains("seed 4294967297"), big.out());
        assertNotEquals(one, Files.readString(weights));
        Cli.Run gradcheck = Cli.run("gradcheck", adder.toString(), "--seed", "4294967297");
        assertEquals(0, gradcheck.code(), gradcheck.err());
    }
}
