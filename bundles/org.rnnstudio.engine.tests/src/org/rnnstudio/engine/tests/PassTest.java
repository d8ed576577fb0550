package org.rnnstudio.engine.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;

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
import org.rnnstudio.model.Connection;
import org.rnnstudio.model.Model;
import org.rnnstudio.model.UnitGroup;

/** What the pass promises beyond its gradients: honest accuracy, and a time loop that allocates nothing. */
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

    /** A NaN weight makes every output NaN; not one of those outputs may count as right (they all did). */
    @ParameterizedTest
    @EnumSource(value = UnitGroup.Loss.class)
    void aNaNOutputIsNeverRight(UnitGroup.Loss loss) throws Exception {
        Activation activation = switch (loss) {
        case CROSS_ENTROPY -> Activation.SOFTMAX;
        case LOGISTIC_CROSS_ENTROPY -> Activation.LOGISTIC;
        case SQUARED_ERROR -> Activation.LINEAR;
        };
        Plan plan = Plan.compile(model(activation, loss));
        Network network = new Network(plan);
        network.initialize(Network.Initialization.GLOROT, 1, 2);
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

    /** Allocation of this thread, in bytes, as the JVM counts it. */
    private static long allocatedBytes() throws Exception {
        return (Long) ManagementFactory.getPlatformMBeanServer().getAttribute(new ObjectName("java.lang:type=Threading"),
                "CurrentThreadAllocatedBytes");
    }

    /** Forward and backward over 2,000 steps allocate (almost) nothing: certainly not something per step. */
    @ParameterizedTest
    @EnumSource(value = UnitGroup.Loss.class)
    void theTimeLoopAllocatesNothing(UnitGroup.Loss loss) throws Exception {
        Activation activation = loss == UnitGroup.Loss.CROSS_ENTROPY ? Activation.SOFTMAX : Activation.LOGISTIC;
        Plan plan = Plan.compile(model(activation, loss));
        Network network = new Network(plan);
        network.initialize(Network.Initialization.GLOROT, 1, 2);
        int steps = 2000;
        Batch data = GradientCheck.randomBatch(plan, 2, steps, 3);
        Pass pass = new Pass(plan, 2, steps);
        DMatrixRMaj[] gradients = network.zerosLike();
        pass.forward(network, data);
        pass.backward(network, data, gradients, 0);
        long measuring = allocatedBytes();
        long overhead = allocatedBytes() - measuring;
        long before = allocatedBytes();
        pass.forward(network, data);
        pass.backward(network, data, gradients, 0);
        long allocated = allocatedBytes() - before - overhead;
        assertTrue(allocated < steps, allocated + " bytes allocated in " + steps + " steps");
    }
}
