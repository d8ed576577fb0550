package org.rnnstudio.ui.wizards;

import java.util.List;

import org.rnnstudio.model.Activation;
import org.rnnstudio.model.Cell;
import org.rnnstudio.model.Connection;
import org.rnnstudio.model.HmmDescription;
import org.rnnstudio.model.Initialization;
import org.rnnstudio.model.LdsDescription;
import org.rnnstudio.model.Model;
import org.rnnstudio.model.MomentumSchedule;
import org.rnnstudio.model.TrainingSettings;
import org.rnnstudio.model.UnitGroup;

/** The models the New RNN Model wizard starts from. */
public enum Templates {

    EMPTY("Empty", "A blank diagram: draw it from the palette."),
    ELMAN("Elman network", "Inputs, a tanh hidden layer that reads its own previous state, and a softmax classification at the last step."),
    LSTM("LSTM sequence classifier", "An LSTM memory cell (keep, write and read gates around a cell that keeps its value through a "
            + "delayed self-connection) and a softmax classification at the last step; double-click the cell to open it."),
    BINARY_ADDER("Binary adder", "The lecture's toy example: 2 inputs, 3 logistic hidden units with recurrent connections, 1 output; "
            + "the sum bit comes out two steps after its column goes in."),
    IRNN("IRNN (identity-initialised ReLU)", "Le, Jaitly and Hinton (2015): ReLU hidden units whose recurrent weights start as the "
            + "identity, small input weights, trained with plain SGD and clipping on the adding problem."),
    LDS_TRACKING("2-D tracking (linear dynamical system)", "A point moving in the plane with a wandering velocity, seen through noisy positions: "
            + "state (x, y, vx, vy), observations (x, y). The physics (A, C) is fixed; EM learns the noise Q and R. Tracks drawn from the "
            + "true system are written beside the model."),
    HMM_CASINO("Occasionally dishonest casino (hidden Markov model)", "A fair die and a loaded one that shows a six half the time; the casino "
            + "switches now and then. Baum-Welch starts from a guess; rolls drawn from the true model are written beside the model.");

    private final String label;
    private final String description;

    Templates(String label, String description) {
        this.label = label;
        this.description = description;
    }

    public String label() {
        return label;
    }

    public String description() {
        return description;
    }

    public Model create(String name) {
        Model m = new Model();
        m.setName(name);
        switch (this) {
        case EMPTY:
            break;
        case ELMAN:
            elman(m);
            break;
        case LSTM:
            lstm(m);
            break;
        case BINARY_ADDER:
            binaryAdder(m);
            break;
        case IRNN:
            irnn(m);
            break;
        case LDS_TRACKING:
            tracking(m, name);
            break;
        case HMM_CASINO:
            casino(m, name);
            break;
        default:
            throw new IllegalStateException(name());
        }
        return m;
    }

    /** The data a template's training settings name, as a CSV file's text drawn from its true model; null when it names none to write. */
    public String data() {
        return switch (this) {
        case LDS_TRACKING -> HiddenStateSamples.tracks();
        case HMM_CASINO -> HiddenStateSamples.rolls();
        default -> null;
        };
    }

    /** The file name {@link #data()} goes to beside a model called {@code name}. */
    public static String dataFile(String name) {
        return name + ".csv";
    }

    private static void tracking(Model m, String name) {
        LdsDescription lds = new LdsDescription();
        lds.setState(4);
        lds.setObservation(2);
        lds.setObservationNoise(LdsDescription.Noise.DIAGONAL);
        lds.fixed().addAll(List.of("A", "C"));
        lds.parameters().put("A", HiddenStateSamples.TRACKING_A);
        lds.parameters().put("C", HiddenStateSamples.TRACKING_C);
        lds.parameters().put("Q", HiddenStateSamples.diagonal(0.1, 0.1, 0.1, 0.1));
        lds.parameters().put("R", HiddenStateSamples.diagonal(2, 2));
        m.setKind(Model.Kind.LDS);
        m.setLds(lds);
        m.setNotes("Tracks drawn with Q = diag(0.01, 0.01, 0.04, 0.04) and R = I; EM starts from Q = 0.1 I and R = 2 I.");
        m.setTraining(emSettings(name, 50));
    }

    private static void casino(Model m, String name) {
        HmmDescription hmm = new HmmDescription();
        hmm.setSymbols(6);
        hmm.stateNames().addAll(List.of("fair", "loaded"));
        hmm.symbolNames().addAll(List.of("1", "2", "3", "4", "5", "6"));
        hmm.parameters().put("pi", new double[][] {{0.5, 0.5}});
        hmm.parameters().put("A", new double[][] {{0.9, 0.1}, {0.1, 0.9}});
        double sixth = 1.0 / 6;
        hmm.parameters().put("B", new double[][] {{sixth, sixth, sixth, sixth, sixth, sixth}, {0.15, 0.15, 0.15, 0.15, 0.15, 0.25}});
        m.setKind(Model.Kind.HMM);
        m.setHmm(hmm);
        m.setNotes("Durbin et al.'s casino: rolls drawn with switching 0.05 (fair to loaded) and 0.1 back, the loaded die's six 0.5.");
        m.setTraining(emSettings(name, 50));
    }

