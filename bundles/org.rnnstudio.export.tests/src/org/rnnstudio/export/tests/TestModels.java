package org.rnnstudio.export.tests;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.rnnstudio.engine.Network;
import org.rnnstudio.engine.Plan;
import org.rnnstudio.engine.Sequence;
import org.rnnstudio.engine.DataSpec;
import org.rnnstudio.engine.Trainer;
import org.rnnstudio.engine.WeightsFile;
import org.rnnstudio.export.TrainedModel;
import org.rnnstudio.model.Activation;
import org.rnnstudio.model.Cell;
import org.rnnstudio.model.Connection;
import org.rnnstudio.model.Initialization;
import org.rnnstudio.model.Model;
import org.rnnstudio.model.TrainingSettings;
import org.rnnstudio.model.UnitGroup;
import org.rnnstudio.model.Validator;

/** Models and data the export tests share: the examples, one of each cell, and one with every construct. */
final class TestModels {

    private TestModels() {
    }

    static Path examples() {
        return Paths.get(System.getProperty("rnnstudio.examples", "../../examples"));
    }

    /**
     * The binary adder example copied into {@code dir} and trained there with the training settings it
     * stores (the README's command), its weights written beside it as training writes them.
     */
    static Path trainedAdder(Path dir) throws Exception {
        Path model = dir.resolve("binary-adder.rnn");
        Files.copy(examples().resolve("binary-adder/binary-adder.rnn"), model);
        TrainedModel initial = TrainedModel.load(model, null);
        TrainingSettings t = initial.model().training();
        new Trainer(initial.network()).train(DataSpec.load(t.data, initial.plan()), Trainer.Settings.of(t), new Trainer.Listener() {
        }, () -> false);
        WeightsFile.save(initial.network(), TrainedModel.weightsBeside(model));
        return model;
    }

    /** x (3) -> cell (5) -> y (softmax 4), the cell's initial state learned. */
    static Model cell(Cell.Kind kind) {
        Model m = new Model();
        m.setName(kind.name().toLowerCase());
        m.addGroup(new UnitGroup("x", UnitGroup.Role.INPUT, 3));
        Cell cell = new Cell("c", kind, 5);
        cell.setInitialState(UnitGroup.InitialStateKind.LEARNED);
        m.cells().add(cell);
        UnitGroup y = m.addGroup(new UnitGroup("y", UnitGroup.Role.OUTPUT, 4));
        y.setActivation(Activation.SOFTMAX);
        y.setTarget(UnitGroup.Loss.CROSS_ENTROPY, UnitGroup.TargetSchedule.EVERY_STEP, 1);
        m.addConnection(new Connection("x-c", "x", "c", Connection.Kind.FULL, 0));
        m.addConnection(new Connection("c-y", "c", "y", Connection.Kind.FULL, 0));
        return m;
    }

    /**
     * Every construct of the model language: a unit subset and a first-step input, a fixed and a learned
     * initial state, delays 0, 1 and 2, full, one-to-one and scaled identity connections, shared weights, a
     * product group, relu, tanh, logistic, linear and softmax units, an LSTM with peepholes, and an output
     * group with no incoming connection (its bias alone).
     */
    static Model everyConstruct() {
        Model m = new Model();
        m.setName("every construct");
        UnitGroup x = m.addGroup(new UnitGroup("x", UnitGroup.Role.INPUT, 3));
        x.setUnits(new int[] {0, 2});
        UnitGroup s = m.addGroup(new UnitGroup("s", UnitGroup.Role.INPUT, 2));
        s.setInputSchedule(UnitGroup.InputSchedule.FIRST_STEP);
        UnitGroup a = m.addGroup(new UnitGroup("a", UnitGroup.Role.HIDDEN, 4));
        a.setActivation(Activation.RELU);
        a.setInitialState(UnitGroup.InitialStateKind.FIXED, new double[] {0.1, -0.2, 0.3, 0.4});
        UnitGroup b = m.addGroup(new UnitGroup("b", UnitGroup.Role.HIDDEN, 4));
        b.setActivation(Activation.TANH);
        b.setBias(false);
        b.setInitialState(UnitGroup.InitialStateKind.LEARNED, null);
        UnitGroup p = m.addGroup(new UnitGroup("p", UnitGroup.Role.HIDDEN, 4));
        p.setActivation(Activation.LINEAR);
        p.setCombine(UnitGroup.Combine.PRODUCT);
        Cell lstm = new Cell("m", Cell.Kind.LSTM, 3);
        lstm.setPeepholes(true);
        m.cells().add(lstm);
        addOutputs(m);

        m.addConnection(new Connection("x-a", "x", "a", Connection.Kind.FULL, 0)).setSharedWeights("w");
        m.addConnection(new Connection("x-b", "x", "b", Connection.Kind.FULL, 0)).setSharedWeights("w");
        m.addConnection(new Connection("s-a", "s", "a", Connection.Kind.FULL, 0));
        m.addConnection(new Connection("a-a", "a", "a", Connection.Kind.FULL, 2));
        m.addConnection(new Connection("a-b", "a", "b", Connection.Kind.ONE_TO_ONE, 1));
        m.addConnection(new Connection("b-b", "b", "b", Connection.Kind.IDENTITY, 1)).setScale(-0.5);
        m.addConnection(new Connection("a-p", "a", "p", Connection.Kind.IDENTITY, 0));
        m.addConnection(new Connection("b-p", "b", "p", Connection.Kind.IDENTITY, 1));
        m.addConnection(new Connection("p-m", "p", "m", Connection.Kind.FULL, 0));
        m.addConnection(new Connection("m-y", "m", "y", Connection.Kind.FULL, 0));
        m.addConnection(new Connection("p-y", "p", "y", Connection.Kind.FULL, 1));
        if (Validator.hasErrors(Validator.validate(m))) {
            throw new AssertionError("the test model is invalid: " + Validator.validate(m));
        }
        return m;
    }

