package org.rnnstudio.ui.wizards;

import java.util.Locale;
import java.util.Map;
import java.util.Random;

import org.rnnstudio.engine.hmm.CategoricalEmission;
import org.rnnstudio.engine.hmm.HiddenMarkovModel;
import org.rnnstudio.engine.lds.LinearDynamicalSystem;

/**
 * The data the hidden-state templates train on, drawn from the true models the examples describe
 * (examples/lds-tracking, examples/hmm-casino) with a fixed seed, in the loader's CSV shape.
 */
final class HiddenStateSamples {

    /** Position += velocity each step; the velocity wanders. */
    static final double[][] TRACKING_A = {{1, 0, 1, 0}, {0, 1, 0, 1}, {0, 0, 1, 0}, {0, 0, 0, 1}};
    /** The position is seen, not the velocity. */
    static final double[][] TRACKING_C = {{1, 0, 0, 0}, {0, 1, 0, 0}};

    private HiddenStateSamples() {
    }

    static double[][] diagonal(double... values) {
        double[][] m = new double[values.length][values.length];
        for (int i = 0; i < values.length; i++) {
            m[i][i] = values[i];
        }
        return m;
    }

    /** 10 tracks of 100 steps: Q = diag(0.01, 0.01, 0.04, 0.04), R = I, starting at the origin. */
    static String tracks() {
        LinearDynamicalSystem truth = new LinearDynamicalSystem(4, 2, 0).with(Map.of("A", TRACKING_A, "C", TRACKING_C, "Q",
                diagonal(0.01, 0.01, 0.04, 0.04), "R", diagonal(1, 1), "mu0", new double[][] {{0, 0, 0, 0}}, "V0", diagonal(1, 1, 0.1, 0.1)));
        Random random = new Random(7);
        StringBuilder csv = new StringBuilder("sequence,y.0,y.1,x.0,x.1,x.2,x.3\n");
        for (int s = 1; s <= 10; s++) {
            LinearDynamicalSystem.Sample draw = truth.sample(100, new double[100][0], random);
            for (int t = 0; t < 100; t++) {
                csv.append(s);
                for (double v : draw.observations()[t]) {
                    csv.append(String.format(Locale.ROOT, ",%.5f", v));
                }
                for (double v : draw.states()[t]) {
                    csv.append(String.format(Locale.ROOT, ",%.5f", v));
                }
                csv.append('\n');
            }
        }
        return csv.toString();
    }

    /** 20 sequences of 300 rolls: the casino switches to the loaded die with probability 0.05 and back with 0.1. */
    static String rolls() {
        double fifth = 0.1;
        double sixth = 1.0 / 6;
        HiddenMarkovModel truth = new HiddenMarkovModel(new double[] {0.5, 0.5}, new double[][] {{0.95, 0.05}, {0.1, 0.9}},
                new CategoricalEmission(new double[][] {{sixth, sixth, sixth, sixth, sixth, sixth}, {fifth, fifth, fifth, fifth, fifth, 0.5}}));
        Random random = new Random(7);
        StringBuilder csv = new StringBuilder("sequence,y.0,state.0\n");
        for (int s = 1; s <= 20; s++) {
            HiddenMarkovModel.Sample draw = truth.sample(300, random);
            for (int t = 0; t < 300; t++) {
                csv.append(s).append(',').append((int) draw.observations()[t][0]).append(',').append(draw.states()[t]).append('\n');
            }
        }
        return csv.toString();
    }
}
