package org.rnnstudio.export.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnstudio.engine.CsvData;
import org.rnnstudio.engine.Network;
import org.rnnstudio.engine.Plan;
import org.rnnstudio.engine.Sequence;
import org.rnnstudio.engine.Trainer;
import org.rnnstudio.export.ExportException;
import org.rnnstudio.export.NumpyWeights;
import org.rnnstudio.export.SequencesCsv;
import org.rnnstudio.export.TorchExport;
import org.rnnstudio.export.TrainedModel;
import org.rnnstudio.model.Activation;
import org.rnnstudio.model.Cell;
import org.rnnstudio.model.Model;
import org.rnnstudio.model.ModelFile;
import org.rnnstudio.model.UnitGroup;

/**
 * The PyTorch package against the engine: the generated module, run by Debian's PyTorch in float64 on the
 * CSV the data command writes, gives every output of every step as the engine's forward pass does (1e-12),
 * and its loss and autograd's gradient of every parameter set as the engine's backpropagation through time
 * (1e-10), for every example network and for models using every construct and every cell PyTorch has a
 * layer for.
 */
class TorchExportTest {

    private static final double OUTPUTS = 1e-12;
    private static final double GRADIENTS = 1e-10;

    /**
     * Runs each package's module on its CSV (arguments: package, CSV, report, ...; one Python for all, as
     * PyTorch takes seconds to import): outputs per sequence, the mean loss per sequence, dE/dW of every
     * parameter set.
     */
    private static final String CHECK = """
            import importlib.util, json, sys
            import torch
            sys.path.insert(0, sys.argv[1])
            import rnnstudio_runtime as rt
            for i in range(1, len(sys.argv), 3):
                pkg, csv, out = sys.argv[i:i + 3]
                spec = importlib.util.spec_from_file_location(f"exported{i}", pkg + "/model.py")
                model = importlib.util.module_from_spec(spec)
                spec.loader.exec_module(model)
                net = model.Net()
                rt.load_weights(net, pkg + "/weights.npz")
                data = rt.read_csv(csv, model.INPUTS, model.OUTPUTS)
                x, t, lengths = rt.batch(data, model.INPUTS, model.OUTPUTS)
                ys, nets = net(x, lengths)
                loss = rt.loss(model.OUTPUTS, ys, nets, t, lengths) / len(data)
                loss.backward()
                report = {"loss": loss.item(), "outputs": {}, "gradients": {}}
                for b, (name, _, _, _) in enumerate(data):
                    steps = int(lengths[b])
                    report["outputs"][name] = {g: y[:steps, b].tolist() for g, y in ys.items()}
                for (name, rows, cols, _), w in zip(model.PARAMETERS, net.w):
                    report["gradients"][name] = (w.grad if w.grad is not None else torch.zeros(rows, cols)).flatten().tolist()
                with open(out, "w") as f:
                    json.dump(report, f)
            """;

    @BeforeAll
    static void needsPyTorch() throws Exception {
        Assumptions.assumeTrue(Python.has("torch"), "/usr/bin/python3 has no PyTorch here (.ci/run installs python3-torch)");
    }

    @Test
    void everyExampleNetworkRunsInPyTorchAsInTheEngine(@TempDir Path dir) throws Exception {
        List<Path> examples;
        try (Stream<Path> files = Files.walk(TestModels.examples())) {
            examples = files.filter(f -> f.toString().endsWith(".rnn")).sorted().toList();
        }
        List<TrainedModel> networks = new ArrayList<>();
        for (Path file : examples) {
            Model model = ModelFile.read(file).model();
            if (model.kind() == Model.Kind.NETWORK) {
                networks.add(TestModels.withRandomWeights(model, 7));
            }
        }
        assertTrue(networks.size() >= 3, "the examples hold at least three networks, found " + networks.size());
        List<String> modules = compare(networks, dir);
        assertTrue(modules.stream().anyMatch(m -> m.contains("torch.lstm(")), "an example's LSTM runs as PyTorch's layer");
        assertTrue(modules.stream().anyMatch(m -> m.contains("rt.ctc")), "the handwriting reader's ctc output is among them");
        assertTrue(modules.stream().anyMatch(m -> m.contains("\"next\": \"series\"")), "a model predicting the next term is among them");
        assertTrue(modules.stream().anyMatch(m -> m.contains("ref = self.anchor")), "a network running on its own (no input) is among them");
    }

