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
import org.rnnstudio.model.Connection;
import org.rnnstudio.model.Initialization;
import org.rnnstudio.model.Model;
import org.rnnstudio.model.UnitGroup;

/**
 * Truncated BPTT with chunks of k steps computes the exact gradient of a different function: the sum of the
 * chunks' losses, each chunk starting from the state the full forward pass reached, held fixed. This test
 * builds that function independently (one model per chunk whose initial state is that fixed state) and
 * compares its central differences with the engine's truncated gradient.
 */
class TruncatedBackpropTest {

    private static final int STEPS = 7;
    private static final int CHUNK = 3;

    private static Model model(double[] initialHidden) {
        Model m = new Model();
        m.addGroup(new UnitGroup("in", UnitGroup.Role.INPUT, 3));
        UnitGroup hidden = m.addGroup(new UnitGroup("hidden", UnitGroup.Role.HIDDEN, 4));
        hidden.setActivation(Activation.TANH);
        if (initialHidden != null) {
            hidden.setInitialState(UnitGroup.InitialStateKind.FIXED, initialHidden);
        }
        UnitGroup out = m.addGroup(new UnitGroup("out", UnitGroup.Role.OUTPUT, 2));
        out.setActivation(Activation.LINEAR);
        m.addConnection(new Connection("in-hidden", "in", "hidden", Connection.Kind.FULL, 0));
        m.addConnection(new Connection("recurrent", "hidden", "hidden", Connection.Kind.FULL, 1));
        m.addConnection(new Connection("hidden-out", "hidden", "out", Connection.Kind.FULL, 0));
        return m;
    }

    @Test
    void truncatedGradientIsTheGradientOfChunksWithFixedStartingStates() throws Exception {
        Plan plan = Plan.compile(model(null));
        Network network = new Network(plan);
        network.initialize(Initialization.GLOROT, 1, 21);
        Batch data = GradientCheck.randomBatch(plan, 1, STEPS, 22);
        Pass pass = new Pass(plan, 1, STEPS);
        pass.forward(network, data);
        DMatrixRMaj[] truncated = network.zerosLike();
        pass.backward(network, data, truncated, CHUNK);

        int hidden = plan.groupIndex("hidden");
        int chunks = (STEPS + CHUNK - 1) / CHUNK;
        Network[] chunkNetworks = new Network[chunks];
        Batch[] chunkData = new Batch[chunks];
        Pass[] chunkPasses = new Pass[chunks];
        for (int c = 0; c < chunks; c++) {
            int start = c * CHUNK;
            int length = Math.min(CHUNK, STEPS - start);
            double[] state = start == 0 ? null : pass.output(hidden, start - 1).data.clone();
            Plan chunkPlan = Plan.compile(model(state == null ? new double[4] : state));
            chunkNetworks[c] = new Network(chunkPlan);
            chunkData[c] = new Batch(chunkPlan, 1, length);
            chunkPasses[c] = new Pass(chunkPlan, 1, length);
            for (int t = 0; t < length; t++) {
                chunkData[c].input(chunkPlan.groupIndex("in"), t).setTo(data.input(plan.groupIndex("in"), start + t));
                chunkData[c].target(chunkPlan.groupIndex("out"), t).setTo(data.target(plan.groupIndex("out"), start + t));
            }
        }

        double h = 1e-6;
        for (Plan.ParameterSet p : plan.parameters()) {
            double[] w = network.value(p).data;
            for (int i = 0; i < w.length; i++) {
                double keep = w[i];
                w[i] = keep + h;
                double plus = chunkLosses(network, chunkNetworks, chunkData, chunkPasses);
                w[i] = keep - h;
                double minus = chunkLosses(network, chunkNetworks, chunkData, chunkPasses);
                w[i] = keep;
                assertEquals((plus - minus) / (2 * h), truncated[p.index()].data[i], 1e-7, p.name() + "[" + i + "]");
            }
        }
    }

    private static double chunkLosses(Network network, Network[] chunkNetworks, Batch[] data, Pass[] passes) {
        double sum = 0;
        for (int c = 0; c < chunkNetworks.length; c++) {
            for (Plan.ParameterSet p : network.plan().parameters()) {
                chunkNetworks[c].value(p.index()).setTo(network.value(p));
            }
            sum += passes[c].forward(chunkNetworks[c], data[c]);
        }
        return sum;
    }
}
