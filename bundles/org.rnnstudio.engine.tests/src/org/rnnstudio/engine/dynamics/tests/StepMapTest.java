package org.rnnstudio.engine.dynamics.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.rnnstudio.engine.Batch;
import org.rnnstudio.engine.Network;
import org.rnnstudio.engine.Pass;
import org.rnnstudio.engine.Plan;
import org.rnnstudio.engine.dynamics.DynamicsException;
import org.rnnstudio.engine.dynamics.StepMap;
import org.rnnstudio.model.Activation;
import org.rnnstudio.model.Initialization;
import org.rnnstudio.model.Cell;
import org.rnnstudio.model.Connection;
import org.rnnstudio.model.Initialization;
import org.rnnstudio.model.Model;
import org.rnnstudio.model.UnitGroup;

/** The one-step map agrees with the engine's pass, and its Jacobian with central finite differences. */
class StepMapTest {

    /**
     * Every kind the map handles: sum and product groups, full, one-to-one and identity (scaled) wires,
     * delay 0 and 1, inputs read now and one step back, logistic, tanh, linear, softmax, and an LSTM cell.
     */
    static Model everyKind() {
        Model m = new Model();
        m.setName("every kind");
        m.addGroup(new UnitGroup("x", UnitGroup.Role.INPUT, 2));
        UnitGroup h = m.addGroup(new UnitGroup("h", UnitGroup.Role.HIDDEN, 4));
        h.setActivation(Activation.TANH);
        UnitGroup gate = m.addGroup(new UnitGroup("gate", UnitGroup.Role.HIDDEN, 4));
        gate.setActivation(Activation.LOGISTIC);
        UnitGroup p = m.addGroup(new UnitGroup("p", UnitGroup.Role.HIDDEN, 4));
        p.setActivation(Activation.LINEAR);
        p.setCombine(UnitGroup.Combine.PRODUCT);
        p.setBias(false);
        UnitGroup soft = m.addGroup(new UnitGroup("soft", UnitGroup.Role.HIDDEN, 3));
        soft.setActivation(Activation.SOFTMAX);
        m.cells().add(new Cell("lstm", Cell.Kind.LSTM, 3));
        UnitGroup out = m.addGroup(new UnitGroup("out", UnitGroup.Role.OUTPUT, 1));
        out.setActivation(Activation.LINEAR);
        m.addConnection(new Connection("x-h", "x", "h", Connection.Kind.FULL, 0));
        m.addConnection(new Connection("h-h", "h", "h", Connection.Kind.FULL, 1));
        m.addConnection(new Connection("x-gate", "x", "gate", Connection.Kind.FULL, 1));
        m.addConnection(new Connection("p-gate", "p", "gate", Connection.Kind.FULL, 1));
        Connection scaled = m.addConnection(new Connection("h-p", "h", "p", Connection.Kind.IDENTITY, 0));
        scaled.setScale(0.7);
        m.addConnection(new Connection("gate-p", "gate", "p", Connection.Kind.ONE_TO_ONE, 0));
        m.addConnection(new Connection("p-soft", "p", "soft", Connection.Kind.FULL, 1));
        m.addConnection(new Connection("soft-h", "soft", "h", Connection.Kind.FULL, 1));
        m.addConnection(new Connection("x-lstm", "x", "lstm", Connection.Kind.FULL, 0));
        m.addConnection(new Connection("soft-lstm", "soft", "lstm", Connection.Kind.FULL, 0));
        m.addConnection(new Connection("lstm-out", "lstm", "out", Connection.Kind.FULL, 0));
        m.addConnection(new Connection("p-out", "p", "out", Connection.Kind.FULL, 0));
        return m;
    }

    private static Network randomNetwork(Model model, long seed) throws Exception {
        Network network = new Network(Plan.compile(model));
        network.initialize(Initialization.GLOROT, 1, seed);
        Random random = new Random(seed);
        for (Plan.ParameterSet p : network.plan().parameters()) {
            for (int i = 0; i < p.size(); i++) {
                network.value(p).data[i] += 0.3 * random.nextGaussian();
            }
        }
        return network;
    }