    /**
     * Reading the sequence backwards in time: a reversed logistic Elman cell (step by step) and a reversed GRU
     * (PyTorch's layer) with learned initial states, a group reading itself two steps ahead from a fixed
     * initial state, a group reading that one a step back (so after it in time), one reading the input and
     * itself a step ahead and that group a step ahead, and outputs meeting them all: four phases through time.
     */
    static Model bidirectional() {
        Model m = new Model();
        m.setName("bidirectional");
        m.addGroup(new UnitGroup("x", UnitGroup.Role.INPUT, 3));
        Cell back = new Cell("back", Cell.Kind.ELMAN, 4);
        back.setActivation(Activation.LOGISTIC);
        back.setReverse(true);
        back.setInitialState(UnitGroup.InitialStateKind.LEARNED);
        m.cells().add(back);
        Cell gru = new Cell("gru", Cell.Kind.GRU, 3);
        gru.setReverse(true);
        gru.setInitialState(UnitGroup.InitialStateKind.LEARNED);
        m.cells().add(gru);
        UnitGroup r = m.addGroup(new UnitGroup("r", UnitGroup.Role.HIDDEN, 3));
        r.setActivation(Activation.TANH);
        r.setInitialState(UnitGroup.InitialStateKind.FIXED, new double[] {0.3, -0.1, 0.2});
        UnitGroup f = m.addGroup(new UnitGroup("f", UnitGroup.Role.HIDDEN, 3));
        f.setActivation(Activation.TANH);
        UnitGroup u = m.addGroup(new UnitGroup("u", UnitGroup.Role.HIDDEN, 3));
        u.setActivation(Activation.LINEAR);
        addOutputs(m);

        m.addConnection(new Connection("x-back", "x", "back", Connection.Kind.FULL, 0));
        m.addConnection(new Connection("x-gru", "x", "gru", Connection.Kind.FULL, 0));
        m.addConnection(new Connection("x-r", "x", "r", Connection.Kind.FULL, 0));
        m.addConnection(new Connection("r-r", "r", "r", Connection.Kind.FULL, 2)).setReverse(true);
        m.addConnection(new Connection("r-f", "r", "f", Connection.Kind.FULL, 1));
        m.addConnection(new Connection("f-f", "f", "f", Connection.Kind.ONE_TO_ONE, 1));
        m.addConnection(new Connection("x-u", "x", "u", Connection.Kind.FULL, 1)).setReverse(true);
        m.addConnection(new Connection("u-u", "u", "u", Connection.Kind.ONE_TO_ONE, 1)).setReverse(true);
        m.addConnection(new Connection("f-u", "f", "u", Connection.Kind.FULL, 1)).setReverse(true);
        m.addConnection(new Connection("back-y", "back", "y", Connection.Kind.FULL, 0));
        m.addConnection(new Connection("gru-y", "gru", "y", Connection.Kind.FULL, 0));
        m.addConnection(new Connection("u-y", "u", "y", Connection.Kind.FULL, 0));
        m.addConnection(new Connection("gru-z", "gru", "z", Connection.Kind.FULL, 1)).setReverse(true);
        m.addConnection(new Connection("r-z", "r", "z", Connection.Kind.FULL, 0));
        if (Validator.hasErrors(Validator.validate(m))) {
            throw new AssertionError("the test model is invalid: " + Validator.validate(m));
        }
        return m;
    }

    /** y, a softmax read at every step, and z, logistic units read at the final step. */
    private static void addOutputs(Model m) {
        UnitGroup y = m.addGroup(new UnitGroup("y", UnitGroup.Role.OUTPUT, 2));
        y.setActivation(Activation.SOFTMAX);
        y.setTarget(UnitGroup.Loss.CROSS_ENTROPY, UnitGroup.TargetSchedule.EVERY_STEP, 1);
        UnitGroup z = m.addGroup(new UnitGroup("z", UnitGroup.Role.OUTPUT, 2));
        z.setActivation(Activation.LOGISTIC);
        z.setTarget(UnitGroup.Loss.LOGISTIC_CROSS_ENTROPY, UnitGroup.TargetSchedule.FINAL_STEP, 1);
    }

    /** Glorot weights, and biases and learned initial states moved off zero, so that every parameter counts. */
    static TrainedModel withRandomWeights(Model model, long seed) throws Exception {
        Network network = new Network(Plan.compile(model));
        network.initialize(Initialization.GLOROT, 1, seed);
        Random random = new Random(seed);
        for (Plan.ParameterSet p : network.plan().parameters()) {
            if (p.kind() != Plan.ParameterSet.Kind.MATRIX) {
                for (int i = 0; i < p.size(); i++) {
                    network.value(p).data[i] = 0.5 * random.nextGaussian();
                }
            }
        }
        return TrainedModel.of(model, model.name(), network, null, true);
    }

    /** Sequences of Gaussian inputs for every input group, no targets. */
    static List<Sequence> randomInputs(Plan plan, int count, int steps, long seed) {
        Random random = new Random(seed);
        List<Sequence> data = new ArrayList<>();
        for (int s = 0; s < count; s++) {
            Map<String, double[][]> inputs = new HashMap<>();
            for (UnitGroup g : plan.groups()) {
                if (g.isInput()) {
                    double[][] values = new double[steps][g.size()];
                    for (double[] row : values) {
                        for (int u = 0; u < row.length; u++) {
                            row[u] = random.nextGaussian();
                        }
                    }
                    inputs.put(g.id(), values);
                }
            }
            data.add(new Sequence(steps, inputs, Map.of()));
        }
        return data;
    }
}
