package org.rnnstudio.ui.wizards;

import org.rnnstudio.model.Activation;
import org.rnnstudio.model.Cell;
import org.rnnstudio.model.Connection;
import org.rnnstudio.model.Initialization;
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
            + "identity, small input weights, trained with plain SGD and clipping on the adding problem.");

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
        default:
            throw new IllegalStateException(name());
        }
        return m;
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
