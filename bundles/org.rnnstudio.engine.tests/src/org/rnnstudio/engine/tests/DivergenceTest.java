package org.rnnstudio.engine.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.rnnstudio.engine.BinaryAdder;
import org.rnnstudio.engine.Network;
import org.rnnstudio.engine.Plan;
import org.rnnstudio.engine.Sequence;
import org.rnnstudio.engine.Trainer;
import org.rnnstudio.model.Activation;
import org.rnnstudio.model.Initialization;
import org.rnnstudio.model.Model;
import org.rnnstudio.model.UnitGroup;

class DivergenceTest {

    /** A linear recurrent net with a learning rate far too large blows up; training stops and says where. */
    @Test
    void divergenceStopsWithAMessageAndKeepsTheLastGoodWeights() throws Exception {
        Model m = PlanTest.binaryAdder();
        m.group("hidden").setActivation(Activation.LINEAR);
        m.group("output").setActivation(Activation.LINEAR);
        m.group("output").setTarget(UnitGroup.Loss.SQUARED_ERROR, UnitGroup.TargetSchedule.EVERY_STEP, 1);
        Plan plan = Plan.compile(m);
        Network network = new Network(plan);
        network.initialize(Initialization.SCALED_IDENTITY, 1.5, 1);
        List<Sequence> data = BinaryAdder.random(12, 64, 1, "input", "output");
        double[][][] lastGood = new double[1][][];
        int[] steps = {0};
        Trainer.DivergedException e = assertThrows(Trainer.DivergedException.class,
                () -> new Trainer(network).train(data, new Trainer.Settings(50, 8, 5.0, 0.9, false, 1, 0), new Trainer.Listener() {
                    @Override
                    public void step(int epoch, int step, double loss, double accuracy) {
                        steps[0] = step;
                        lastGood[0] = snapshot(network);
                    }
                }, () -> false));
        // the step that failed is the one after the last that succeeded
        assertTrue(e.getMessage().contains("epoch") && e.getMessage().contains("step " + (steps[0] + 1)), e.getMessage());
        assertTrue(e.getMessage().contains("last good weights are kept"), e.getMessage());
        assertTrue(steps[0] > 0, "some steps succeeded before the blow-up");
        double[][] now = snapshot(network);
        for (int i = 0; i < now.length; i++) {
            assertArrayEquals(lastGood[0][i], now[i], 0.0);
            for (double v : now[i]) {
                assertTrue(Double.isFinite(v));
            }
        }
    }

    /**
     * Linear units and a recurrent weight of 1e200: the hidden state is 0 at step 0 (it reads the zero
     * initial state and input), finite at steps 1 and 2, and overflows at step 3, before any output does.
     */
    @Test
    void anOverflowingForwardPassNamesTheGroupAndStep() throws Exception {
        Model m = PlanTest.binaryAdder();
        m.group("hidden").setActivation(Activation.LINEAR);
        m.group("hidden").setInitialState(UnitGroup.InitialStateKind.ZERO, null);
        m.group("output").setActivation(Activation.LINEAR);
        m.group("output").setTarget(UnitGroup.Loss.SQUARED_ERROR, UnitGroup.TargetSchedule.EVERY_STEP, 1);
        Network network = new Network(Plan.compile(m));
        network.initialize(Initialization.SCALED_IDENTITY, 1e200, 1);
        List<Sequence> data = List.of(BinaryAdder.sequence(3, 1, 4, "input", "output"));
        Trainer.DivergedException e = assertThrows(Trainer.DivergedException.class,
                () -> new Trainer(network).train(data, new Trainer.Settings(1, 1, 0.1, 0, false, 1, 0), new Trainer.Listener() { }, () -> false));
        assertTrue(e.getMessage().contains("epoch 1, step 1 (group 'hidden' at step 3 was the first"), e.getMessage());
    }

    @Test
    void cancellationIsCheckedEveryStep() throws Exception {
        Plan plan = Plan.compile(PlanTest.binaryAdder());
        Network network = new Network(plan);
        network.initialize(Initialization.SMALL_UNIFORM, 1, 1);
        int[] calls = {0};
        Trainer.Result r = new Trainer(network).train(BinaryAdder.random(4, 160, 1, "input", "output"),
                new Trainer.Settings(5, 16, 0.1, 0.9, false, 1, 0), new Trainer.Listener() { }, () -> ++calls[0] > 3);
        assertTrue(r.cancelled());
        assertEquals(4, calls[0], "asked before each of the first three steps, stopped at the fourth");
    }

    private static double[][] snapshot(Network network) {
        double[][] values = new double[network.plan().parameters().size()][];
        for (Plan.ParameterSet p : network.plan().parameters()) {
            values[p.index()] = network.value(p).data.clone();
        }
        return values;
    }
}
