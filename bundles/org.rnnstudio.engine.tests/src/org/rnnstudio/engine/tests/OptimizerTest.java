package org.rnnstudio.engine.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.rnnstudio.engine.BinaryAdder;
import org.rnnstudio.engine.Network;
import org.rnnstudio.engine.Plan;
import org.rnnstudio.engine.Sequence;
import org.rnnstudio.engine.Trainer;
import org.rnnstudio.engine.Trainer.Optimization;
import org.rnnstudio.model.Activation;
import org.rnnstudio.model.Connection;
import org.rnnstudio.model.Initialization;
import org.rnnstudio.model.Model;
import org.rnnstudio.model.Optimizer;
import org.rnnstudio.model.Schedule;
import org.rnnstudio.model.UnitGroup;

/**
 * Each optimiser's first step worked out by hand on the smallest model there is: one weight w = 0.5 from
 * an input x = 2 to a linear output with target 3 and squared error, so E = (wx - 3)^2 / 2 and
 * dE/dw = (wx - 3) x = -4.
 */
class OptimizerTest {

    private static double firstStep(double rate, double momentum, Optimization optimization) throws Exception {
        Model m = new Model();
        m.addGroup(new UnitGroup("x", UnitGroup.Role.INPUT, 1));
        UnitGroup y = m.addGroup(new UnitGroup("y", UnitGroup.Role.OUTPUT, 1));
        y.setActivation(Activation.LINEAR);
        y.setBias(false);
        m.addConnection(new Connection("w", "x", "y", Connection.Kind.FULL, 0));
        Plan plan = Plan.compile(m);
        Network network = new Network(plan);
        network.value(0).data[0] = 0.5;
        Sequence one = new Sequence(1, Map.of("x", new double[][] {{2}}), Map.of("y", new double[][] {{3}}));
        new Trainer(network).train(List.of(one), new Trainer.Settings(1, 1, rate, momentum, false, 1, 0, optimization),
                new Trainer.Listener() { }, () -> false);
        return network.value(0).data[0];
    }

    @Test
    void sgdStepsAgainstTheGradient() throws Exception {
        assertEquals(0.5 + 0.1 * 4, firstStep(0.1, 0, Optimization.PLAIN), 1e-15);
    }

    @Test
    void adamsFirstStepIsTheLearningRateInTheGradientsDirection() throws Exception {
        // m = 0.1 * -4, v = 0.001 * 16; bias-corrected m/(1-0.9) = -4, v/(1-0.999) = 16: step = 0.1 * 4 / (4 + 1e-8)
        assertEquals(0.5 + 0.1 * 4 / (4 + 1e-8), firstStep(0.1, 0, Optimization.PLAIN.with(Optimizer.ADAM)), 1e-12);
    }

    @Test
    void rmspropDividesByTheRunningRootMeanSquare() throws Exception {
        // s = (1 - 0.9) * 16 = 1.6: step = 0.1 * 4 / (sqrt(1.6) + 1e-8)
        assertEquals(0.5 + 0.1 * 4 / (Math.sqrt(1.6) + 1e-8), firstStep(0.1, 0, Optimization.PLAIN.with(Optimizer.RMSPROP)), 1e-12);
    }

    @Test
    void weightDecayAndClipping() throws Exception {
        Optimization decay = new Optimization(Optimizer.SGD, 0.9, 0.999, 1e-8, 0.9, 0, 0.5, Schedule.CONSTANT, 1, 1, 0, 0);
        // g = -4 + 0.5 * 0.5 = -3.75
        assertEquals(0.5 + 0.1 * 3.75, firstStep(0.1, 0, decay), 1e-15);
        Optimization clip = new Optimization(Optimizer.SGD, 0.9, 0.999, 1e-8, 0.9, 1.0, 0, Schedule.CONSTANT, 1, 1, 0, 0);
        // |g| = 4 > 1: g becomes -1
        assertEquals(0.5 + 0.1, firstStep(0.1, 0, clip), 1e-15);
    }

    @Test
    void schedules() {
        Optimization step = new Optimization(Optimizer.SGD, 0.9, 0.999, 1e-8, 0.9, 0, 0, Schedule.STEP, 10, 0.5, 0, 0);
        assertEquals(1.0, step.rateFactor(1));
        assertEquals(1.0, step.rateFactor(10));
        assertEquals(0.5, step.rateFactor(11));
        assertEquals(0.25, step.rateFactor(21));
        Optimization exponential = new Optimization(Optimizer.SGD, 0.9, 0.999, 1e-8, 0.9, 0, 0, Schedule.EXPONENTIAL, 1, 0.9, 0, 0);
        assertEquals(0.81, exponential.rateFactor(3), 1e-15);
    }

