package org.rnnstudio.engine.dynamics.tests;

import java.util.Random;

import org.rnnstudio.engine.InvalidModelException;
import org.rnnstudio.engine.Network;
import org.rnnstudio.engine.Plan;
import org.rnnstudio.model.Activation;
import org.rnnstudio.model.Connection;
import org.rnnstudio.model.Model;
import org.rnnstudio.model.UnitGroup;

/** Networks with known dynamics: one recurrent group whose weights the test chooses, read out by one linear unit. */
final class Networks {

    private Networks() {
    }

    /** A group of n units that reads itself one step back through w (n x n, row-major: from i to j at i * n + j). */
    static Model recurrentModel(String name, int n, Activation f, boolean bias) {
        Model m = new Model();
        m.setName(name);
        UnitGroup h = m.addGroup(new UnitGroup("hidden", UnitGroup.Role.HIDDEN, n));
        h.setActivation(f);
        h.setBias(bias);
        UnitGroup y = m.addGroup(new UnitGroup("out", UnitGroup.Role.OUTPUT, 1));
        y.setActivation(Activation.LINEAR);
        y.setBias(false);
        m.addConnection(new Connection("recurrent", "hidden", "hidden", Connection.Kind.FULL, 1));
        m.addConnection(new Connection("readout", "hidden", "out", Connection.Kind.FULL, 0));
        return m;
    }

    static Network recurrent(int n, Activation f, double[] w) throws InvalidModelException {
        Network net = new Network(Plan.compile(recurrentModel("recurrent", n, f, false)));
        System.arraycopy(w, 0, net.value(net.plan().parameters().get(0)).data, 0, w.length);
        return net;
    }

    /** w_ij drawn from N(0, g^2 / n): the random network of Sompolinsky, Crisanti and Sommers (1988). */
    static double[] randomGain(int n, double g, long seed) {
        Random random = new Random(seed);
        double[] w = new double[n * n];
        for (int i = 0; i < w.length; i++) {
            w[i] = random.nextGaussian() * g / Math.sqrt(n);
        }
        return w;
    }

    /** The 2 x 2 weights that turn a row vector by angle (h' = h W) and stretch it by gain. */
    static double[] rotation(double angle, double gain) {
        double c = gain * Math.cos(angle);
        double s = gain * Math.sin(angle);
        return new double[] {c, s, -s, c};
    }
}
