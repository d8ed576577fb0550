package org.rnnstudio.engine.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.rnnstudio.engine.BinaryAdder;
import org.rnnstudio.engine.Network;
import org.rnnstudio.engine.Plan;
import org.rnnstudio.engine.Sequence;
import org.rnnstudio.engine.Trainer;
import org.rnnstudio.model.Initialization;

/** The lecture's toy example: the 2-3-1 net learns to add, and adds numbers longer than it was taught. */
class BinaryAdderTest {

    private static final int MAX_EPOCHS = 400;

    /**
     * Trains on 1,000 random pairs of 6-bit numbers (minibatches of 16, learning rate 0.1, momentum 0.9),
     * epoch by epoch until it adds every pair of 8-bit numbers, none of which it saw.
     */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void learnsToAddAllEightBitNumbers(long seed) throws Exception {
        Plan plan = Plan.compile(PlanTest.binaryAdder());
        Network network = new Network(plan);
        network.initialize(Initialization.SMALL_UNIFORM, 1.0, seed);
        Trainer trainer = new Trainer(network);
        List<Sequence> training = BinaryAdder.random(6, 1000, seed, "input", "output");
        List<Sequence> allEightBit = BinaryAdder.all(8, "input", "output");
        assertEquals(65_536, allEightBit.size());
        long start = System.nanoTime();
        double firstLoss = Double.NaN;
        double[] score = {Double.NaN, 0};
        int epoch = 0;
        while (epoch < MAX_EPOCHS && score[1] < 1.0) {
            epoch++;
            Trainer.Result r = trainer.train(training, new Trainer.Settings(1, 16, 0.1, 0.9, false, seed * 1000 + epoch, 0),
                    new Trainer.Listener() { }, () -> false);
            if (epoch == 1) {
                firstLoss = r.loss();
            }
            if (r.accuracy() == 1.0) {
                score = trainer.evaluate(allEightBit, 4096);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("binary adder, seed %d: %d epochs of 1000 six-bit sums (%d minibatches of 16), %.1f s, "
                + "8-bit accuracy %.4f, loss %.4f -> %.4f%n", seed, epoch, epoch * 63, seconds, score[1], firstLoss, score[0]);
        assertEquals(1.0, score[1], "all 65,536 eight-bit additions right after " + epoch + " epochs");
        assertTrue(score[0] < firstLoss);
    }

    @Test
    void sameSeedSameWeightsBitForBit() throws Exception {
        double[][] first = trainBriefly(7);
        double[][] second = trainBriefly(7);
        for (int i = 0; i < first.length; i++) {
            assertArrayEquals(first[i], second[i], 0.0);
        }
        double[][] other = trainBriefly(8);
        assertTrue(other[0][0] != first[0][0]);
    }

    @Test
    void nesterovMomentumAlsoLearns() throws Exception {
        Plan plan = Plan.compile(PlanTest.binaryAdder());
        Network network = new Network(plan);
        network.initialize(Initialization.SMALL_UNIFORM, 1.0, 4);
        Trainer trainer = new Trainer(network);
        List<Sequence> training = BinaryAdder.random(6, 1000, 4, "input", "output");
        Trainer.Result r = trainer.train(training, new Trainer.Settings(20, 16, 0.3, 0.9, true, 4, 0), new Trainer.Listener() { }, () -> false);
        double before = new Trainer(initialNetwork(plan, 4)).evaluate(training, 1000)[0];
        assertTrue(r.loss() < before / 2, "loss " + before + " -> " + r.loss());
    }

    private static Network initialNetwork(Plan plan, long seed) {
        Network n = new Network(plan);
        n.initialize(Initialization.SMALL_UNIFORM, 1.0, seed);
        return n;
    }

    private static double[][] trainBriefly(long seed) throws Exception {
        Plan plan = Plan.compile(PlanTest.binaryAdder());
        Network network = initialNetwork(plan, seed);
        new Trainer(network).train(BinaryAdder.random(4, 200, seed, "input", "output"), new Trainer.Settings(2, 16, 0.5, 0.9, true, seed, 3),
                new Trainer.Listener() { }, () -> false);
        double[][] values = new double[plan.parameters().size()][];
        for (Plan.ParameterSet p : plan.parameters()) {
            values[p.index()] = network.value(p).data.clone();
        }
        return values;
    }
}