    @Test
    void theHandwritingReaderRunsInPyTorchAsInTheEngine(@TempDir Path dir) throws Exception {
        Model reader = ModelFile.read(TestModels.examples().resolve("handwriting/handwriting.rnn")).model();
        String module = compare(List.of(TestModels.withRandomWeights(reader, 7)), dir).get(0);
        assertTrue(module.contains("\"loss\": rt.ctc"), "the letters' loss is connectionist temporal classification");
        assertTrue(module.contains("torch.lstm(rt.time_reversed("), "the backward LSTM is PyTorch's layer over the sequences turned round");
        List<String> header = Files.readAllLines(dir.resolve("data0.csv")).subList(0, 1);
        assertTrue(header.get(0).endsWith(",letters.labels"), "the data give the letters as labels: " + header);
    }

    @Test
    void aBidirectionalNetworkRunsInPyTorchAsInTheEngine(@TempDir Path dir) throws Exception {
        String module = compare(List.of(TestModels.withRandomWeights(TestModels.bidirectional(), 13)), dir).get(0);
        assertTrue(module.contains("for t in reversed(range(steps)):"), "the reversed logistic cell runs step by step, backwards");
        assertTrue(module.contains("torch.gru(rt.time_reversed("), "the reversed GRU is PyTorch's layer over the sequences turned round");
        assertTrue(module.contains("rt.hold_after_end("), "groups read backwards hold their initial state after each sequence's end");
    }

    @Test
    void aNextTermModelRunsInPyTorchAsInTheEngine(@TempDir Path dir) throws Exception {
        Model autoregressive = ModelFile.read(TestModels.examples().resolve("memoryless/autoregressive.rnn")).model();
        // the CSV's target columns hold other numbers: both sides must take the next input instead
        String module = compare(List.of(TestModels.withRandomWeights(autoregressive, 7)), dir).get(0);
        assertTrue(module.contains("\"next\": \"series\""), "the output's target is the series' next term");
    }

    @Test
    void everyConstructRunsInPyTorchAsInTheEngine(@TempDir Path dir) throws Exception {
        String module = compare(List.of(TestModels.withRandomWeights(TestModels.everyConstruct(), 3)), dir).get(0);
        assertFalse(module.contains("torch.lstm("), "an LSTM with peepholes has no PyTorch layer: it runs step by step");
    }

    @Test
    void cellsRunAsPyTorchsLayers(@TempDir Path dir) throws Exception {
        Map<String, Model> models = new LinkedHashMap<>();
        models.put("torch.lstm(", TestModels.cell(Cell.Kind.LSTM));
        models.put("torch.gru(", TestModels.cell(Cell.Kind.GRU));
        models.put("torch.rnn_tanh(", TestModels.cell(Cell.Kind.ELMAN));
        Model relu = TestModels.cell(Cell.Kind.ELMAN);
        relu.setName("elman relu");
        relu.cells().get(0).setActivation(Activation.RELU);
        models.put("torch.rnn_relu(", relu);
        Model logistic = TestModels.cell(Cell.Kind.ELMAN);
        logistic.setName("elman logistic");
        logistic.cells().get(0).setActivation(Activation.LOGISTIC);
        List<TrainedModel> trained = new ArrayList<>();
        for (Model m : models.values()) {
            trained.add(TestModels.withRandomWeights(m, 5));
        }
        trained.add(TestModels.withRandomWeights(logistic, 5));
        List<String> modules = compare(trained, dir);
        List<String> layers = new ArrayList<>(models.keySet());
        for (int i = 0; i < layers.size(); i++) {
            assertTrue(modules.get(i).contains(layers.get(i)), "the cell runs as " + layers.get(i) + "...)");
        }
        String module = modules.get(layers.size());
        assertFalse(module.contains("torch.rnn_"), "PyTorch's RNN has no logistic units: the cell runs step by step");
    }

