package org.rnnstudio.engine.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnstudio.engine.Batch;
import org.rnnstudio.engine.DataException;
import org.rnnstudio.engine.DataSpec;
import org.rnnstudio.engine.GradientCheck;
import org.rnnstudio.engine.Network;
import org.rnnstudio.engine.Pass;
import org.rnnstudio.engine.Plan;
import org.rnnstudio.engine.Sequence;
import org.rnnstudio.engine.Trainer;
import org.rnnstudio.engine.pen.HandwritingData;
import org.rnnstudio.model.Activation;
import org.rnnstudio.model.Cell;
import org.rnnstudio.model.Connection;
import org.rnnstudio.model.Diagnostic;
import org.rnnstudio.model.Initialization;
import org.rnnstudio.model.Model;
import org.rnnstudio.model.UnitGroup;
import org.rnnstudio.model.Validator;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * CTC as the loss of a model's softmax output: through an identity connection it is PyTorch's ctc_loss of the
 * input (loss and gradient, resources/conformance/ctc.json); through recurrent and bidirectional networks its
 * gradient agrees with finite differences; impossible label sequences are refused by name before training and
 * never reach the weights; the labels come from a CSV column and from the handwriting generator.
 */
class CtcModelTest {

    /** logits(n) -> identity -> letters(n, softmax, ctc, no bias): the CTC loss of the input's logits. */
    private static Model identity(int classes) {
        Model m = new Model();
        m.addGroup(new UnitGroup("logits", UnitGroup.Role.INPUT, classes));
        UnitGroup letters = m.addGroup(new UnitGroup("letters", UnitGroup.Role.OUTPUT, classes));
        letters.setActivation(Activation.SOFTMAX);
        letters.setBias(false);
        letters.setTarget(UnitGroup.Loss.CTC, UnitGroup.TargetSchedule.EVERY_STEP, 1);
        m.addConnection(new Connection("copy", "logits", "letters", Connection.Kind.IDENTITY, 0));
        return m;
    }

    static JsonObject reference() throws Exception {
        try (InputStream in = CtcModelTest.class.getResourceAsStream("/conformance/ctc.json")) {
            return JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject();
        }
    }

    /** The reference's sequences, [n] with [step][class] logits over each one's input length, and their labels. */
    static List<Sequence> referenceSequences(JsonObject ref) {
        JsonArray logits = ref.getAsJsonArray("logits");
        int batch = logits.get(0).getAsJsonArray().size();
        List<Sequence> sequences = new ArrayList<>();
        for (int n = 0; n < batch; n++) {
            int length = ref.getAsJsonArray("input_lengths").get(n).getAsInt();
            double[][] x = new double[length][];
            for (int t = 0; t < length; t++) {
                JsonArray row = logits.get(t).getAsJsonArray().get(n).getAsJsonArray();
                x[t] = new double[row.size()];
                for (int c = 0; c < row.size(); c++) {
                    x[t][c] = row.get(c).getAsDouble();
                }
            }
            JsonArray target = ref.getAsJsonArray("targets").get(n).getAsJsonArray();
            int[] labels = new int[target.size()];
            for (int i = 0; i < labels.length; i++) {
                labels[i] = target.get(i).getAsInt();
            }
            sequences.add(new Sequence(length, Map.of("logits", x), Map.of(), "n" + n, Map.of("letters", labels)));
        }
        return sequences;
    }

