package org.rnnstudio.engine.dynamics;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Initial states to run from: random ones, or a grid over two units. */
public final class Starts {

    private Starts() {
    }

    /**
     * count states drawn uniformly from the units' ranges. Not the network's own initial state: it is often
     * zero, which is often a fixed point, and a run that starts on an unstable one stays there and says nothing.
     */
    public static List<double[]> random(StepMap map, int count, long seed) {
        Random random = new Random(seed);
        List<double[]> starts = new ArrayList<>();
        while (starts.size() < count) {
            double[] h = new double[map.dimension()];
            for (int i = 0; i < h.length; i++) {
                double[] range = map.range(i);
                h[i] = range[0] + (range[1] - range[0]) * random.nextDouble();
            }
            starts.add(h);
        }
        return starts;
    }

    /** A side x side grid over units i and j across their ranges, the other units at the network's initial state. */
    public static List<double[]> grid(StepMap map, int i, int j, int side) {
        List<double[]> starts = new ArrayList<>();
        double[] ri = map.range(i);
        double[] rj = map.range(j);
        for (int a = 0; a < side; a++) {
            for (int b = 0; b < side; b++) {
                double[] h = map.initialState();
                h[i] = ri[0] + (ri[1] - ri[0]) * (side == 1 ? 0.5 : a / (side - 1.0));
                h[j] = rj[0] + (rj[1] - rj[0]) * (side == 1 ? 0.5 : b / (side - 1.0));
                starts.add(h);
            }
        }
        return starts;
    }
}
