package org.rnnstudio.ui.wizards;

import java.util.List;

import org.rnnstudio.model.Activation;
import org.rnnstudio.model.Connection;
import org.rnnstudio.model.Model;
import org.rnnstudio.model.UnitGroup;

/** The models the New RNN Model wizard starts from. */
public enum Templates {

    EMPTY("Empty", "A blank diagram: draw it from the palette."),
    ELMAN("Elman network", "Inputs, a tanh hidden layer that reads its own previous state, and a softmax classification at the last step."),
    LSTM("LSTM sequence classifier", "An LSTM memory cell built from its parts: keep, write and read gates (logistic), product units that "
            + "gate the cell, the cell's delayed self-connection, and a softmax classification at the last step."),
    BINARY_ADDER("Binary adder", "The lecture's toy example: 2 inputs, 3 logistic hidden units with recurrent connections, 1 output; "
            + "the sum bit comes out two steps after its column goes in.");

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
        m.setNotes("An LSTM memory cell in the lecture's words. The cell keeps its value through a delayed identity "
                + "self-connection multiplied by the keep gate; the write gate lets the candidate in; the read gate lets the "
                + "squashed cell out as the hidden state h, which the gates read one step later.");
        int n = 8;
        group(m, "input", UnitGroup.Role.INPUT, 4, Activation.LINEAR, 300, 620);
        group(m, "keep", UnitGroup.Role.HIDDEN, n, Activation.LOGISTIC, 40, 500);
        group(m, "write", UnitGroup.Role.HIDDEN, n, Activation.LOGISTIC, 300, 500);
        group(m, "candidate", UnitGroup.Role.HIDDEN, n, Activation.TANH, 560, 500);
        group(m, "read", UnitGroup.Role.HIDDEN, n, Activation.LOGISTIC, 820, 500);
        for (String[] p : new String[][] {{"kept", "40", "380"}, {"written", "430", "380"}, {"h", "820", "140"}}) {
            UnitGroup g = group(m, p[0], UnitGroup.Role.HIDDEN, n, Activation.LINEAR, Integer.parseInt(p[1]), Integer.parseInt(p[2]));
            g.setCombine(UnitGroup.Combine.PRODUCT);
            g.setBias(false);
        }
        group(m, "cell", UnitGroup.Role.HIDDEN, n, Activation.LINEAR, 240, 260).setBias(false);
        group(m, "squashed", UnitGroup.Role.HIDDEN, n, Activation.TANH, 560, 260).setBias(false);
        UnitGroup out = group(m, "output", UnitGroup.Role.OUTPUT, 3, Activation.SOFTMAX, 820, 30);
        out.setTarget(UnitGroup.Loss.CROSS_ENTROPY, UnitGroup.TargetSchedule.FINAL_STEP, 1);
        for (String gate : List.of("keep", "write", "candidate", "read")) {
            connect(m, "input", gate, Connection.Kind.FULL, 0);
            connect(m, "h", gate, Connection.Kind.FULL, 1);
        }
        connect(m, "keep", "kept", Connection.Kind.IDENTITY, 0);
        connect(m, "cell", "kept", Connection.Kind.IDENTITY, 1);
        connect(m, "write", "written", Connection.Kind.IDENTITY, 0);
        connect(m, "candidate", "written", Connection.Kind.IDENTITY, 0);
        connect(m, "kept", "cell", Connection.Kind.IDENTITY, 0);
        connect(m, "written", "cell", Connection.Kind.IDENTITY, 0);
        connect(m, "cell", "squashed", Connection.Kind.IDENTITY, 0);
        connect(m, "read", "h", Connection.Kind.IDENTITY, 0);
        connect(m, "squashed", "h", Connection.Kind.IDENTITY, 0);
        connect(m, "h", "output", Connection.Kind.FULL, 0);
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
}