    @Test
    void anIdentityModelGivesPyTorchsLossAndGradient() throws Exception {
        JsonObject ref = reference();
        List<Sequence> sequences = referenceSequences(ref);
        int classes = sequences.get(0).inputs().get("logits")[0].length;
        Plan plan = Plan.compile(identity(classes));
        Network network = new Network(plan);
        double expected = 0;
        for (int n = 0; n < sequences.size(); n++) {
            expected += ref.getAsJsonArray("loss").get(n).getAsDouble();
        }
        double[] score = new Trainer(network).evaluate(sequences, sequences.size());
        assertEquals(expected / sequences.size(), score[0], 1e-9, "eval's mean loss is the mean of PyTorch's losses");

        int steps = sequences.get(0).length();
        Batch batch = new Batch(plan, sequences.size(), steps);
        int in = plan.groupIndex("logits");
        int out = plan.groupIndex("letters");
        for (int b = 0; b < sequences.size(); b++) {
            Sequence s = sequences.get(b);
            batch.lengths()[b] = s.length();
            batch.labels(out)[b] = s.labels().get("letters");
            for (int t = 0; t < s.length(); t++) {
                System.arraycopy(s.inputs().get("logits")[t], 0, batch.input(in, t).data, b * classes, classes);
            }
        }
        Pass pass = new Pass(plan, sequences.size(), steps, true);
        assertEquals(expected, pass.forward(network, batch), 1e-9);
        pass.backward(network, batch, network.zerosLike(), 0);
        JsonArray gradient = ref.getAsJsonArray("grad_logits");
        double worst = 0;
        for (int t = 0; t < steps; t++) {
            for (int b = 0; b < sequences.size(); b++) {
                for (int c = 0; c < classes; c++) {
                    // the pass differentiates the mean over the batch; PyTorch's reference, the sum
                    double mine = sequences.size() * pass.outputGradient(in, t).data[b * classes + c];
                    worst = Math.max(worst, Math.abs(mine - gradient.get(t).getAsJsonArray().get(b).getAsJsonArray().get(c).getAsDouble()));
                }
            }
        }
        assertTrue(worst < 1e-9, "largest difference from PyTorch's gradient " + worst);
    }

    /** in(3) -> hidden(4, tanh, recurrent) -> letters(5, softmax, ctc). */
    private static Model recurrent() {
        Model m = new Model();
        m.addGroup(new UnitGroup("in", UnitGroup.Role.INPUT, 3));
        m.addGroup(new UnitGroup("hidden", UnitGroup.Role.HIDDEN, 4)).setActivation(Activation.TANH);
        UnitGroup letters = m.addGroup(new UnitGroup("letters", UnitGroup.Role.OUTPUT, 5));
        letters.setActivation(Activation.SOFTMAX);
        letters.setTarget(UnitGroup.Loss.CTC, UnitGroup.TargetSchedule.EVERY_STEP, 1);
        m.addConnection(new Connection("in-hidden", "in", "hidden", Connection.Kind.FULL, 0));
        m.addConnection(new Connection("recurrent", "hidden", "hidden", Connection.Kind.FULL, 1));
        m.addConnection(new Connection("hidden-letters", "hidden", "letters", Connection.Kind.FULL, 0));
        return m;
    }

    /** in(3) -> forward and reversed LSTM cells (3 each; the reversed one with a learned initial state) -> letters(5, ctc). */
    static Model bidirectional() {
        Model m = new Model();
        m.addGroup(new UnitGroup("in", UnitGroup.Role.INPUT, 3));
        UnitGroup letters = m.addGroup(new UnitGroup("letters", UnitGroup.Role.OUTPUT, 5));
        letters.setActivation(Activation.SOFTMAX);
        letters.setTarget(UnitGroup.Loss.CTC, UnitGroup.TargetSchedule.EVERY_STEP, 1);
        m.cells().add(new Cell("ahead", Cell.Kind.LSTM, 3));
        Cell back = new Cell("back", Cell.Kind.LSTM, 3);
        back.setReverse(true);
        back.setInitialState(UnitGroup.InitialStateKind.LEARNED);
        m.cells().add(back);
        m.addConnection(new Connection("in-ahead", "in", "ahead", Connection.Kind.FULL, 0));
        m.addConnection(new Connection("in-back", "in", "back", Connection.Kind.FULL, 0));
        m.addConnection(new Connection("ahead-letters", "ahead", "letters", Connection.Kind.FULL, 0));
        m.addConnection(new Connection("back-letters", "back", "letters", Connection.Kind.FULL, 0));
        return m;
    }

    /** Gradient check of every parameter set, on a batch of sequences of different lengths with random feasible labels. */
    static void assertGradientsAgree(Model m) throws Exception {
        Plan plan = Plan.compile(m);
        Network network = new Network(plan);
        network.initialize(Initialization.GLOROT, 1, 3);
        java.util.Random random = new java.util.Random(5);
        for (Plan.ParameterSet p : plan.parameters()) {
            if (p.kind() == Plan.ParameterSet.Kind.BIAS || p.kind() == Plan.ParameterSet.Kind.INITIAL_STATE) {
                for (int i = 0; i < p.size(); i++) {
                    network.value(p).data[i] = random.nextGaussian() * 0.5;
                }
            }
        }
        Batch batch = GradientCheck.randomBatch(plan, 4, 7, 11);
        Set<Integer> lengths = new HashSet<>();
        for (int length : batch.lengths()) {
            lengths.add(length);
        }
        assertTrue(lengths.size() > 1, "sequences of different lengths, so that padding is crossed");
        List<GradientCheck.Result> results = GradientCheck.run(network, batch, 0);
        assertEquals(plan.parameters().size(), results.size());
        for (GradientCheck.Result r : results) {
            // the command line's gradcheck tolerance: a few entries are near 1e-5, where the differences' rounding shows
            assertTrue(r.maxRelativeError() < 1e-5 && r.maxAbsoluteError() < 1e-8, r.toString());
        }
    }