    /** A model stored with an optimiser PyTorch lacks (Hessian-free) trains with SGD in train.py, and says so. */
    @Test
    void anOptimiserPyTorchLacksFallsBackToSgdAndSaysSo(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Python.has("torch"), "/usr/bin/python3 has no PyTorch here (.ci/run installs python3-torch)");
        TrainedModel hf = TestModels.withRandomWeights(ModelFile.read(TestModels.examples().resolve("hessian-free/hessian-free.rnn")).model(), 1);
        assertEquals("hf", hf.model().training().optimizer().fileName());
        Path pkg = dir.resolve("hf-torch");
        TorchExport.writeTo(hf, pkg);
        Path csv = Files.writeString(dir.resolve("adding.csv"),
                SequencesCsv.write(hf.plan(), org.rnnstudio.engine.DataSpec.load("adding:length=10,count=4,seed=1", hf.plan())));
        String output = Python.output(pkg.resolve("train.py"), "--data", csv.toString(), "--epochs", "1");
        assertTrue(output.contains("note: the model trains with hf in RNN Studio, which PyTorch does not have; here sgd trains it"), output);
    }

    @Test
    void weightsOfAnotherShapeAreRefusedNamingTheArray() throws Exception {
        TrainedModel adder = TestModels.withRandomWeights(ModelFile.read(TestModels.examples().resolve("binary-adder/binary-adder.rnn")).model(), 1);
        Model bigger = ModelFile.read(TestModels.examples().resolve("binary-adder/binary-adder.rnn")).model();
        bigger.group("hidden").setSize(4);
        byte[] npz = NumpyWeights.write(adder);
        Network network = new Network(Plan.compile(bigger));
        ExportException e = assertThrows(ExportException.class, () -> NumpyWeights.readInto(network, new ByteArrayInputStream(npz), "w.npz"));
        assertEquals("w.npz: array 'connection:input-hidden' is [2, 3], but the model's connection:input-hidden is [2, 4]", e.getMessage());
        for (Plan.ParameterSet p : network.plan().parameters()) {
            assertTrue(allZero(network.value(p)), "a refused file changes nothing: " + p.name());
        }
    }

    @Test
    void theWeightsComeBackAsTheyLeft() throws Exception {
        TrainedModel trained = TestModels.withRandomWeights(TestModels.everyConstruct(), 11);
        Network back = new Network(trained.plan());
        NumpyWeights.readInto(back, new ByteArrayInputStream(NumpyWeights.write(trained)), "w.npz");
        for (Plan.ParameterSet p : trained.plan().parameters()) {
            assertTrue(java.util.Arrays.equals(trained.network().copyOf(p), back.copyOf(p)), p.name());
        }
    }

    private static boolean allZero(DMatrixRMaj m) {
        for (double v : m.data) {
            if (v != 0) {
                return false;
            }
        }
        return true;
    }

    /** Exports each model, writes its data, runs both sides and compares them; returns the models' model.py. */
    private static List<String> compare(List<TrainedModel> models, Path dir) throws Exception {
        List<String> arguments = new ArrayList<>();
        List<List<Sequence>> data = new ArrayList<>();
        for (int i = 0; i < models.size(); i++) {
            Plan plan = models.get(i).plan();
            Path pkg = dir.resolve("pkg" + i);
            TorchExport.writeTo(models.get(i), pkg);
            Path csv = dir.resolve("data" + i + ".csv");
            Files.writeString(csv, SequencesCsv.write(plan, randomData(plan, 5, 11)));
            // both sides read the numbers the CSV holds
            data.add(CsvData.read(csv, plan, false));
            arguments.addAll(List.of(pkg.toString(), csv.toString(), dir.resolve("report" + i + ".json").toString()));
        }
        assertEquals(0, Python.run(CHECK, arguments.toArray(String[]::new)), "the modules run in PyTorch");
        List<String> modules = new ArrayList<>();
        for (int i = 0; i < models.size(); i++) {
            JsonObject torch = JsonParser.parseString(Files.readString(dir.resolve("report" + i + ".json"), StandardCharsets.UTF_8)).getAsJsonObject();
            compare(models.get(i), data.get(i), torch);
            modules.add(Files.readString(dir.resolve("pkg" + i).resolve(TorchExport.MODULE)));
        }
        return modules;
    }

    private static void compare(TrainedModel trained, List<Sequence> data, JsonObject torch) {
        Plan plan = trained.plan();
        Trainer trainer = new Trainer(trained.network());
        List<String> outputIds = plan.groups().stream().filter(UnitGroup::isOutput).map(UnitGroup::id).toList();
        double outputs = 0;
        for (Sequence s : data) {
            Map<String, double[][]> ours = trainer.outputs(s, outputIds);
            JsonObject theirs = torch.getAsJsonObject("outputs").getAsJsonObject(s.id());
            for (String id : outputIds) {
                JsonArray steps = theirs.getAsJsonArray(id);
                assertEquals(s.length(), steps.size(), trained.name() + ": steps of " + id);
                for (int t = 0; t < s.length(); t++) {
                    for (int u = 0; u < ours.get(id)[t].length; u++) {
                        outputs = Math.max(outputs, Math.abs(ours.get(id)[t][u] - steps.get(t).getAsJsonArray().get(u).getAsDouble()));
                    }
                }
            }
        }
        DMatrixRMaj[] gradients = trained.network().zerosLike();
        double loss = trainer.gradient(data, data.size(), gradients);
        double lossDifference = Math.abs(loss - torch.get("loss").getAsDouble());
        double gradient = 0;
        for (Plan.ParameterSet p : plan.parameters()) {
            JsonArray theirs = torch.getAsJsonObject("gradients").getAsJsonArray(p.name());
            double[] ours = gradients[p.index()].data;
            assertEquals(ours.length, theirs.size(), p.name());
            for (int i = 0; i < ours.length; i++) {
                gradient = Math.max(gradient, Math.abs((p.trainable() ? ours[i] : 0) - theirs.get(i).getAsDouble()));
            }
        }
        System.out.println(String.format(Locale.ROOT, "%s: outputs differ by %.2e, the loss (%.6f) by %.2e, the gradients by %.2e", trained.name(),
                outputs, loss, lossDifference, gradient));
        assertTrue(outputs <= OUTPUTS, trained.name() + ": PyTorch's outputs differ from the engine's by " + outputs);
        assertTrue(lossDifference <= GRADIENTS, trained.name() + ": PyTorch's loss differs from the engine's by " + lossDifference);
        assertTrue(gradient <= GRADIENTS, trained.name() + ": PyTorch's gradients differ from the engine's by " + gradient);
        assertTrue(loss > 0, trained.name() + ": the data have targets, so the loss counts something");
    }

    /**
     * Sequences of different lengths (so the batch is padded), Gaussian inputs, targets each loss accepts
     * (one-hot for softmax, 0 or 1 for logistic, Gaussian for squared error, labels for ctc), and a few cells
     * without a target.
     */
    private static List<Sequence> randomData(Plan plan, int count, long seed) {
        Random random = new Random(seed);
        List<Sequence> data = new ArrayList<>();
        for (int s = 0; s < count; s++) {
            int steps = 3 + s % 4;
            Map<String, double[][]> inputs = new HashMap<>();
            Map<String, double[][]> targets = new HashMap<>();
            Map<String, int[]> labels = new HashMap<>();
            for (UnitGroup g : plan.groups()) {
                if (g.isOutput() && g.loss() == UnitGroup.Loss.CTC) {
                    labels.put(g.id(), randomLabels(random, g.size(), steps));
                    continue;
                }
                double[][] values = new double[steps][g.size()];
                for (double[] row : values) {
                    if (g.isOutput() && g.loss() == UnitGroup.Loss.CROSS_ENTROPY) {
                        int[] units = g.unitsOrAll();
                        row[units[random.nextInt(units.length)]] = 1;
                    } else {
                        for (int u = 0; u < row.length; u++) {
                            row[u] = g.isOutput() && g.loss() == UnitGroup.Loss.LOGISTIC_CROSS_ENTROPY ? random.nextInt(2) : random.nextGaussian();
                        }
                    }
                    if (g.isOutput() && g.loss() != UnitGroup.Loss.CROSS_ENTROPY && random.nextInt(4) == 0) {
                        row[random.nextInt(row.length)] = Double.NaN;
                    }
                }
                if (g.isInput()) {
                    inputs.put(g.id(), values);
                } else if (g.isOutput()) {
                    targets.put(g.id(), values);
                }
            }
            data.add(new Sequence(steps, inputs, targets).labelled(labels));
        }
        return data;
    }

    /** One label to half as many as the steps, repeats likely (few classes are drawn), each sequence able to emit them. */
    private static int[] randomLabels(Random random, int classes, int steps) {
        int[] labels = new int[1 + random.nextInt(Math.max(1, steps / 2))];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = 1 + random.nextInt(Math.min(3, classes - 1));
        }
        return labels;
    }
}