    @Test
    void theStateIsWhatDelayedConnectionsRead() throws Exception {
        StepMap map = StepMap.of(randomNetwork(everyKind(), 1));
        // h, p, soft and the cell's delayed parts; not x (the drive), nor gate (read at delay 0 only)
        assertEquals(-1, map.unitIndex("x.0"));
        assertEquals(-1, map.unitIndex("gate.0"));
        assertTrue(map.unitIndex("h.3") >= 0);
        assertTrue(map.unitIndex("p.0") >= 0);
        assertTrue(map.unitIndex("soft.2") >= 0);
        assertTrue(map.dimension() > 4 + 4 + 3, "the LSTM cell adds its output and its memory: " + map.dimension());
    }

    /** Running the map T steps from the initial state gives the engine's own outputs, step by step. */
    @Test
    void agreesWithTheEnginesPass() throws Exception {
        Network network = randomNetwork(everyKind(), 2);
        Plan plan = network.plan();
        StepMap map = StepMap.of(network);
        int steps = 6;
        Batch batch = new Batch(plan, 1, steps);
        Random random = new Random(3);
        double[][] x = new double[steps][2];
        int xg = plan.groupIndex("x");
        for (int t = 0; t < steps; t++) {
            for (int i = 0; i < 2; i++) {
                x[t][i] = random.nextGaussian();
                batch.input(xg, t).data[i] = x[t][i];
            }
        }
        Pass pass = new Pass(plan, 1, steps);
        pass.forward(network, batch);
        double[] h = map.initialState();
        double[] none = new double[2];
        for (int t = 0; t < steps; t++) {
            double[][] y = map.outputs(h, x[t], t == 0 ? none : x[t - 1]);
            for (int g = 0; g < plan.groups().size(); g++) {
                double[] engine = pass.output(g, t).data;
                for (int u = 0; u < engine.length; u++) {
                    assertEquals(engine[u], y[g][u], 1e-12, plan.groups().get(g).id() + "." + u + " at step " + t);
                }
            }
            double[] next = new double[map.dimension()];
            map.step(h, x[t], t == 0 ? none : x[t - 1], next);
            h = next;
        }
    }

    @Test
    void jacobianAgreesWithCentralDifferences() throws Exception {
        for (long seed = 1; seed <= 3; seed++) {
            StepMap map = StepMap.of(randomNetwork(everyKind(), seed));
            Random random = new Random(seed);
            double[] h = new double[map.dimension()];
            for (int i = 0; i < h.length; i++) {
                h[i] = 0.8 * random.nextGaussian();
            }
            double[] x = {random.nextGaussian(), random.nextGaussian()};
            DMatrixRMaj j = map.jacobian(h, x);
            double eps = 1e-6;
            double worst = 0;
            for (int c = 0; c < h.length; c++) {
                double[] up = h.clone();
                double[] down = h.clone();
                up[c] += eps;
                down[c] -= eps;
                double[] fUp = new double[h.length];
                double[] fDown = new double[h.length];
                map.step(up, x, x, fUp);
                map.step(down, x, x, fDown);
                for (int r = 0; r < h.length; r++) {
                    double numeric = (fUp[r] - fDown[r]) / (2 * eps);
                    double error = Math.abs(numeric - j.get(r, c)) / Math.max(1, Math.abs(numeric));
                    worst = Math.max(worst, error);
                }
            }
            assertTrue(worst < 1e-8, "seed " + seed + ": largest error of dF/dh " + worst);
        }
    }

    @Test
    void refusesDelaysOfMoreThanOneStep() throws Exception {
        Model m = Networks.recurrentModel("two steps back", 2, Activation.TANH, false);
        m.connection("recurrent").setDelay(2);
        DynamicsException e = assertThrows(DynamicsException.class, () -> StepMap.of(new Network(Plan.compile(m))));
        assertTrue(e.getMessage().contains("'recurrent' has delay 2"), e.getMessage());
    }

    @Test
    void refusesANetworkWithoutState() throws Exception {
        Model m = Networks.recurrentModel("feed-forward", 2, Activation.TANH, false);
        m.connections().remove(m.connection("recurrent"));
        DynamicsException e = assertThrows(DynamicsException.class, () -> StepMap.of(new Network(Plan.compile(m))));
        assertTrue(e.getMessage().contains("no state"), e.getMessage());
    }
}
