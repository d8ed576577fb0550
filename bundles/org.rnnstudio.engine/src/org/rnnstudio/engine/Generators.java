package org.rnnstudio.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The long-time-lag problems of Hochreiter and Schmidhuber (1997) and two time series, as sequences for a
 * model with one input group and one output group. Every generator is repeatable from its seed.
 */
public final class Generators {

    private Generators() {
    }

    private static double[][] nan(int steps, int units) {
        double[][] m = new double[steps][units];
        for (double[] row : m) {
            Arrays.fill(row, Double.NaN);
        }
        return m;
    }

    /**
     * The adding problem: at each step a random value in [0, 1] and a marker; two steps are marked, one in
     * the first half and one in the second; the target, at the last step only, is the sum of the two marked
     * values. Predicting the mean (1) gives a mean squared error of about 1/6.
     */
    public static List<Sequence> adding(int length, int count, long seed, String in, String out) {
        MemoryBudget.checkSequences("adding data", count, length, 2, 1, 0);
        Random random = new Random(seed);
        List<Sequence> list = new ArrayList<>();
        for (int s = 0; s < count; s++) {
            double[][] x = new double[length][2];
            double[][] y = nan(length, 1);
            int first = random.nextInt(length / 2);
            int second = length / 2 + random.nextInt(length - length / 2);
            for (int t = 0; t < length; t++) {
                x[t][0] = random.nextDouble();
            }
            x[first][1] = 1;
            x[second][1] = 1;
            y[length - 1][0] = x[first][0] + x[second][0];
            list.add(new Sequence(length, Map.of(in, x), Map.of(out, y)));
        }
        return list;
    }

    /** The temporal order problem's symbols, one-hot in this order. */
    public static final String TEMPORAL_SYMBOLS = "abcdXYBE";

    /**
     * Temporal order: a start symbol B, random distractors a-d, two relevant symbols X or Y at a random
     * step in [length/10, length/5) and in [length/2, 3 length/5), an end symbol E; the class of the
     * sequence (XX, XY, YX, YY: softmax over 4 at the last step) is the order of the two relevant symbols.
     */
    public static List<Sequence> temporalOrder(int length, int count, long seed, String in, String out) {
        MemoryBudget.checkSequences("temporal-order data", count, length, TEMPORAL_SYMBOLS.length(), 4, 0);
        Random random = new Random(seed);
        List<Sequence> list = new ArrayList<>();
        for (int s = 0; s < count; s++) {
            double[][] x = new double[length][TEMPORAL_SYMBOLS.length()];
            double[][] y = nan(length, 4);
            for (int t = 1; t < length - 1; t++) {
                x[t][random.nextInt(4)] = 1;
            }
            x[0][TEMPORAL_SYMBOLS.indexOf('B')] = 1;
            x[length - 1][TEMPORAL_SYMBOLS.indexOf('E')] = 1;
            int t1 = length / 10 + random.nextInt(Math.max(1, length / 5 - length / 10));
            int t2 = length / 2 + random.nextInt(Math.max(1, 3 * length / 5 - length / 2));
            boolean firstY = random.nextBoolean();
            boolean secondY = random.nextBoolean();
            Arrays.fill(x[t1], 0);
            Arrays.fill(x[t2], 0);
            x[t1][firstY ? 5 : 4] = 1;
            x[t2][secondY ? 5 : 4] = 1;
            int cls = (firstY ? 2 : 0) + (secondY ? 1 : 0);
            Arrays.fill(y[length - 1], 0);
            y[length - 1][cls] = 1;
            list.add(new Sequence(length, Map.of(in, x), Map.of(out, y)));
        }
        return list;
    }

    /**
     * Copy (memorisation): length random symbols of k, one-hot on k + 1 input units (the last unit is the
     * delimiter), then the delimiter, then silence; after the delimiter the net writes the symbols back in
     * order, one-hot on k output units. 2 length + 1 steps; no target before the delimiter.
     */
    public static List<Sequence> copy(int length, int symbols, int count, long seed, String in, String out) {
        Random random = new Random(seed);
        List<Sequence> list = new ArrayList<>();
        int steps = 2 * length + 1;
        MemoryBudget.checkSequences("copy data", count, steps, symbols + 1, symbols, 0);
        for (int s = 0; s < count; s++) {
            double[][] x = new double[steps][symbols + 1];
            double[][] y = nan(steps, symbols);
            for (int t = 0; t < length; t++) {
                int symbol = random.nextInt(symbols);
                x[t][symbol] = 1;
                Arrays.fill(y[length + 1 + t], 0);
                y[length + 1 + t][symbol] = 1;
            }
            x[length][symbols] = 1;
            list.add(new Sequence(steps, Map.of(in, x), Map.of(out, y)));
        }
        return list;
    }

    /** Sine waves of random frequency (0.05 to 0.3 radians per step) and phase; the target is the next value. */
    public static List<Sequence> sine(int length, int count, long seed, String in, String out) {
        MemoryBudget.checkSequences("sine data", count, length, 1, 1, 0);
        Random random = new Random(seed);
        List<Sequence> list = new ArrayList<>();
        for (int s = 0; s < count; s++) {
            double frequency = 0.05 + 0.25 * random.nextDouble();
            double phase = 2 * Math.PI * random.nextDouble();
            double[][] x = new double[length][1];
            double[][] y = new double[length][1];
            for (int t = 0; t < length; t++) {
                x[t][0] = Math.sin(frequency * t + phase);
                y[t][0] = Math.sin(frequency * (t + 1) + phase);
            }
            list.add(new Sequence(length, Map.of(in, x), Map.of(out, y)));
        }
        return list;
    }

    /**
     * Windows of the Mackey-Glass series dx/dt = 0.2 x(t - tau) / (1 + x(t - tau)^10) - 0.1 x(t), integrated
     * with Euler steps of 0.1 from x = 1.2 and sampled every time unit, after a transient of 500; chaotic for
     * tau = 17. The target is the next sample.
     */
    public static List<Sequence> mackeyGlass(int length, int count, int tau, long seed, String in, String out) {
        // the series is integrated in ten steps per sample, then sampled: eleven numbers per sample meanwhile
        MemoryBudget.checkSequences("mackey-glass data", count, length, 1, 1, 8 * 11 * ((long) count * length + length + 501 + 10L * tau));
        int samples = count * length + length + 1;
        double[] series = mackeyGlassSeries(samples + 500, tau);
        Random random = new Random(seed);
        List<Sequence> list = new ArrayList<>();
        for (int s = 0; s < count; s++) {
            int start = 500 + random.nextInt(samples - length - 1);
            double[][] x = new double[length][1];
            double[][] y = new double[length][1];
            for (int t = 0; t < length; t++) {
                x[t][0] = series[start + t];
                y[t][0] = series[start + t + 1];
            }
            list.add(new Sequence(length, Map.of(in, x), Map.of(out, y)));
        }
        return list;
    }

    static double[] mackeyGlassSeries(int samples, int tau) {
        int perUnit = 10;
        double dt = 1.0 / perUnit;
        int history = tau * perUnit;
        double[] x = new double[samples * perUnit + history + 1];
        Arrays.fill(x, 0, history + 1, 1.2);
        for (int i = history; i < x.length - 1; i++) {
            double delayed = x[i - history];
            x[i + 1] = x[i] + dt * (0.2 * delayed / (1 + Math.pow(delayed, 10)) - 0.1 * x[i]);
        }
        double[] sampled = new double[samples];
        for (int i = 0; i < samples; i++) {
            sampled[i] = x[history + i * perUnit];
        }
        return sampled;
    }
}
