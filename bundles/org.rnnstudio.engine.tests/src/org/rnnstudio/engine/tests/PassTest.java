package org.rnnstudio.engine.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.Random;

import javax.management.ObjectName;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
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
 * What the pass promises beyond its gradients: the directional derivative of every output, honest accuracy,
 * and a time loop that allocates nothing.
 */
class PassTest {

    /** in(3) -> hidden(4, tanh, recurrent) -> out(5) with the given output activation and loss, targets at every step. */
    private static Model model(Activation output, UnitGroup.Loss loss) {
        Model m = new Model();
        m.addGroup(new UnitGroup("in", UnitGroup.Role.INPUT, 3));
        m.addGroup(new UnitGroup("hidden", UnitGroup.Role.HIDDEN, 4)).setActivation(Activation.TANH);
        UnitGroup out = m.addGroup(new UnitGroup("out", UnitGroup.Role.OUTPUT, 5));
        out.setActivation(output);
        out.setTarget(loss, UnitGroup.TargetSchedule.EVERY_STEP, 1);
        m.addConnection(new Connection("in-hidden", "in", "hidden", Connection.Kind.FULL, 0));
        m.addConnection(new Connection("recurrent", "hidden", "hidden", Connection.Kind.FULL, 1));
        m.addConnection(new Connection("hidden-out", "hidden", "out", Connection.Kind.FULL, 0));
        return m;
    }

    /**
     * Every construct at once: product units, one-to-one and scaled identity connections, delays 1 and 2,
     * shared weights, a learned initial state, an LSTM cell (its gates), a frozen connection, a softmax output,
     * and a reversed GRU cell reading the hidden group's future (a pass in phases over reversed time).
     */
    private static Model everyConstruct() {
        Model m = model(Activation.SOFTMAX, UnitGroup.Loss.CROSS_ENTROPY);
        m.group("hidden").setInitialState(UnitGroup.InitialStateKind.LEARNED, null);
        m.connection("recurrent").setDelay(2);
        m.addGroup(new UnitGroup("gate", UnitGroup.Role.HIDDEN, 4));
        UnitGroup product = m.addGroup(new UnitGroup("product", UnitGroup.Role.HIDDEN, 4));
        product.setCombine(UnitGroup.Combine.PRODUCT);
        product.setActivation(Activation.LINEAR);
        m.addConnection(new Connection("in-gate", "in", "gate", Connection.Kind.FULL, 1)).setSharedWeights("w");
        m.connection("in-hidden").setSharedWeights("w");
        m.addConnection(new Connection("gate-product", "gate", "product", Connection.Kind.IDENTITY, 0)).setScale(-0.5);
        m.addConnection(new Connection("hidden-product", "hidden", "product", Connection.Kind.ONE_TO_ONE, 1));
        Cell cell = new Cell("cell", Cell.Kind.LSTM, 3);
        cell.setPeepholes(true);
        m.cells().add(cell);
        m.addConnection(new Connection("product-cell", "product", "cell", Connection.Kind.FULL, 0));
        m.addConnection(new Connection("cell-out", "cell", "out", Connection.Kind.FULL, 0)).setTrainable(false);
        Cell back = new Cell("back", Cell.Kind.GRU, 2);
        back.setReverse(true);
        m.cells().add(back);
        m.addConnection(new Connection("hidden-back", "hidden", "back", Connection.Kind.FULL, 1)).setReverse(true);
        m.addConnection(new Connection("back-out", "back", "out", Connection.Kind.FULL, 0));
        return m;
    }

    private static double[][][] outputs(Pass pass, Plan plan) {
        double[][][] all = new double[plan.groups().size()][pass.steps()][];
        for (int g = 0; g < all.length; g++) {
            for (int t = 0; t < pass.steps(); t++) {
                all[g][t] = pass.output(g, t).data.clone();
            }
        }
        return all;
    }

    /** R(y) of every group at every step against central differences of the forward pass along the same direction. */
    @Test
    void theDirectionalDerivativeOfEveryOutputAgreesWithFiniteDifferences() throws Exception {
        Plan plan = Plan.compile(everyConstruct());
        Network network = new Network(plan);
        network.initialize(Initialization.GLOROT, 1, 7);
        Random random = new Random(8);
        DMatrixRMaj[] direction = network.zerosLike();
        for (Plan.ParameterSet p : plan.parameters()) {
            for (int i = 0; i < p.size(); i++) {
                network.value(p).data[i] += 0.3 * random.nextGaussian();
                direction[p.index()].data[i] = random.nextGaussian();
            }
        }
        int steps = 6;
        Batch data = GradientCheck.randomBatch(plan, 3, steps, 9);
        Pass pass = new Pass(plan, 3, steps);
        double h = 1e-5;
        double[][][][] moved = new double[2][][][];
        for (int side = 0; side < 2; side++) {
            double step = side == 0 ? h : -h;
            for (Plan.ParameterSet p : plan.parameters()) {
                for (int i = 0; i < p.size(); i++) {
                    network.value(p).data[i] += step * direction[p.index()].data[i];
                }
            }
            pass.forward(network, data);
            moved[side] = outputs(pass, plan);
            for (Plan.ParameterSet p : plan.parameters()) {
                for (int i = 0; i < p.size(); i++) {
                    network.value(p).data[i] -= step * direction[p.index()].data[i];
                }
            }
        }
        pass.forward(network, data);
        pass.directional(network, data, direction);
        double difference = 0;
        double largest = 0;
        for (int g = 0; g < plan.groups().size(); g++) {
            for (int t = 0; t < steps; t++) {
                double[] r = pass.outputDirectional(g, t).data;
                for (int i = 0; i < r.length; i++) {
                    double numeric = (moved[0][g][t][i] - moved[1][g][t][i]) / (2 * h);
                    difference = Math.max(difference, Math.abs(numeric - r[i]));
                    largest = Math.max(largest, Math.abs(numeric));
                }
            }
        }
        assertTrue(largest > 0.1, "the direction moves the outputs");
        assertTrue(difference / largest < 1e-6, "relative error " + difference / largest);
    }

