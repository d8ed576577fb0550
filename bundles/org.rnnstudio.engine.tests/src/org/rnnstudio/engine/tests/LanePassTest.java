package org.rnnstudio.engine.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rnnstudio.engine.Batch;
import org.rnnstudio.engine.BinaryAdder;
import org.rnnstudio.engine.GradientCheck;
import org.rnnstudio.engine.LanePass;
import org.rnnstudio.engine.Network;
import org.rnnstudio.engine.Pass;
import org.rnnstudio.engine.Plan;
import org.rnnstudio.engine.Sequence;
import org.rnnstudio.engine.Trainer;
import org.rnnstudio.model.Activation;
import org.rnnstudio.model.Cell;
import org.rnnstudio.model.Connection;
import org.rnnstudio.model.Initialization;
import org.rnnstudio.model.Model;
import org.rnnstudio.model.UnitGroup;

/**
 * The tiny networks' pass on the batch's lanes against the generic {@link Pass}: the same loss, right answers,
 * gradients and dE/dy to 1e-12, on the binary adder and on small randomly wired networks of every kind it
 * takes (delays up to 3, zero-delay chains, fixed and learned initial states, frozen weights, both losses on
 * every target schedule, sequences of unequal length, truncation), at batch sizes 1, 3, 19 and 64 (one lane,
 * fewer lanes than a vector, vectors one at a time and a tail, vectors four at a time); and the plans it must
 * leave to the generic pass.
 */
class LanePassTest {

