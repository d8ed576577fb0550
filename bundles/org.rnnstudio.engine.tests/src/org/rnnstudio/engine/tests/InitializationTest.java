package org.rnnstudio.engine.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.rnnstudio.engine.Network;
import org.rnnstudio.engine.Plan;
import org.rnnstudio.engine.SparseInitialization;
import org.rnnstudio.model.Activation;
import org.rnnstudio.model.Connection;
import org.rnnstudio.model.Initialization;
import org.rnnstudio.model.Model;
import org.rnnstudio.model.UnitGroup;

/** The sparse initialisation of Sutskever et al. (2013) and the IRNN's of Le et al. (2015). */
class InitializationTest {

    private static Plan plan(int hidden) throws Exception {
        Model m = new Model();
        m.addGroup(new UnitGroup("in", UnitGroup.Role.INPUT, 2));
        m.addGroup(new UnitGroup("hidden", UnitGroup.Role.HIDDEN, hidden)).setActivation(Activation.RELU);
        UnitGroup out = m.addGroup(new UnitGroup("out", UnitGroup.Role.OUTPUT, 1));
        out.setTarget(UnitGroup.Loss.SQUARED_ERROR, UnitGroup.TargetSchedule.FINAL_STEP, 1);
        m.addConnection(new Connection("in-hidden", "in", "hidden", Connection.Kind.FULL, 0));
        m.addConnection(new Connection("recurrent", "hidden", "hidden", Connection.Kind.FULL, 1));
        m.addConnection(new Connection("hidden-out", "hidden", "out", Connection.Kind.FULL, 0));
        return Plan.compile(m);
    }

    private static DMatrixRMaj weights(Network network, String name) {
        return network.value(network.plan().parameters().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow());
    }

    /** The largest |eigenvalue|, from EJML's decomposition of the matrix as it is. */
    private static double radius(DMatrixRMaj w) {
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(w.numRows, false);
        assertTrue(eig.decompose(w.copy()));
        double largest = 0;
        for (int i = 0; i < w.numRows; i++) {
            largest = Math.max(largest, eig.getEigenvalue(i).getMagnitude());
        }
        return largest;
    }

    @Test
    void theSparseRecurrentMatrixHasTheChosenSpectralRadiusAndFifteenIncomingWeightsPerUnit() throws Exception {
        for (int n : new int[] {10, 40}) {
            for (double r : new double[] {0.9, 1.1}) {
                Network network = new Network(plan(n));
                network.initialize(Initialization.SPARSE, r, 3);
                DMatrixRMaj w = weights(network, "connection:recurrent");
                assertEquals(r, radius(w), 1e-6, n + " units");
                for (int unit = 0; unit < n; unit++) {
                    int nonzero = 0;
                    for (int from = 0; from < n; from++) {
                        nonzero += w.get(from, unit) != 0 ? 1 : 0;
                    }
                    assertEquals(Math.min(15, n), nonzero, "incoming weights of unit " + unit);
                }
            }
        }
    }

    @Test
    void fillingAMatrixByHandScalesItToTheRadius() {
        DMatrixRMaj w = new DMatrixRMaj(25, 25);
        SparseInitialization.fill(w, 5, 1.2, new Random(4));
        assertEquals(1.2, radius(w), 1e-6);
        assertEquals(1.2, SparseInitialization.spectralRadius(w), 1e-9);
    }

    @Test
    void theIrnnStartsFromTheIdentityWithSmallInputWeights() throws Exception {
        Network network = new Network(plan(30));
        network.initialize(Initialization.IRNN, 1, 5);
        DMatrixRMaj recurrent = weights(network, "connection:recurrent");
        for (int i = 0; i < 30; i++) {
            for (int j = 0; j < 30; j++) {
                assertEquals(i == j ? 1 : 0, recurrent.get(i, j));
            }
        }
        double[] input = weights(network, "connection:in-hidden").data;
        double squares = 0;
        for (double v : input) {
            squares += v * v;
        }
        double spread = Math.sqrt(squares / input.length);
        assertTrue(spread > 0.0005 && spread < 0.002, "standard deviation " + spread);
    }

    @ParameterizedTest
    @EnumSource(value = Initialization.class, names = {"SPARSE", "IRNN"})
    void theSameSeedGivesTheSameWeightsBitForBit(Initialization scheme) throws Exception {
        Plan plan = plan(20);
        Network a = new Network(plan);
        Network b = new Network(plan);
        Network c = new Network(plan);
        a.initialize(scheme, 1.1, 9);
        b.initialize(scheme, 1.1, 9);
        c.initialize(scheme, 1.1, 10);
        boolean differs = false;
        for (Plan.ParameterSet p : plan.parameters()) {
            assertArrayEquals(a.value(p).data, b.value(p).data, 0, p.name());
            differs |= !Arrays.equals(a.value(p).data, c.value(p).data);
        }
        assertTrue(differs, "another seed, other weights");
        assertFalse(Arrays.equals(a.value(plan.parameters().get(0)).data, new double[plan.parameters().get(0).size()]));
    }
}
