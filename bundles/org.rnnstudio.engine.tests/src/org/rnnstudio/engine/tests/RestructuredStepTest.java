package org.rnnstudio.engine.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;
import org.rnnstudio.engine.Batch;
import org.rnnstudio.engine.GradientCheck;
import org.rnnstudio.engine.Network;
import org.rnnstudio.engine.Pass;
import org.rnnstudio.engine.Plan;
import org.rnnstudio.model.Activation;
import org.rnnstudio.model.Cell;
import org.rnnstudio.model.Connection;
import org.rnnstudio.model.Initialization;
import org.rnnstudio.model.Model;
import org.rnnstudio.model.UnitGroup;

/**
 * The restructured step (input and output products of all steps at once, weight gradients after the backward
 * loop, wide products side by side) against the plain pass that computes every wire at every step: the same
 * outputs, loss, gradients, dE/dx and Gauss-Newton products to 1e-12. The sizes are large enough (hidden 40
 * to 70) for the recurrent wires to run as stacked sets, not only the hoisted ones.
 */
class RestructuredStepTest {

    private static final double TOLERANCE = 1e-12;

    private static Model cell(Cell.Kind kind, int hidden) {
        Model m = new Model();
        m.addGroup(new UnitGroup("x", UnitGroup.Role.INPUT, 7));
        m.cells().add(new Cell("c", kind, hidden));
        UnitGroup y = m.addGroup(new UnitGroup("y", UnitGroup.Role.OUTPUT, 5));
        y.setActivation(Activation.SOFTMAX);
        y.setTarget(UnitGroup.Loss.CROSS_ENTROPY, UnitGroup.TargetSchedule.EVERY_STEP, 1);
        m.addConnection(new Connection("x-c", "x", "c", Connection.Kind.FULL, 0));
        m.addConnection(new Connection("c-y", "c", "y", Connection.Kind.FULL, 0));
        return m;
    }

    /** A plain tanh net reading itself 1 and 2 steps back, an output reading it now and one step back. */
    private static Model tanhWithDelays() {
        Model m = new Model();
        m.addGroup(new UnitGroup("in", UnitGroup.Role.INPUT, 6));
        UnitGroup hidden = m.addGroup(new UnitGroup("hidden", UnitGroup.Role.HIDDEN, 70));
        hidden.setActivation(Activation.TANH);
        hidden.setInitialState(UnitGroup.InitialStateKind.LEARNED, null);
        UnitGroup out = m.addGroup(new UnitGroup("out", UnitGroup.Role.OUTPUT, 3));
        out.setActivation(Activation.LINEAR);
        m.addConnection(new Connection("in-hidden", "in", "hidden", Connection.Kind.FULL, 0));
        m.addConnection(new Connection("recurrent", "hidden", "hidden", Connection.Kind.FULL, 1));
        m.addConnection(new Connection("two-back", "hidden", "hidden", Connection.Kind.FULL, 2));
        m.addConnection(new Connection("hidden-out", "hidden", "out", Connection.Kind.FULL, 0));
        m.addConnection(new Connection("hidden-out-late", "hidden", "out", Connection.Kind.FULL, 1));
        return m;
    }

    @Test
    void lstm() throws Exception {
        assertSameNumbers(cell(Cell.Kind.LSTM, 40), 0);
    }

    @Test
    void gru() throws Exception {
        assertSameNumbers(cell(Cell.Kind.GRU, 40), 0);
    }

    @Test
    void tanhNetWithDelays() throws Exception {
        assertSameNumbers(tanhWithDelays(), 0);
    }

    @Test
    void truncatedBackprop() throws Exception {
        assertSameNumbers(tanhWithDelays(), 3);
        assertSameNumbers(cell(Cell.Kind.LSTM, 40), 4);
    }

    @Test
    void gaussNewtonProduct() throws Exception {
        Plan plan = Plan.compile(tanhWithDelays());
        Network network = network(plan);
        Batch batch = GradientCheck.randomBatch(plan, 5, 9, 17);
        DMatrixRMaj[] direction = network.zerosLike();
        java.util.Random random = new java.util.Random(3);
        for (DMatrixRMaj d : direction) {
            for (int i = 0; i < d.data.length; i++) {
                d.data[i] = random.nextGaussian();
            }
        }
        DMatrixRMaj[][] products = new DMatrixRMaj[2][];
        Pass[] passes = {new Pass(plan, 5, 9, false), Pass.plain(plan, 5, 9, false)};
        for (int i = 0; i < 2; i++) {
            passes[i].forward(network, batch);
            passes[i].directional(network, batch, direction);
            products[i] = network.zerosLike();
            passes[i].gaussNewton(network, batch, products[i], 0.3);
        }
        for (int p = 0; p < products[0].length; p++) {
            assertClose(products[1][p], products[0][p], plan.parameters().get(p).name());
        }
    }

    private static Network network(Plan plan) {
        Network network = new Network(plan);
        network.initialize(Initialization.SMALL_UNIFORM, 0.5, 3);
        java.util.Random random = new java.util.Random(5);
        for (Plan.ParameterSet p : plan.parameters()) {
            if (p.kind() == Plan.ParameterSet.Kind.BIAS || p.kind() == Plan.ParameterSet.Kind.INITIAL_STATE) {
                for (int i = 0; i < p.size(); i++) {
                    network.value(p).data[i] = random.nextGaussian() * 0.5;
                }
            }
        }
        return network;
    }

    private static void assertSameNumbers(Model model, int truncation) throws Exception {
        Plan plan = Plan.compile(model);
        Network network = network(plan);
        int size = 6;
        int steps = 11;
        Batch batch = GradientCheck.randomBatch(plan, size, steps, 23);
        Pass restructured = new Pass(plan, size, steps, true);
        Pass plain = Pass.plain(plan, size, steps, true);
        double loss = restructured.forward(network, batch);
        double plainLoss = plain.forward(network, batch);
        assertTrue(plainLoss > 0);
        assertEquals(plainLoss, loss, TOLERANCE * plainLoss);
        DMatrixRMaj[] gradients = network.zerosLike();
        DMatrixRMaj[] plainGradients = network.zerosLike();
        restructured.backward(network, batch, gradients, truncation);
        plain.backward(network, batch, plainGradients, truncation);
        for (int p = 0; p < gradients.length; p++) {
            assertTrue(CommonOps_DDRM.elementMaxAbs(plainGradients[p]) > 0, plan.parameters().get(p).name() + " has no gradient");
            assertClose(plainGradients[p], gradients[p], plan.parameters().get(p).name());
        }
        for (int g = 0; g < plan.groups().size(); g++) {
            for (int t = 0; t < steps; t++) {
                String where = plan.groups().get(g).id() + " at step " + t;
                assertClose(plain.output(g, t), restructured.output(g, t), "output of " + where);
                assertClose(plain.outputGradient(g, t), restructured.outputGradient(g, t), "dE/dy of " + where);
            }
        }
    }

    /** Equal to 1e-12 of the largest entry of the reference (both null for an input group's dE/dy). */
    private static void assertClose(DMatrixRMaj expected, DMatrixRMaj actual, String what) {
        assertEquals(expected == null, actual == null, what);
        if (expected == null) {
            return;
        }
        double scale = CommonOps_DDRM.elementMaxAbs(expected);
        for (int i = 0; i < expected.data.length; i++) {
            assertEquals(expected.data[i], actual.data[i], TOLERANCE * scale, what + ", entry " + i);
        }
    }
}
