package org.rnnstudio.engine.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.rnnstudio.engine.Batch;
import org.rnnstudio.engine.GradientCheck;
import org.rnnstudio.engine.Network;
import org.rnnstudio.engine.Pass;
import org.rnnstudio.engine.Plan;
import org.rnnstudio.model.Activation;
import org.rnnstudio.model.Cell;
import org.rnnstudio.model.Connection;
import org.rnnstudio.model.Model;
import org.rnnstudio.model.UnitGroup;

/**
 * The LSTM cell's step as one operation, a row at a time with the batch split between two threads, against the
 * same pass computing the cell's nine groups one by one ({@link Pass#groupByGroup}): outputs, dE/dy of every
 * group, loss, gradients (with learned initial states and truncation), the directional derivative of every
 * group and the Gauss-Newton product to 1e-12;
 * and the threads give the same numbers run after run, each sequence's as if it ran alone in its row.
 */
class LstmCellTest {

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
    void directionalDerivativeAndGaussNewton() throws Exception {
        Plan plan = Plan.compile(lstm(64, true));
        Pass cell = new Pass(plan, 12, 7, false);
        assertEquals(1, cell.cellOperations());
        PassComparison.assertSameGaussNewton(plan, PassComparison.network(plan), GradientCheck.randomBatch(plan, 12, 7, 17),
                Pass.groupByGroup(plan, 12, 7, false), cell);
    }

    /**
     * A training run that nobody watches does not keep the dE/dy of the cell's gates and products
     * ({@link Pass#everyDerivative}): its loss, gradients and dE/dh are the same bit for bit as with them kept, in
     * both precisions, and asking for a dE/dy it did not keep is refused, naming the group.
     */
    @Test
    void withoutEveryDerivativeTheGradientsAreTheSame() throws Exception {
        Plan plan = Plan.compile(lstm(64, true));
        Network network = PassComparison.network(plan);
        Batch batch = GradientCheck.randomBatch(plan, 12, 9, 37);
        for (org.rnnstudio.model.Precision products : org.rnnstudio.model.Precision.values()) {
            DMatrixRMaj[][] gradients = new DMatrixRMaj[2][];
            Pass[] passes = new Pass[2];
            for (int kept = 0; kept < 2; kept++) {
                passes[kept] = new Pass(plan, 12, 9).products(products).everyDerivative(kept == 1);
                gradients[kept] = network.zerosLike();
                passes[kept].forward(network, batch);
                passes[kept].backward(network, batch, gradients[kept], 3);
            }
            for (int p = 0; p < gradients[0].length; p++) {
                org.junit.jupiter.api.Assertions.assertArrayEquals(gradients[1][p].data, gradients[0][p].data, plan.parameters().get(p).name());
            }
            int h = plan.groupIndex("c.h");
            for (int t = 0; t < 9; t++) {
                org.junit.jupiter.api.Assertions.assertArrayEquals(passes[1].outputGradient(h, t).data, passes[0].outputGradient(h, t).data);
            }
            int keep = -1;
            for (int g = 0; g < plan.groups().size(); g++) {
                keep = plan.groups().get(g).id().equals("c.keep") ? g : keep;
            }
            int gate = keep;
            IllegalStateException refused = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                    () -> passes[0].gradientNorms(gate));
            org.junit.jupiter.api.Assertions.assertTrue(refused.getMessage().contains(plan.groups().get(gate).id()), refused.getMessage());
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
        Network network = PassComparison.network(plan);
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
        int steps = 9;
        Pass cell = new Pass(plan, size, steps, true);
        Pass groups = Pass.groupByGroup(plan, size, steps, true);
        assertEquals(1, cell.cellOperations());
        assertEquals(0, groups.cellOperations());
        PassComparison.assertSameNumbers(plan, PassComparison.network(plan), GradientCheck.randomBatch(plan, size, steps, 23), groups, cell, truncation);
    }
}