    @Test
    void gradientsThroughARecurrentNetworkAgreeWithFiniteDifferences() throws Exception {
        assertGradientsAgree(recurrent());
    }

    @Test
    void gradientsThroughABidirectionalLstmAgreeWithFiniteDifferences() throws Exception {
        assertGradientsAgree(bidirectional());
    }

    @Test
    void ctcIsOnlyTheLossOfASoftmaxOutput() {
        Model m = recurrent();
        m.group("letters").setActivation(Activation.LOGISTIC);
        List<Diagnostic> diagnostics = Validator.validate(m);
        assertTrue(diagnostics.stream().anyMatch(d -> d.severity() == Diagnostic.Severity.ERROR && "letters".equals(d.elementId())
                && d.message().contains("ctc") && d.message().contains("softmax")), diagnostics.toString());
    }

    @Test
    void labelsComeFromACsvColumnOnTheFirstRow(@TempDir Path dir) throws Exception {
        Plan plan = Plan.compile(identity(3));
        Path csv = dir.resolve("data.csv");
        Files.writeString(csv, "sequence,logits.0,logits.1,logits.2,letters.labels\nw,0,1,2,1 2 1\nw,0,0,0,\nw,1,1,1,\nv,0,0,0,2\n");
        List<Sequence> data = DataSpec.load(csv.toString(), plan);
        assertArrayEquals(new int[] {1, 2, 1}, data.get(0).labels().get("letters"));
        assertArrayEquals(new int[] {2}, data.get(1).labels().get("letters"));

        Files.writeString(csv, "sequence,logits.0,logits.1,logits.2,letters.labels\nw,0,1,2,1 3\n");
        DataException outOfRange = assertThrows(DataException.class, () -> DataSpec.load(csv.toString(), plan));
        assertTrue(outOfRange.getMessage().contains("line 2") && outOfRange.getMessage().contains("'3'"), outOfRange.getMessage());

        Files.writeString(csv, "sequence,logits.0,logits.1,logits.2,letters.labels\nw,0,1,2,1\nw,0,1,2,2\n");
        DataException later = assertThrows(DataException.class, () -> DataSpec.load(csv.toString(), plan));
        assertTrue(later.getMessage().contains("line 3") && later.getMessage().contains("first row"), later.getMessage());

        Files.writeString(csv, "sequence,logits.0,logits.1,logits.2\nw,0,1,2\n");
        DataException none = assertThrows(DataException.class, () -> DataSpec.load(csv.toString(), plan));
        assertTrue(none.getMessage().contains("'w'") && none.getMessage().contains("letters.labels"), none.getMessage());
    }

    /** Two equal labels need a blank between them: "1 1" in two steps is impossible, and is refused by the sequence's name. */
    @Test
    void anImpossibleLabelSequenceIsRefusedByNameBeforeTraining(@TempDir Path dir) throws Exception {
        Plan plan = Plan.compile(identity(3));
        Path csv = dir.resolve("data.csv");
        Files.writeString(csv, "sequence,logits.0,logits.1,logits.2,letters.labels\nfine,0,1,2,1 2\nfine,0,0,0,\nrepeated,0,0,0,1 1\nrepeated,1,1,1,\n");
        DataException e = assertThrows(DataException.class, () -> DataSpec.load(csv.toString(), plan));
        assertTrue(e.getMessage().contains("'repeated'") && e.getMessage().contains("at least 3 steps"), e.getMessage());
    }