    @ParameterizedTest
    @EnumSource(Optimizer.class)
    void everyOptimiserReducesTheAddersLoss(Optimizer optimizer) throws Exception {
        Plan plan = Plan.compile(PlanTest.binaryAdder());
        Network network = new Network(plan);
        network.initialize(Initialization.SMALL_UNIFORM, 1, 3);
        List<Sequence> data = BinaryAdder.random(5, 400, 3, "input", "output");
        Trainer trainer = new Trainer(network);
        double before = trainer.evaluate(data, 400)[0];
        double rate = optimizer == Optimizer.SGD ? 0.1 : 0.05;
        trainer.train(data, new Trainer.Settings(20, 16, rate, optimizer == Optimizer.SGD ? 0.9 : 0, false, 3, 0,
                Optimization.PLAIN.with(optimizer)), new Trainer.Listener() { }, () -> false);
        double after = trainer.evaluate(data, 400)[0];
        assertTrue(after < 0.7 * before, optimizer + ": " + before + " -> " + after);
    }

    @Test
    void clippingBoundsTheStepOfAnExplodingNetwork() throws Exception {
        Model m = PlanTest.binaryAdder();
        m.group("hidden").setActivation(Activation.LINEAR);
        m.group("output").setActivation(Activation.LINEAR);
        m.group("output").setTarget(UnitGroup.Loss.SQUARED_ERROR, UnitGroup.TargetSchedule.EVERY_STEP, 1);
        Plan plan = Plan.compile(m);
        Network network = new Network(plan);
        network.initialize(Initialization.SCALED_IDENTITY, 1.5, 1);
        double[][] before = new double[plan.parameters().size()][];
        for (Plan.ParameterSet p : plan.parameters()) {
            before[p.index()] = network.value(p).data.clone();
        }
        Optimization clip = new Optimization(Optimizer.SGD, 0.9, 0.999, 1e-8, 0.9, 0.5, 0, Schedule.CONSTANT, 1, 1, 0, 0);
        new Trainer(network).train(BinaryAdder.random(12, 8, 1, "input", "output"), new Trainer.Settings(1, 8, 1.0, 0, false, 1, 0, clip),
                new Trainer.Listener() { }, () -> false);
        double moved = 0;
        for (Plan.ParameterSet p : plan.parameters()) {
            for (int i = 0; i < p.size(); i++) {
                double d = network.value(p).data[i] - before[p.index()][i];
                moved += d * d;
            }
        }
        assertEquals(0.5, Math.sqrt(moved), 1e-9, "one step of rate 1 moves the weights by exactly the clipped norm");
    }

    @Test
    void earlyStoppingKeepsTheBestValidationWeights() throws Exception {
        Plan plan = Plan.compile(PlanTest.binaryAdder());
        Network network = new Network(plan);
        network.initialize(Initialization.SMALL_UNIFORM, 1, 5);
        List<Double> validation = new ArrayList<>();
        Optimization early = new Optimization(Optimizer.SGD, 0.9, 0.999, 1e-8, 0.9, 0, 0, Schedule.CONSTANT, 1, 1, 0.25, 2);
        Trainer trainer = new Trainer(network);
        List<Sequence> data = BinaryAdder.random(3, 40, 5, "input", "output");
        // a learning rate too large to settle: the validation loss stops improving and training stops early
        Trainer.Result r = trainer.train(data, new Trainer.Settings(200, 4, 3.0, 0.9, false, 5, 0, early), new Trainer.Listener() {
            @Override
            public void validation(int epoch, double loss, double accuracy) {
                validation.add(loss);
            }
        }, () -> false);
        assertTrue(r.epochs() < 200, "stopped early after " + r.epochs());
        assertEquals(r.epochs(), validation.size());
        double best = validation.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        assertEquals(validation.get(validation.size() - 3), best, 0.0, "no improvement in the last 2 epochs");
    }

    @Test
    void anEpochIsReportedWithItsOwnValidationScore() throws Exception {
        // a listener writing one row per epoch (the CLI's and the studio's metrics) needs the epoch's validation
        // score when the epoch is reported, not the previous epoch's
        Plan plan = Plan.compile(PlanTest.binaryAdder());
        Network network = new Network(plan);
        network.initialize(Initialization.SMALL_UNIFORM, 1, 5);
        Optimization held = new Optimization(Optimizer.SGD, 0.9, 0.999, 1e-8, 0.9, 0, 0, Schedule.CONSTANT, 1, 1, 0.25, 0);
        List<String> calls = new ArrayList<>();
        new Trainer(network).train(BinaryAdder.random(3, 40, 5, "input", "output"), new Trainer.Settings(3, 4, 0.1, 0.9, false, 5, 0, held),
                new Trainer.Listener() {
                    @Override
                    public void validation(int epoch, double loss, double accuracy) {
                        calls.add("validation " + epoch);
                    }

                    @Override
                    public void epoch(int epoch, double loss, double accuracy) {
                        calls.add("epoch " + epoch);
                    }
                }, () -> false);
        assertEquals(List.of("validation 1", "epoch 1", "validation 2", "epoch 2", "validation 3", "epoch 3"), calls);
    }
}
