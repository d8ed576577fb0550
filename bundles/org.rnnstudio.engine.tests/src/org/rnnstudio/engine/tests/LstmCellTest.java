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
 * The LSTM cell's step as one operation, a row at a time with the batch split between two threads, against the
 * same pass computing the cell's nine groups one by one ({@link Pass#groupByGroup}): outputs, dE/dy of every
 * group, loss, gradients (with learned initial states and truncation) and the Gauss-Newton product to 1e-12;
 * and the threads give the same numbers run after run, each sequence's as if it ran alone in its row.
 */
class LstmCellTest {

    private static final double TOLERANCE = 1e-12;

    /** Hidden 64: the recurrent wires run as one stacked set (more than FusedWires.SMALLEST weights), the batch of 12 splits 6 and 6. */
    private static Model lstm(int hidden, boolean learnedStart) {
        Model m = new Model();
        m.addGroup(new UnitGroup("x", UnitGroup.Role.INPUT, 5));
        Cell cell = new Cell("c", Cell.Kind.LSTM, hidden);
        if (learnedStart) {
            cell.setInitialState(UnitGroup.InitialStateKind.LEARNED);
        }
        m.cells().add(cell);
        UnitGroup y = m.addGroup(new UnitGroup("y", UnitGroup.Role.OUTPUT, 4));
        y.setActivation(Activation.SOFTMAX);
        y.setTarget(UnitGroup.Loss.CROSS_ENTROPY, UnitGroup.TargetSchedule.EVERY_STEP, 1);
        m.addConnection(new Connection("x-c", "x", "c", Connection.Kind.FULL, 0));
        m.addConnection(new Connection("c-y", "c", "y", Connection.Kind.FULL, 0));
        return m;
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

    @Test
    void theCellsStepGivesTheNumbersOfItsGroups() throws Exception {
        assertSameAsGroupByGroup(lstm(64, false), 12, 0);
    }

    @Test
    void learnedInitialStatesAndTruncation() throws Exception {
        assertSameAsGroupByGroup(lstm(64, true), 12, 4);
        assertSameAsGroupByGroup(lstm(36, true), 9, 3);
    }

    @Test
    void oneThreadForASmallBatch() throws Exception {
        assertSameAsGroupByGroup(lstm(40, true), 3, 0);
    }

    @Test
    void gaussNewtonAfterTheCellsStep() throws Exception {
        Plan plan = Plan.compile(lstm(64, true));
        Network network = network(plan);
        Batch batch = GradientCheck.randomBatch(plan, 12, 7, 17);
        DMatrixRMaj[] direction = network.zerosLike();
        java.util.Random random = new java.util.Random(3);
        for (DMatrixRMaj d : direction) {
            for (int i = 0; i < d.data.length; i++) {
                d.data[i] = random.nextGaussian();
            }
        }
        Pass[] passes = { new Pass(plan, 12, 7, false), Pass.groupByGroup(plan, 12, 7, false) };
        assertEquals(1, passes[0].cellOperations());
        DMatrixRMaj[][] products = new DMatrixRMaj[2][];
        for (int i = 0; i < 2; i++) {
            passes[i].forward(network, batch);
            passes[i].directional(network, batch, direction);
            products[i] = network.zerosLike();
            passes[i].gaussNewton(network, batch, products[i], 0.3);
        }
        for (int p = 0; p < products[0].length; p++) {
            assertTrue(CommonOps_DDRM.elementMaxAbs(products[1][p]) > 0, plan.parameters().get(p).name());
            assertClose(products[1][p], products[0][p], "G v for " + plan.parameters().get(p).name());
        }
    }

    /**
     * Twelve copies of one sequence: the rows of both threads hold the same numbers, bit for bit, and a pass run
     * again gives the same gradients bit for bit. Warmed up first, as the Vector API's functions may differ in the
     * last bit before the JIT compiles them.
     */
    @Test
    void theThreadsGiveTheSameNumbersRunAfterRun() throws Exception {
        Plan plan = Plan.compile(lstm(64, true));
        Network network = network(plan);
        int steps = 6;
        Batch one = GradientCheck.randomBatch(plan, 1, steps, 29);
        Batch batch = GradientCheck.randomBatch(plan, 12, steps, 31);
        java.util.Arrays.fill(batch.lengths(), steps);
        int x = plan.groupIndex("x");
        int y = plan.groupIndex("y");
        for (int t = 0; t < steps; t++) {
            for (int b = 0; b < 12; b++) {
                System.arraycopy(one.input(x, t).data, 0, batch.input(x, t).data, b * 5, 5);
                System.arraycopy(one.target(y, t).data, 0, batch.target(y, t).data, b * 4, 4);
            }
        }
        Pass pass = new Pass(plan, 12, steps, false);
        assertEquals(1, pass.cellOperations());
        DMatrixRMaj[] first = null;
        for (int run = 0; run < 60; run++) {
            DMatrixRMaj[] gradients = network.zerosLike();
            pass.forward(network, batch);
            pass.backward(network, batch, gradients, 0);
            if (run == 58) {
                first = gradients;
            } else if (run == 59) {
                for (int p = 0; p < gradients.length; p++) {
                    org.junit.jupiter.api.Assertions.assertArrayEquals(first[p].data, gradients[p].data, plan.parameters().get(p).name());
                }
            }
        }
        for (int g = 0; g < plan.groups().size(); g++) {
            int n = plan.groups().get(g).size();
            for (int t = 0; t < steps; t++) {
                double[] out = pass.output(g, t).data;
                DMatrixRMaj d = pass.outputGradient(g, t);
                for (int b = 1; b < 12; b++) {
                    for (int j = 0; j < n; j++) {
                        String where = plan.groups().get(g).id() + " at step " + t + ", row " + b + ", unit " + j;
                        assertEquals(out[j], out[b * n + j], 0.0, "output of " + where);
                        if (d != null) {
                            assertEquals(d.data[j], d.data[b * n + j], 0.0, "dE/dy of " + where);
                        }
                    }
                }
            }
        }
    }

    private static void assertSameAsGroupByGroup(Model model, int size, int truncation) throws Exception {
        Plan plan = Plan.compile(model);
        Network network = network(plan);
        int steps = 9;
        Batch batch = GradientCheck.randomBatch(plan, size, steps, 23);
        Pass cell = new Pass(plan, size, steps, true);
        Pass groups = Pass.groupByGroup(plan, size, steps, true);
        assertEquals(1, cell.cellOperations());
        assertEquals(0, groups.cellOperations());
        double loss = cell.forward(network, batch);
        double groupsLoss = groups.forward(network, batch);
        assertTrue(groupsLoss > 0);
        assertEquals(groupsLoss, loss, TOLERANCE * groupsLoss);
        DMatrixRMaj[] gradients = network.zerosLike();
        DMatrixRMaj[] groupsGradients = network.zerosLike();
        cell.backward(network, batch, gradients, truncation);
        groups.backward(network, batch, groupsGradients, truncation);
        for (int p = 0; p < gradients.length; p++) {
            assertTrue(CommonOps_DDRM.elementMaxAbs(groupsGradients[p]) > 0, plan.parameters().get(p).name() + " has no gradient");
            assertClose(groupsGradients[p], gradients[p], plan.parameters().get(p).name());
        }
        for (int g = 0; g < plan.groups().size(); g++) {
            for (int t = 0; t < steps; t++) {
                String where = plan.groups().get(g).id() + " at step " + t;
                assertClose(groups.output(g, t), cell.output(g, t), "output of " + where);
                assertClose(groups.outputGradient(g, t), cell.outputGradient(g, t), "dE/dy of " + where);
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