    /** A NaN weight makes every output NaN; not one of those outputs may count as right (they all did). CTC's reading: CtcModelTest. */
    @ParameterizedTest
    @EnumSource(value = UnitGroup.Loss.class, mode = EnumSource.Mode.EXCLUDE, names = "CTC")
    void aNaNOutputIsNeverRight(UnitGroup.Loss loss) throws Exception {
        Activation activation = switch (loss) {
        case CROSS_ENTROPY -> Activation.SOFTMAX;
        case LOGISTIC_CROSS_ENTROPY -> Activation.LOGISTIC;
        case SQUARED_ERROR -> Activation.LINEAR;
        case CTC -> throw new IllegalArgumentException("not a per-step loss");
        };
        Plan plan = Plan.compile(model(activation, loss));
        Network network = new Network(plan);
        network.initialize(Initialization.GLOROT, 1, 2);
        int batch = 16;
        int steps = 4;
        Batch data = GradientCheck.randomBatch(plan, batch, steps, 3);
        int out = plan.groupIndex("out");
        Pass pass = new Pass(plan, batch, steps);
        pass.forward(network, data);
        // the targets are the sound network's answers, so that it is right every time
        for (int t = 0; t < steps; t++) {
            double[] y = pass.output(out, t).data;
            double[] target = data.target(out, t).data;
            for (int b = 0; b < batch; b++) {
                int best = 0;
                for (int j = 0; j < 5; j++) {
                    best = y[b * 5 + j] > y[b * 5 + best] ? j : best;
                }
                for (int j = 0; j < 5; j++) {
                    int i = b * 5 + j;
                    target[i] = switch (loss) {
                    case CROSS_ENTROPY -> j == best ? 1 : 0;
                    case LOGISTIC_CROSS_ENTROPY -> Math.round(y[i]);
                    case SQUARED_ERROR -> y[i];
                    case CTC -> throw new IllegalArgumentException("not a per-step loss");
                    };
                }
            }
        }
        pass.forward(network, data);
        assertEquals(batch, pass.correctCount());
        network.value(plan.parameters().stream().filter(p -> p.name().equals("connection:in-hidden")).findFirst().orElseThrow()).data[0] = Double.NaN;
        pass.forward(network, data);
        for (double y : pass.output(out, 0).data) {
            assertTrue(Double.isNaN(y));
        }
        assertEquals(0, pass.correctCount());
    }

    /** Allocation of this thread, in bytes, as the JVM counts it (the call allocates too: see fewestBytes). */
    private static long allocatedBytes() throws Exception {
        return (Long) ManagementFactory.getPlatformMBeanServer().getAttribute(new ObjectName("java.lang:type=Threading"),
                "CurrentThreadAllocatedBytes");
    }

    /** The fewest bytes the work allocated in three runs, less what counting costs: robust to a one-off allocation of the JVM's. */
    private static long fewestBytes(Runnable work) throws Exception {
        long counting = Long.MAX_VALUE;
        long fewest = Long.MAX_VALUE;
        for (int run = 0; run < 3; run++) {
            long start = allocatedBytes();
            counting = Math.min(counting, allocatedBytes() - start);
            long before = allocatedBytes();
            work.run();
            fewest = Math.min(fewest, allocatedBytes() - before);
        }
        return fewest - counting;
    }

    /**
     * Forward and backward over 2,000 steps allocate (almost) nothing: certainly not something per step (they did:
     * unitsOrAll). CTC is left out: its forward-backward recursion over a sequence's labels has tables of its own.
     */
    @ParameterizedTest
    @EnumSource(value = UnitGroup.Loss.class, mode = EnumSource.Mode.EXCLUDE, names = "CTC")
    void theTimeLoopAllocatesNothing(UnitGroup.Loss loss) throws Exception {
        Activation activation = loss == UnitGroup.Loss.CROSS_ENTROPY ? Activation.SOFTMAX : Activation.LOGISTIC;
        Plan plan = Plan.compile(model(activation, loss));
        Network network = new Network(plan);
        network.initialize(Initialization.GLOROT, 1, 2);
        int steps = 2000;
        Batch data = GradientCheck.randomBatch(plan, 2, steps, 3);
        Pass pass = new Pass(plan, 2, steps);
        DMatrixRMaj[] gradients = network.zerosLike();
        long allocated = fewestBytes(() -> {
            pass.forward(network, data);
            pass.backward(network, data, gradients, 0);
        });
        assertTrue(allocated < steps, allocated + " bytes allocated in " + steps + " steps");
    }
}