    /** Data made in code skip the loader's check: training stops on the infinite loss with the weights untouched, never NaN. */
    @Test
    void anImpossibleLabelSequenceNeverReachesTheWeights() throws Exception {
        Plan plan = Plan.compile(recurrent());
        Network network = new Network(plan);
        network.initialize(Initialization.GLOROT, 1, 1);
        double[][] before = new double[plan.parameters().size()][];
        for (Plan.ParameterSet p : plan.parameters()) {
            before[p.index()] = network.value(p).data.clone();
        }
        double[][] x = new double[2][3];
        List<Sequence> data = List.of(new Sequence(2, Map.of("in", x), Map.of(), "short", Map.of("letters", new int[] {1, 2, 3})));
        Trainer.Settings settings = new Trainer.Settings(1, 1, 0.1, 0.9, false, 1, 0);
        Trainer.DivergedException e = assertThrows(Trainer.DivergedException.class,
                () -> new Trainer(network).train(data, settings, new Trainer.Listener() {
                }, () -> false));
        assertTrue(e.getMessage().contains("Infinity"), e.getMessage());
        for (Plan.ParameterSet p : plan.parameters()) {
            assertArrayEquals(before[p.index()], network.value(p).data, p.name());
        }
    }

    /** The reading of a pass: best path, its character errors, and accuracy as sequences read exactly. */
    @Test
    void thePassReadsByBestPathAndCountsCharacterErrors() throws Exception {
        Plan plan = Plan.compile(identity(4));
        // steps favour: 1, 1, blank, 2 -> "1 2"; the truth "1 3" is one substitution away
        double[][] x = {{0, 5, 0, 0}, {0, 5, 0, 0}, {5, 0, 0, 0}, {0, 0, 5, 0}};
        List<Sequence> data = List.of(new Sequence(4, Map.of("logits", x), Map.of(), "a", Map.of("letters", new int[] {1, 3})),
                new Sequence(4, Map.of("logits", x), Map.of(), "b", Map.of("letters", new int[] {1, 2})));
        double[] score = new Trainer(new Network(plan)).evaluate(data, 2);
        assertEquals(0.5, score[1], 1e-12, "one of the two sequences is read exactly");
        assertEquals(1 / 4.0, score[2], 1e-12, "one edit over four labels");
    }

    @Test
    void theHandwritingGeneratorWritesWordsOfTheChosenListWithTheirLetters() throws Exception {
        Model m = new Model();
        m.addGroup(new UnitGroup("pen", UnitGroup.Role.INPUT, 3));
        UnitGroup letters = m.addGroup(new UnitGroup("letters", UnitGroup.Role.OUTPUT, HandwritingData.CLASSES));
        letters.setActivation(Activation.SOFTMAX);
        letters.setTarget(UnitGroup.Loss.CTC, UnitGroup.TargetSchedule.EVERY_STEP, 1);
        m.addConnection(new Connection("pen-letters", "pen", "letters", Connection.Kind.FULL, 0));
        Plan plan = Plan.compile(m);
        List<String> train = HandwritingData.words("train");
        List<String> test = HandwritingData.words("test");
        assertTrue(train.size() >= 300 && test.size() >= 60, train.size() + " training and " + test.size() + " test words");
        assertTrue(java.util.Collections.disjoint(train, test), "held-out words are never trained on");
        List<Sequence> data = DataSpec.load("handwriting:count=30,seed=4,words=test,font=cursive", plan);
        assertEquals(30, data.size());
        for (Sequence s : data) {
            assertTrue(test.contains(s.id()), s.id());
            int[] labels = s.labels().get("letters");
            assertEquals(s.id().length(), labels.length);
            assertEquals(s.id().charAt(0) - 'a' + 1, labels[0]);
            assertEquals(s.id(), HandwritingData.text(labels));
            for (double[] step : s.inputs().get("pen")) {
                assertTrue(step[2] == 0 || step[2] == 1);
            }
            assertTrue(s.length() > 3 * labels.length, s.id() + " in " + s.length() + " steps");
        }
        assertEquals(data.get(7).length(), DataSpec.load("handwriting:count=30,seed=4,words=test,font=cursive", plan).get(7).length(),
                "the same seed writes the same words");
        DataException wrongLoss = assertThrows(DataException.class, () -> {
            letters.setTarget(UnitGroup.Loss.CROSS_ENTROPY, UnitGroup.TargetSchedule.EVERY_STEP, 1);
            DataSpec.load("handwriting:count=3", Plan.compile(m));
        });
        assertTrue(wrongLoss.getMessage().contains("ctc"), wrongLoss.getMessage());
        DataException badFont = assertThrows(DataException.class, () -> DataSpec.load("handwriting:font=gothic", plan));
        assertFalse(badFont.getMessage().isBlank());
    }
}
