package org.rnnstudio.engine.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.rnnstudio.engine.Evaluation;
import org.rnnstudio.engine.Network;
import org.rnnstudio.engine.Plan;
import org.rnnstudio.engine.Sequence;
import org.rnnstudio.model.Activation;
import org.rnnstudio.model.Connection;
import org.rnnstudio.model.Model;
import org.rnnstudio.model.UnitGroup;

class EvaluationTest {

    /**
     * A softmax over two classes whose weights copy the one-hot input (no bias): it chooses the input's class
     * at every step, with p = e^1 / (e^1 + e^0). Targets that disagree at known steps give a known matrix.
     */
    private static Network copier(Activation output) throws Exception {
        Model m = new Model();
        m.addGroup(new UnitGroup("in", UnitGroup.Role.INPUT, 2));
        UnitGroup out = new UnitGroup("out", UnitGroup.Role.OUTPUT, 2);
        out.setActivation(output);
        out.setBias(false);
        m.addGroup(out);
        m.addConnection(new Connection("in-out", "in", "out", Connection.Kind.FULL, 0));
        Network network = new Network(Plan.compile(m));
        Plan.ParameterSet w = network.plan().parameters().get(0);
        network.value(w).set(0, 0, 1);
        network.value(w).set(1, 1, 1);
        return network;
    }

    private static double[] hot(int k) {
        return k == 0 ? new double[] {1, 0} : new double[] {0, 1};
    }

    @Test
    void aClassifierGetsAConfusionMatrixOfTargetAgainstChosenClass() throws Exception {
        Network network = copier(Activation.SOFTMAX);
        double nan = Double.NaN;
        // inputs 0,1,1 with targets 0,0,1: the second step is class 0 taken for class 1
        Sequence first = new Sequence(3, Map.of("in", new double[][] {hot(0), hot(1), hot(1)}),
                Map.of("out", new double[][] {hot(0), hot(0), hot(1)}));
        // inputs 0,0 with a target only at the last step, class 0: right
        Sequence second = new Sequence(2, Map.of("in", new double[][] {hot(0), hot(0)}),
                Map.of("out", new double[][] {{nan, nan}, hot(0)}));
        Evaluation e = Evaluation.of(network, List.of(first, second));

        assertArrayEquals(new int[][] {{2, 1}, {0, 1}}, e.confusion());
        assertEquals(2, e.results().size());
        double p = Math.E / (Math.E + 1);
        assertEquals(p, e.results().get(0).outputs()[0][0], 1e-12);
        assertEquals(3, e.results().get(0).length());
        assertEquals("out", e.outputId());
    }

    @Test
    void aRegressionHasNoConfusionMatrix() throws Exception {
        Evaluation e = Evaluation.of(copier(Activation.LINEAR), List.of(new Sequence(1, Map.of("in", new double[][] {hot(1)}),
                Map.of("out", new double[][] {{0.5, 2}}))));
        assertFalse(e.isClassifier());
        assertNull(e.confusion());
        assertArrayEquals(new double[] {0, 1}, e.results().get(0).outputs()[0], 1e-12);
    }
}
