package org.rnnstudio.engine.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Paths;

import org.junit.jupiter.api.Test;
import org.rnnstudio.engine.ParameterCount;
import org.rnnstudio.model.Connection;
import org.rnnstudio.model.Model;
import org.rnnstudio.model.ModelFile;
import org.rnnstudio.model.UnitGroup;

class ParameterCountTest {

    /** Elman's net, 3 inputs, 5 hidden units, 2 outputs: 3*5 + 5*5 + 5*2 weights and 5 + 2 biases. */
    @Test
    void elmanNetCountsEachMatrixAndBias() throws Exception {
        Model m = new Model();
        m.addGroup(new UnitGroup("in", UnitGroup.Role.INPUT, 3));
        m.addGroup(new UnitGroup("hidden", UnitGroup.Role.HIDDEN, 5));
        m.addGroup(new UnitGroup("out", UnitGroup.Role.OUTPUT, 2));
        m.addConnection(new Connection("in-hidden", "in", "hidden", Connection.Kind.FULL, 0));
        m.addConnection(new Connection("context", "hidden", "hidden", Connection.Kind.FULL, 1));
        m.addConnection(new Connection("hidden-out", "hidden", "out", Connection.Kind.FULL, 0));
        ParameterCount count = ParameterCount.of(m);
        assertEquals(57, count.total());
        assertEquals(25, count.element("context").trainable());
        assertEquals(5, count.element("hidden").trainable(), "the hidden group's biases");
        assertEquals(0, count.element("in").total(), "inputs learn nothing");
        assertEquals(5, count.element("hidden").unitsPerStep());
    }

    /**
     * The adding problem's LSTM of 16 cells on 2 inputs has 4 * (2*16 + 16*16 + 16) = 1216 parameters, the
     * number Keras reports for LSTM(16) on 2 features; the linear output adds 16 + 1.
     */
    @Test
    void anLstmCellCountsItsFourGatesAsKerasDoes() throws Exception {
        Model m = ModelFile.read(Paths.get(System.getProperty("rnnstudio.examples", "../../examples"), "adding-problem", "adding-problem.rnn")).model();
        ParameterCount count = ParameterCount.of(m);
        int gatesFromInput = count.element("input-memory").total();
        assertEquals(4 * 2 * 16, gatesFromInput);
        assertEquals(1216, count.element("memory").total() + gatesFromInput);
        assertEquals(17, count.element("memory-sum").total() + count.element("sum").total());
        assertEquals(1233, count.total());
    }

    @Test
    void sharedWeightsAreCountedOnce() throws Exception {
        Model m = new Model();
        m.addGroup(new UnitGroup("a", UnitGroup.Role.INPUT, 4));
        m.addGroup(new UnitGroup("b", UnitGroup.Role.INPUT, 4));
        m.addGroup(new UnitGroup("out", UnitGroup.Role.OUTPUT, 3));
        Connection first = new Connection("a-out", "a", "out", Connection.Kind.FULL, 0);
        Connection second = new Connection("b-out", "b", "out", Connection.Kind.FULL, 0);
        first.setSharedWeights("tied");
        second.setSharedWeights("tied");
        m.addConnection(first);
        m.addConnection(second);
        ParameterCount count = ParameterCount.of(m);
        assertEquals(4 * 3 + 3, count.total());
        assertEquals(12, count.element("a-out").total() + count.element("b-out").total());
    }
}