    private static final double TOLERANCE = 1e-12;

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 19, 64})
    void theBinaryAdderAsTheGenericPass(int size) throws Exception {
        Plan plan = Plan.compile(PlanTest.binaryAdder());
        assertTrue(LanePass.takes(plan));
        Network network = network(plan, 1);
        List<Sequence> data = BinaryAdder.random(5, size, 7, "input", "output");
        Batch batch = new Batch(plan, size, data.get(0).length());
        batch.fill(plan, data);
        assertSameNumbers(plan, network, batch, 0);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 19, 64})
    void randomlyWiredTinyNetworks(int size) throws Exception {
        for (long seed = 1; seed <= 12; seed++) {
            Model model = randomModel(new Random(seed));
            Plan plan = Plan.compile(model);
            assertTrue(LanePass.takes(plan), "model " + seed);
            Network network = network(plan, seed);
            Batch batch = GradientCheck.randomBatch(plan, size, 7, seed);
            assertSameNumbers(plan, network, batch, 0);
            assertSameNumbers(plan, network, batch, 3);
        }
    }

    /** Finite differences of the lanes' own loss agree with their gradient (the check every engine operation has). */
    @Test
    void gradientCheck() throws Exception {
        Plan plan = Plan.compile(randomModel(new Random(5)));
        Network network = network(plan, 5);
        Batch batch = GradientCheck.randomBatch(plan, 3, 6, 9);
        LanePass pass = new LanePass(plan, 3, 6);
        DMatrixRMaj[] analytic = network.zerosLike();
        pass.forward(network, batch);
        pass.backward(network, batch, analytic, 0);
        double h = 1e-5;
        int checked = 0;
        for (Plan.ParameterSet p : plan.parameters()) {
            if (!p.trainable()) {
                continue;
            }
            double[] w = network.value(p).data;
            for (int i = 0; i < w.length; i++) {
                double keep = w[i];
                w[i] = keep + h;
                double plus = pass.forward(network, batch) / 3;
                w[i] = keep - h;
                double minus = pass.forward(network, batch) / 3;
                w[i] = keep;
                double numeric = (plus - minus) / (2 * h);
                double a = analytic[p.index()].data[i];
                assertEquals(numeric, a, 1e-6 * Math.max(1, Math.abs(numeric)), p.name() + "[" + i + "]");
                checked++;
            }
        }
        assertTrue(checked > 20);
    }

    /** A training step through the trainer (which takes the lanes for the adder) is the generic gradient's SGD step. */
    @Test
    void theTrainerStepsOnTheLanes() throws Exception {
        Plan plan = Plan.compile(PlanTest.binaryAdder());
        Network network = network(plan, 3);
        Network reference = network(plan, 3);
        List<Sequence> data = BinaryAdder.random(5, 16, 11, "input", "output");
        double rate = 0.5;
        new Trainer(network).train(data, new Trainer.Settings(1, data.size(), rate, 0, false, 1, 0), new Trainer.Listener() {
        }, () -> false);
        Batch batch = new Batch(plan, data.size(), data.get(0).length());
        batch.fill(plan, data);
        Pass pass = new Pass(plan, data.size(), batch.steps());
        DMatrixRMaj[] gradients = reference.zerosLike();
        pass.forward(reference, batch);
        pass.backward(reference, batch, gradients, 0);
        for (Plan.ParameterSet p : plan.parameters()) {
            DMatrixRMaj expected = reference.value(p).copy();
            CommonOps_DDRM.addEquals(expected, -rate, gradients[p.index()]);
            assertTrue(CommonOps_DDRM.elementMaxAbs(gradients[p.index()]) > 0, p.name());
            assertClose(expected, network.value(p), p.name());
        }
    }

    @Test
    void plansItLeavesToTheGenericPass() throws Exception {
        List<Model> refused = new ArrayList<>();
        Model softmax = randomModel(new Random(1));
        UnitGroup out = softmax.groups().stream().filter(UnitGroup::isOutput).findFirst().orElseThrow();
        out.setActivation(Activation.SOFTMAX);
        out.setTarget(UnitGroup.Loss.CROSS_ENTROPY, UnitGroup.TargetSchedule.EVERY_STEP, 1);
        refused.add(softmax);
        Model product = randomModel(new Random(2));
        product.groups().stream().filter(g -> g.id().equals("h0")).findFirst().orElseThrow().setCombine(UnitGroup.Combine.PRODUCT);
        refused.add(product);
        Model wide = randomModel(new Random(3));
        UnitGroup wideGroup = wide.groups().stream().filter(g -> g.id().equals("h0")).findFirst().orElseThrow();
        wideGroup.setInitialState(UnitGroup.InitialStateKind.ZERO, null);
        wideGroup.setSize(LanePass.MAX_UNITS + 1);
        refused.add(wide);
        Model relu = randomModel(new Random(4));
        relu.groups().stream().filter(g -> g.id().equals("h0")).findFirst().orElseThrow().setActivation(Activation.RELU);
        refused.add(relu);
        Model oneToOne = randomModel(new Random(5));
        oneToOne.addConnection(new Connection("diagonal", "h0", "h0", Connection.Kind.ONE_TO_ONE, 2));
        refused.add(oneToOne);
        Model reversed = randomModel(new Random(6));
        UnitGroup backward = reversed.addGroup(new UnitGroup("backward", UnitGroup.Role.HIDDEN, 2));
        backward.setActivation(Activation.TANH);
        reversed.addConnection(new Connection("in-backward", "in0", "backward", Connection.Kind.FULL, 0));
        Connection future = new Connection("backward-backward", "backward", "backward", Connection.Kind.FULL, 1);
        future.setReverse(true);
        reversed.addConnection(future);
        reversed.addConnection(new Connection("backward-out", "backward", "out0", Connection.Kind.FULL, 0));
        refused.add(reversed);
        Model firstStep = randomModel(new Random(7));
        firstStep.groups().stream().filter(g -> g.id().equals("in0")).findFirst().orElseThrow().setInputSchedule(UnitGroup.InputSchedule.FIRST_STEP);
        refused.add(firstStep);
        Model lstm = new Model();
        lstm.addGroup(new UnitGroup("x", UnitGroup.Role.INPUT, 2));
        lstm.cells().add(new Cell("c", Cell.Kind.LSTM, 3));
        UnitGroup y = lstm.addGroup(new UnitGroup("y", UnitGroup.Role.OUTPUT, 1));
        y.setActivation(Activation.LOGISTIC);
        y.setTarget(UnitGroup.Loss.LOGISTIC_CROSS_ENTROPY, UnitGroup.TargetSchedule.EVERY_STEP, 1);
        lstm.addConnection(new Connection("x-c", "x", "c", Connection.Kind.FULL, 0));
        lstm.addConnection(new Connection("c-y", "c", "y", Connection.Kind.FULL, 0));
        refused.add(lstm);
        for (Model m : refused) {
            Plan plan = Plan.compile(m);
            assertFalse(LanePass.takes(plan), m.groups().toString());
            assertThrows(IllegalArgumentException.class, () -> new LanePass(plan, 2, 3));
        }
    }

    /**
     * Inputs in0 (and in1) feed a chain of 1 to 3 hidden groups, each reading itself 1 to 3 steps back and
     * the one before it at the same step; outputs read the last hidden group now or a step back, and the first
     * output is fed back into the first hidden group. Activations, losses, schedules, targets on some units
     * only, biases (some fixed), initial states, weights shared by an input's two delays and one frozen
     * connection are drawn at random.
     */
    static Model randomModel(Random random) {
        Activation[] activations = {Activation.LOGISTIC, Activation.TANH, Activation.LINEAR};
        Model m = new Model();
        int inputs = 1 + random.nextInt(2);
        for (int i = 0; i < inputs; i++) {
            m.addGroup(new UnitGroup("in" + i, UnitGroup.Role.INPUT, 1 + random.nextInt(4)));
        }
        int hidden = 1 + random.nextInt(3);
        for (int h = 0; h < hidden; h++) {
            UnitGroup g = m.addGroup(new UnitGroup("h" + h, UnitGroup.Role.HIDDEN, 1 + random.nextInt(5)));
            g.setActivation(activations[random.nextInt(3)]);
            g.setBias(random.nextBoolean());
            g.setFixedBias(g.bias() && random.nextInt(3) == 0);
            switch (random.nextInt(3)) {
            case 0:
                g.setInitialState(UnitGroup.InitialStateKind.LEARNED, null);
                break;
            case 1:
                double[] values = new double[g.size()];
                for (int u = 0; u < values.length; u++) {
                    values[u] = random.nextGaussian();
                }
                g.setInitialState(UnitGroup.InitialStateKind.FIXED, values);
                break;
            default:
                g.setInitialState(UnitGroup.InitialStateKind.ZERO, null);
            }
            m.addConnection(new Connection("h" + h + "-self", "h" + h, "h" + h, Connection.Kind.FULL, 1 + random.nextInt(3)));
            if (h > 0) {
                m.addConnection(new Connection("h" + (h - 1) + "-h" + h, "h" + (h - 1), "h" + h, Connection.Kind.FULL, 0));
            }
        }
        for (int i = 0; i < inputs; i++) {
            m.addConnection(new Connection("in" + i + "-h0", "in" + i, "h0", Connection.Kind.FULL, random.nextInt(3)));
        }
        if (random.nextBoolean()) {
            Connection now = m.connections().get(m.connections().size() - 1);
            Connection later = new Connection(now.id() + "-later", now.from(), now.to(), Connection.Kind.FULL, now.delay() + 1);
            now.setSharedWeights("input weights");
            later.setSharedWeights("input weights");
            m.addConnection(later);
        }
        int outputs = 1 + random.nextInt(2);
        UnitGroup.TargetSchedule[] schedules = UnitGroup.TargetSchedule.values();
        for (int o = 0; o < outputs; o++) {
            UnitGroup g = m.addGroup(new UnitGroup("out" + o, UnitGroup.Role.OUTPUT, 1 + random.nextInt(3)));
            boolean crossEntropy = random.nextBoolean();
            g.setActivation(crossEntropy ? Activation.LOGISTIC : activations[random.nextInt(3)]);
            g.setTarget(crossEntropy ? UnitGroup.Loss.LOGISTIC_CROSS_ENTROPY : UnitGroup.Loss.SQUARED_ERROR, schedules[random.nextInt(schedules.length)],
                    2);
            if (g.size() > 1 && random.nextBoolean()) {
                g.setUnits(new int[] {g.size() - 1});
            }
            m.addConnection(new Connection("h" + (hidden - 1) + "-out" + o, "h" + (hidden - 1), "out" + o, Connection.Kind.FULL, random.nextInt(2)));
        }
        Connection feedback = new Connection("out0-h0", "out0", "h0", Connection.Kind.FULL, 1 + random.nextInt(2));
        feedback.setTrainable(random.nextBoolean());
        m.addConnection(feedback);
        return m;
    }

    private static Network network(Plan plan, long seed) {
        Network network = new Network(plan);
        network.initialize(Initialization.SMALL_UNIFORM, 1.0, seed);
        Random random = new Random(seed);
        for (Plan.ParameterSet p : plan.parameters()) {
            for (int i = 0; i < p.size(); i++) {
                network.value(p).data[i] += random.nextGaussian() * 0.5;
            }
        }
        return network;
    }

    private static void assertSameNumbers(Plan plan, Network network, Batch batch, int truncation) {
        int size = batch.size();
        int steps = batch.steps();
        Pass generic = new Pass(plan, size, steps);
        LanePass lanes = new LanePass(plan, size, steps);
        double expected = generic.forward(network, batch);
        double loss = lanes.forward(network, batch);
        assertTrue(expected > 0);
        assertEquals(expected, loss, TOLERANCE * expected);
        assertEquals(generic.correctCount(), lanes.correctCount());
        DMatrixRMaj[] expectedGradients = network.zerosLike();
        DMatrixRMaj[] gradients = network.zerosLike();
        generic.backward(network, batch, expectedGradients, truncation);
        lanes.backward(network, batch, gradients, truncation);
        for (Plan.ParameterSet p : plan.parameters()) {
            assertClose(expectedGradients[p.index()], gradients[p.index()], p.name() + ", truncation " + truncation);
        }
        for (int g = 0; g < plan.groups().size(); g++) {
            for (int t = 0; t < steps; t++) {
                assertClose(generic.outputGradient(g, t), lanes.outputGradient(g, t), "dE/dy of " + plan.groups().get(g).id() + " at step " + t);
            }
            if (!plan.groups().get(g).isInput()) {
                double[] norms = lanes.gradientNorms(g);
                double[] expectedNorms = generic.gradientNorms(g);
                for (int t = 0; t < steps; t++) {
                    assertEquals(expectedNorms[t], norms[t], TOLERANCE * Math.max(1, expectedNorms[t]));
                }
            }
        }
    }

    /** Equal to 1e-12 of the largest entry of the reference (both null for an input group's dE/dy). */
    private static void assertClose(DMatrixRMaj expected, DMatrixRMaj actual, String what) {
        assertEquals(expected == null, actual == null, what);
        if (expected == null) {
            return;
        }
        double scale = Math.max(CommonOps_DDRM.elementMaxAbs(expected), Double.MIN_NORMAL);
        for (int i = 0; i < expected.data.length; i++) {
            assertEquals(expected.data[i], actual.data[i], TOLERANCE * scale, what + ", entry " + i);
        }
    }
}
