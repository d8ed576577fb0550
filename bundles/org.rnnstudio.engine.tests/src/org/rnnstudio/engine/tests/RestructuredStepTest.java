package org.rnnstudio.engine.tests;

import org.junit.jupiter.api.Test;
import org.rnnstudio.engine.GradientCheck;
import org.rnnstudio.engine.Pass;
import org.rnnstudio.engine.Plan;
import org.rnnstudio.model.Activation;
import org.rnnstudio.model.Cell;
import org.rnnstudio.model.Connection;
import org.rnnstudio.model.Model;
import org.rnnstudio.model.UnitGroup;

/**
 * The restructured step (input and output products of all steps at once, weight gradients after the backward
 * loop, wide products side by side) against the plain pass that computes every wire at every step: the same
 * outputs, loss, gradients, dE/dx and Gauss-Newton products to 1e-12. The sizes are large enough (hidden 40
 * to 70) for the recurrent wires to run as stacked sets, not only the hoisted ones.
 */
class RestructuredStepTest {

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
        PassComparison.assertSameGaussNewton(plan, PassComparison.network(plan), GradientCheck.randomBatch(plan, 5, 9, 17),
                Pass.plain(plan, 5, 9, false), new Pass(plan, 5, 9, false));
    }

    private static void assertSameNumbers(Model model, int truncation) throws Exception {
        Plan plan = Plan.compile(model);
        int size = 6;
        int steps = 11;
        PassComparison.assertSameNumbers(plan, PassComparison.network(plan), GradientCheck.randomBatch(plan, size, steps, 23),
                Pass.plain(plan, size, steps, true), new Pass(plan, size, steps, true), truncation);
    }
}
