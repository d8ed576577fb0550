package org.rnnstudio.engine.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.rnnstudio.engine.BinaryAdder;
import org.rnnstudio.engine.Network;
import org.rnnstudio.engine.Plan;
import org.rnnstudio.engine.Sequence;
import org.rnnstudio.engine.Trainer;
import org.rnnstudio.model.Initialization;

/** What the views will show: gradient norms through time and activations of one sequence. */
class ObservationTest {

    private final List<double[]> norms = new ArrayList<>();
    private final List<Map<String, double[][]>> activations = new ArrayList<>();

    private final Trainer.Listener recorder = new Trainer.Listener() {
        @Override
        public void gradientNorms(int epoch, int step, String group, double[] normPerStep) {
            norms.add(normPerStep);
        }

        @Override
        public void activations(int epoch, Map<String, double[][]> outputs) {
            activations.add(outputs);
        }
    };

    private Trainer trainer() throws Exception {
        Network network = new Network(Plan.compile(PlanTest.binaryAdder()));
        network.initialize(Initialization.SMALL_UNIFORM, 1, 2);
        return new Trainer(network);
    }

    @Test
    void gradientNormsFollowTheAddersTiming() throws Exception {
        List<Sequence> data = BinaryAdder.random(6, 64, 2, "input", "output");
        trainer().train(data, new Trainer.Settings(2, 16, 0.1, 0.9, false, 2, 0), recorder, () -> false,
                new Trainer.Observation("hidden", List.of("hidden", "output"), 5, 0));
        assertEquals(8, norms.size(), "every step of 2 epochs x 4 minibatches, with no interval");
        for (double[] n : norms) {
            assertEquals(9, n.length, "6 bits + carry column + 2 steps of lag");
            // the hidden state of the last step would drive the output one step later, which does not exist
            assertEquals(0.0, n[8], 0.0);
            assertTrue(n[7] > 0 && n[0] > 0, "earlier hidden states carry error derivatives");
        }
        assertEquals(2, activations.size(), "once per epoch");
        double[][] hidden = activations.get(1).get("hidden");
        assertEquals(9, hidden.length);
        assertEquals(3, hidden[0].length);
        for (double[] step : hidden) {
            for (double v : step) {
                assertTrue(v > 0 && v < 1, "logistic units");
            }
        }
        assertEquals(1, activations.get(1).get("output")[0].length);
    }

    @Test
    void observationsAreRateLimited() throws Exception {
        List<Sequence> data = BinaryAdder.random(6, 64, 2, "input", "output");
        trainer().train(data, new Trainer.Settings(3, 8, 0.1, 0.9, false, 2, 0), recorder, () -> false,
                new Trainer.Observation("hidden", List.of(), 0, 3_600_000));
        assertEquals(1, norms.size(), "24 steps within an hour-long interval give one observation");
        assertEquals(0, activations.size());
    }
}
