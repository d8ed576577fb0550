package org.rnnstudio.export.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rnnstudio.engine.BinaryAdder;
import org.rnnstudio.engine.Network;
import org.rnnstudio.engine.Plan;
import org.rnnstudio.engine.Sequence;
import org.rnnstudio.engine.Trainer;
import org.rnnstudio.export.ExportException;
import org.rnnstudio.export.OnnxExport;
import org.rnnstudio.export.TrainedModel;
import org.rnnstudio.model.Cell;
import org.rnnstudio.model.Connection;
import org.rnnstudio.model.Model;
import org.rnnstudio.model.UnitGroup;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;

/**
 * Exported ONNX files run in ONNX Runtime and give the engine's outputs, the numbers {@code ./rnnstudio run}
 * writes (it runs {@link Trainer#outputs}), to 1e-5; and, independently of the engine, PyTorch's own
 * outputs for its LSTM, GRU and RNN with the same weights.
 */
class OnnxExportTest {

    private static final double TOLERANCE = 1e-5;
    private static OrtEnvironment environment;

    @BeforeAll
    static void startOnnxRuntime() {
        environment = OrtEnvironment.getEnvironment();
    }

    @AfterAll
    static void stopOnnxRuntime() {
        environment.close();
    }

    /** Runs the file on sequences of one length; returns per output group [sequence][step][unit]. */
    static Map<String, float[][][]> runInOnnxRuntime(byte[] onnx, Plan plan, List<Sequence> data) throws Exception {
        int steps = data.get(0).length();
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            try (OrtSession session = environment.createSession(onnx, options)) {
                for (UnitGroup g : plan.groups()) {
                    if (g.isInput()) {
                        float[][][] x = new float[steps][data.size()][g.size()];
                        for (int b = 0; b < data.size(); b++) {
                            for (int t = 0; t < steps; t++) {
                                for (int u = 0; u < g.size(); u++) {
                                    x[t][b][u] = (float) data.get(b).inputs().get(g.id())[t][u];
                                }
                            }
                        }
                        inputs.put(g.id(), OnnxTensor.createTensor(environment, x));
                    }
                }
                Map<String, float[][][]> outputs = new HashMap<>();
                try (OrtSession.Result result = session.run(inputs)) {
                    for (UnitGroup g : plan.groups()) {
                        if (g.isOutput()) {
                            float[][][] y = (float[][][]) result.get(g.id()).orElseThrow().getValue();
                            float[][][] bySequence = new float[data.size()][steps][];
                            for (int b = 0; b < data.size(); b++) {
                                for (int t = 0; t < steps; t++) {
                                    bySequence[b][t] = y[t][b];
                                }
                            }
                            outputs.put(g.id(), bySequence);
                        }
                    }
                }
                return outputs;
            } finally {
                for (OnnxTensor t : inputs.values()) {
                    t.close();
                }
            }
        }
    }

    /** The largest difference between ONNX Runtime's outputs and the engine's over all outputs, sequences, steps. */
    private static double largestDifference(TrainedModel trained, List<Sequence> data) throws Exception {
        Plan plan = trained.plan();
        Map<String, float[][][]> onnx = runInOnnxRuntime(OnnxExport.write(trained), plan, data);
        List<String> outputs = plan.groups().stream().filter(UnitGroup::isOutput).map(UnitGroup::id).toList();
        Trainer engine = new Trainer(trained.network());
        double largest = 0;
        int compared = 0;
        for (int b = 0; b < data.size(); b++) {
            Map<String, double[][]> expected = engine.outputs(data.get(b), outputs);
            for (String id : outputs) {
                for (int t = 0; t < data.get(b).length(); t++) {
                    for (int u = 0; u < expected.get(id)[t].length; u++) {
                        largest = Math.max(largest, Math.abs(expected.get(id)[t][u] - onnx.get(id)[b][t][u]));
                        compared++;
                    }
                }
            }
        }
        assertTrue(compared > 0);
        return largest;
    }

    @Test
    void theTrainedBinaryAdderRunsInOnnxRuntimeAsInTheEngine(@TempDir Path dir) throws Exception {
        TrainedModel adder = TrainedModel.load(TestModels.trainedAdder(dir), null);
        assertTrue(adder.isTrained());
        List<Sequence> sums = BinaryAdder.random(8, 64, 7, "input", "output");
        assertEquals(11, sums.get(0).length(), "8 bits, the carry and the two steps of delay");
        double difference = largestDifference(adder, sums);
        System.out.printf("binary adder: ONNX Runtime vs the engine, largest difference %.2e%n", difference);
        assertTrue(difference < TOLERANCE, "largest difference " + difference);
        // and the file adds: every output bit rounds to the target's
        Map<String, float[][][]> onnx = runInOnnxRuntime(OnnxExport.write(adder), adder.plan(), sums);
        for (int b = 0; b < sums.size(); b++) {
            for (int t = 0; t < 11; t++) {
                double target = sums.get(b).targets().get("output")[t][0];
                if (!Double.isNaN(target)) {
                    assertEquals(target, Math.round(onnx.get("output")[b][t][0]), "sum " + b + " step " + t);
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ELMAN", "LSTM", "GRU"})
    void eachCellRunsInOnnxRuntimeAsInTheEngine(String kind) throws Exception {
        TrainedModel trained = TestModels.withRandomWeights(TestModels.cell(Cell.Kind.valueOf(kind)), 3);
        double difference = largestDifference(trained, TestModels.randomInputs(trained.plan(), 5, 12, 4));
        System.out.printf("%s: ONNX Runtime vs the engine, largest difference %.2e%n", kind, difference);
        assertTrue(difference < TOLERANCE, kind + ": largest difference " + difference);
    }

    @Test
    void everyConstructRunsInOnnxRuntimeAsInTheEngine() throws Exception {
        TrainedModel trained = TestModels.withRandomWeights(TestModels.everyConstruct(), 5);
        double difference = largestDifference(trained, TestModels.randomInputs(trained.plan(), 4, 9, 6));
        System.out.printf("every construct: ONNX Runtime vs the engine, largest difference %.2e%n", difference);
        assertTrue(difference < TOLERANCE, "largest difference " + difference);
    }

    /** PyTorch's weights go in through the documented mapping; ONNX Runtime must give PyTorch's outputs. */
    @ParameterizedTest
    @ValueSource(strings = {"lstm", "gru", "rnn_tanh", "rnn_relu"})
    void theExportedCellGivesPyTorchsOutputs(String kind) throws Exception {
        TorchWeights torch = TorchWeights.load(kind);
        JsonObject ref = torch.reference();
        Network network = torch.network();
        TrainedModel trained = TrainedModel.of(torch.model(), kind, network, null, true);
        int steps = torch.steps();
        int in = torch.inputs();
        int h = torch.hidden();
        // PyTorch's h0 differs per sequence and ours is one learned row: export once per sequence
        double largest = 0;
        for (int b = 0; b < torch.batch(); b++) {
            torch.setInitialState(network, b);
            double[][] x = new double[steps][in];
            for (int t = 0; t < steps; t++) {
                for (int i = 0; i < in; i++) {
                    x[t][i] = ref.getAsJsonArray("x").get(t).getAsJsonArray().get(b).getAsJsonArray().get(i).getAsDouble();
                }
            }
            Sequence s = new Sequence(steps, Map.of("x", x), Map.of());
            float[][] y = runInOnnxRuntime(OnnxExport.write(trained), trained.plan(), List.of(s)).get("y")[0];
            JsonArray outputs = ref.getAsJsonArray("outputs");
            for (int t = 0; t < steps; t++) {
                for (int j = 0; j < h; j++) {
                    double expected = outputs.get(t).getAsJsonArray().get(b).getAsJsonArray().get(j).getAsDouble();
                    largest = Math.max(largest, Math.abs(expected - y[t][j]));
                }
            }
        }
        System.out.printf("%s: ONNX Runtime vs PyTorch, largest difference %.2e%n", kind, largest);
        assertTrue(largest < TOLERANCE, kind + ": largest difference from PyTorch " + largest);
    }

    /** ONNX's own checker, with shape inference, where /usr/bin/python3 has the onnx package (.ci/run installs it). */
    @Test
    void onnxsOwnCheckerAcceptsTheFiles(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Python.has("onnx"), "/usr/bin/python3 has no onnx package here");
        Path everything = dir.resolve("every-construct.onnx");
        Files.write(everything, OnnxExport.write(TestModels.withRandomWeights(TestModels.everyConstruct(), 5)));
        Path lstm = dir.resolve("lstm.onnx");
        Files.write(lstm, OnnxExport.write(TestModels.withRandomWeights(TestModels.cell(Cell.Kind.LSTM), 3)));
        assertEquals(0, Python.run("import onnx, sys\nfor f in sys.argv[1:]: onnx.checker.check_model(onnx.load(f), full_check=True)\n",
                everything.toString(), lstm.toString()));
    }

    @Test
    void weightsBeyondFloat32AreRefusedNamingTheirConnection() throws Exception {
        TrainedModel trained = TestModels.withRandomWeights(TestModels.cell(Cell.Kind.ELMAN), 3);
        Plan.ParameterSet recurrent = trained.plan().parameters().stream().filter(p -> p.name().equals("connection:c.recurrent")).findFirst()
                .orElseThrow();
        trained.network().value(recurrent).data[4] = 1e39;
        ExportException e = assertThrows(ExportException.class, () -> OnnxExport.write(trained));
        assertTrue(e.getMessage().contains("connection:c.recurrent holds 1.0E39 (value 4), beyond the range of ONNX's float32"), e.getMessage());
    }

    @Test
    void aModelWithoutInputIsRefusedNamingIt() throws Exception {
        Model free = new Model();
        free.setName("oscillator");
        UnitGroup h = free.addGroup(new UnitGroup("h", UnitGroup.Role.HIDDEN, 2));
        h.setInitialState(UnitGroup.InitialStateKind.LEARNED, null);
        UnitGroup y = free.addGroup(new UnitGroup("y", UnitGroup.Role.OUTPUT, 2));
        free.addConnection(new Connection("h-h", "h", "h", Connection.Kind.FULL, 1));
        free.addConnection(new Connection("h-y", "h", "y", Connection.Kind.FULL, 0));
        TrainedModel trained = TestModels.withRandomWeights(free, 1);
        ExportException e = assertThrows(ExportException.class, () -> OnnxExport.write(trained));
        assertTrue(e.getMessage().contains("model 'oscillator' has no input group"), e.getMessage());
    }
}