    private static TrainingSettings emSettings(String name, int iterations) {
        TrainingSettings t = new TrainingSettings();
        t.data = dataFile(name);
        t.epochs = iterations;
        return t;
    }

    private static UnitGroup group(Model m, String id, UnitGroup.Role role, int size, Activation activation, int x, int y) {
        UnitGroup g = m.addGroup(new UnitGroup(id, role, size));
        if (role != UnitGroup.Role.INPUT) {
            g.setActivation(activation);
        }
        m.bounds().put(id, new Model.Bounds(x, y, -1, -1));
        return g;
    }

    private static Connection connect(Model m, String from, String to, Connection.Kind kind, int delay) {
        return m.addConnection(new Connection(from + "-" + to, from, to, kind, delay));
    }

    private static void elman(Model m) {
        m.setNotes("Elman (1990): the hidden layer reads the input and its own state one step back.");
        group(m, "input", UnitGroup.Role.INPUT, 4, Activation.LINEAR, 40, 300);
        group(m, "hidden", UnitGroup.Role.HIDDEN, 8, Activation.TANH, 40, 170);
        UnitGroup out = group(m, "output", UnitGroup.Role.OUTPUT, 3, Activation.SOFTMAX, 40, 40);
        out.setTarget(UnitGroup.Loss.CROSS_ENTROPY, UnitGroup.TargetSchedule.FINAL_STEP, 1);
        connect(m, "input", "hidden", Connection.Kind.FULL, 0);
        connect(m, "hidden", "hidden", Connection.Kind.FULL, 1);
        connect(m, "hidden", "output", Connection.Kind.FULL, 0);
    }

    private static void lstm(Model m) {
        m.setNotes("An LSTM memory cell reads the sequence; the softmax output classifies it at the last step. Double-click "
                + "the cell to see its keep, write and read gates and the cell's delayed self-connection through the keep gate.");
        group(m, "input", UnitGroup.Role.INPUT, 4, Activation.LINEAR, 40, 460);
        Cell memory = new Cell("memory", Cell.Kind.LSTM, 8);
        m.cells().add(memory);
        m.bounds().put("memory", new Model.Bounds(40, 170, -1, -1));
        UnitGroup out = group(m, "output", UnitGroup.Role.OUTPUT, 3, Activation.SOFTMAX, 40, 40);
        out.setTarget(UnitGroup.Loss.CROSS_ENTROPY, UnitGroup.TargetSchedule.FINAL_STEP, 1);
        connect(m, "input", "memory", Connection.Kind.FULL, 0);
        connect(m, "memory", "output", Connection.Kind.FULL, 0);
    }

    /** The same network as examples/binary-adder/binary-adder.rnn. */
    private static void binaryAdder(Model m) {
        m.setNotes("The lecture's toy example: two numbers arrive one column of bits per step, least significant first; "
                + "the sum bit of a column comes out two steps after the column goes in.");
        UnitGroup in = group(m, "input", UnitGroup.Role.INPUT, 2, Activation.LINEAR, 40, 260);
        in.setName("two bits");
        UnitGroup hidden = group(m, "hidden", UnitGroup.Role.HIDDEN, 3, Activation.LOGISTIC, 40, 150);
        hidden.setInitialState(UnitGroup.InitialStateKind.LEARNED, null);
        UnitGroup out = group(m, "output", UnitGroup.Role.OUTPUT, 1, Activation.LOGISTIC, 40, 40);
        out.setName("sum bit");
        out.setTarget(UnitGroup.Loss.LOGISTIC_CROSS_ENTROPY, UnitGroup.TargetSchedule.EVERY_STEP, 1);
        connect(m, "input", "hidden", Connection.Kind.FULL, 1);
        connect(m, "hidden", "hidden", Connection.Kind.FULL, 1);
        connect(m, "hidden", "output", Connection.Kind.FULL, 1);
    }

    /** The same network and settings as examples/irnn/irnn.rnn. */
    private static void irnn(Model m) {
        m.setNotes("Le, Jaitly and Hinton (2015): with the identity as recurrent weights and ReLU units, the hidden state "
                + "starts by copying itself from step to step, so error derivatives neither vanish nor explode at first.");
        group(m, "input", UnitGroup.Role.INPUT, 2, Activation.LINEAR, 40, 260);
        group(m, "hidden", UnitGroup.Role.HIDDEN, 40, Activation.RELU, 40, 150);
        UnitGroup out = group(m, "sum", UnitGroup.Role.OUTPUT, 1, Activation.LINEAR, 40, 40);
        out.setTarget(UnitGroup.Loss.SQUARED_ERROR, UnitGroup.TargetSchedule.FINAL_STEP, 1);
        connect(m, "input", "hidden", Connection.Kind.FULL, 0);
        connect(m, "hidden", "hidden", Connection.Kind.FULL, 1);
        connect(m, "hidden", "sum", Connection.Kind.FULL, 0);
        TrainingSettings t = new TrainingSettings();
        t.data = "adding:length=30,count=4000,seed=1";
        t.epochs = 40;
        t.learningRate = 0.002;
        t.momentum = 0.99;
        t.nesterov = true;
        t.momentumSchedule = MomentumSchedule.RISING.fileName();
        t.clipNorm = 1;
        t.init = Initialization.IRNN.fileName();
        m.setTraining(t);
    }
}
