package org.rnnstudio.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The pathological long-time-lag problems of Hochreiter &amp; Schmidhuber (1997) as Martens &amp; Sutskever (2011)
 * set them for Hessian-free optimisation: T is the nominal length; the relevant inputs sit at random steps
 * given as fractions of the sequence's length, and everything between them is noise the network must learn
 * to ignore. Each problem is repeatable from its seed.
 */
public final class LongLagProblems {

    /** A real-valued answer is wrong when it is further than this from its target (Martens &amp; Sutskever 2011). */
    public static final double TOLERANCE = 0.04;

    private LongLagProblems() {
    }

    private static double[][] nan(int steps, int units) {
        double[][] m = new double[steps][units];
        for (double[] row : m) {
            Arrays.fill(row, Double.NaN);
        }
        return m;
    }

    /** A step chosen uniformly among the fractions [from, to) of a sequence's length, at least 0. */
    private static int stepBetween(Random random, int length, double from, double to) {
        int low = (int) (from * length);
        int high = Math.max(low + 1, (int) (to * length));
        return low + random.nextInt(high - low);
    }

    /** The longest of the lengths that {@link #length} draws. */
    private static long longest(int nominal) {
        return nominal + (long) (0.1 * nominal) + 1;
    }

    /** Lengths vary uniformly in [T, 1.1 T] so that the answer cannot be timed from the start. */
    private static int length(Random random, int nominal, double stretch) {
        return nominal + random.nextInt(Math.max(1, (int) (stretch * nominal)) + 1);
    }

    /** Addition (Hochreiter &amp; Schmidhuber's experiment 4): the sum of the two marked values, given at the end. */
    public static List<Sequence> addition(int nominal, int count, long seed, String in, String out) {
        return marked(nominal, count, seed, in, out, false);
    }

    /** Multiplication: as addition, the product of the two marked values. */
    public static List<Sequence> multiplication(int nominal, int count, long seed, String in, String out) {
        return marked(nominal, count, seed, in, out, true);
    }

    /**
     * Input (value, marker): values uniform in [0, 1]; the first marked step among the first 10% of the sequence,
     * the second between 10% and 50%; one real-valued target at the last step.
     */
    private static List<Sequence> marked(int nominal, int count, long seed, String in, String out, boolean product) {
        MemoryBudget.checkSequences((product ? "multiplication" : "addition") + " data", count, longest(nominal), 2, 1, 0);
        Random random = new Random(seed);
        List<Sequence> list = new ArrayList<>();
        for (int s = 0; s < count; s++) {
            int length = length(random, nominal, 0.1);
            double[][] x = new double[length][2];
            double[][] y = nan(length, 1);
            for (int t = 0; t < length; t++) {
                x[t][0] = random.nextDouble();
            }
            int a = stepBetween(random, length, 0.0, 0.1);
            int b = stepBetween(random, length, 0.1, 0.5);
            x[a][1] = 1;
            x[b][1] = 1;
            y[length - 1][0] = product ? x[a][0] * x[b][0] : x[a][0] + x[b][0];
            list.add(new Sequence(length, Map.of(in, x), Map.of(out, y)));
        }
        return list;
    }

    /**
     * XOR: input (bit, marker) with random bits; the first marked step among the first 10%, the second between 15%
     * and 25%; the target at the last step is the XOR of the two marked bits (a logistic output).
     */
    public static List<Sequence> xor(int nominal, int count, long seed, String in, String out) {
        MemoryBudget.checkSequences("xor data", count, longest(nominal), 2, 1, 0);
        Random random = new Random(seed);
        List<Sequence> list = new ArrayList<>();
        for (int s = 0; s < count; s++) {
            int length = length(random, nominal, 0.1);
            double[][] x = new double[length][2];
            double[][] y = nan(length, 1);
            for (int t = 0; t < length; t++) {
                x[t][0] = random.nextBoolean() ? 1 : 0;
            }
            int a = stepBetween(random, length, 0.0, 0.1);
            int b = stepBetween(random, length, 0.15, 0.25);
            x[a][1] = 1;
            x[b][1] = 1;
            y[length - 1][0] = x[a][0] != x[b][0] ? 1 : 0;
            list.add(new Sequence(length, Map.of(in, x), Map.of(out, y)));
        }
        return list;
    }

    /** The temporal order problems' input symbols, one-hot in this order: four distractors and the two relevant ones. */
    public static final String ORDER_SYMBOLS = "abcdXY";

    /**
     * Temporal order with k relevant symbols (k = 2: between 1-10% and 40-50% of the sequence; k = 3: 1-10%, 30-40%
     * and 50-60%), X or Y each, among random distractors; the class at the last step (softmax over 2^k) is the
     * order of X and Y read as a binary number, first symbol highest.
     */
    public static List<Sequence> temporalOrder(int relevant, int nominal, int count, long seed, String in, String out) {
        double[][] windows = relevant == 2 ? new double[][] {{0.01, 0.1}, {0.4, 0.5}}
                : relevant == 3 ? new double[][] {{0.01, 0.1}, {0.3, 0.4}, {0.5, 0.6}} : null;
        if (windows == null) {
            throw new IllegalArgumentException("temporal order has 2 or 3 relevant symbols, not " + relevant);
        }
        MemoryBudget.checkSequences("temporal-order-" + relevant + " data", count, longest(nominal), ORDER_SYMBOLS.length(), 1 << relevant, 0);
        Random random = new Random(seed);
        List<Sequence> list = new ArrayList<>();
        for (int s = 0; s < count; s++) {
            int length = length(random, nominal, 0.1);
            double[][] x = new double[length][ORDER_SYMBOLS.length()];
            double[][] y = nan(length, 1 << relevant);
            for (int t = 0; t < length; t++) {
                x[t][random.nextInt(4)] = 1;
            }
            int cls = 0;
            for (double[] window : windows) {
                int t = stepBetween(random, length, window[0], window[1]);
                boolean isY = random.nextBoolean();
                Arrays.fill(x[t], 0);
                x[t][isY ? 5 : 4] = 1;
                cls = 2 * cls + (isY ? 1 : 0);
            }
            Arrays.fill(y[length - 1], 0);
            y[length - 1][cls] = 1;
            list.add(new Sequence(length, Map.of(in, x), Map.of(out, y)));
        }
        return list;
    }

    /** The random permutation problem's number of symbols. */
    public static final int PERMUTATION_SYMBOLS = 100;

    /**
     * Random permutation: the first symbol is 0 or 1, the T - 1 after it random among the other 98; at the last step
     * the network names the first symbol (softmax over all 100).
     */
    public static List<Sequence> randomPermutation(int nominal, int count, long seed, String in, String out) {
        MemoryBudget.checkSequences("random-permutation data", count, nominal, PERMUTATION_SYMBOLS, PERMUTATION_SYMBOLS, 0);
        Random random = new Random(seed);
        List<Sequence> list = new ArrayList<>();
        for (int s = 0; s < count; s++) {
            double[][] x = new double[nominal][PERMUTATION_SYMBOLS];
            double[][] y = nan(nominal, PERMUTATION_SYMBOLS);
            int first = random.nextInt(2);
            x[0][first] = 1;
            for (int t = 1; t < nominal; t++) {
                x[t][2 + random.nextInt(PERMUTATION_SYMBOLS - 2)] = 1;
            }
            Arrays.fill(y[nominal - 1], 0);
            y[nominal - 1][first] = 1;
            list.add(new Sequence(nominal, Map.of(in, x), Map.of(out, y)));
        }
        return list;
    }

    /** Noiseless memorisation's pattern length and input symbols: the two pattern symbols, blank, trigger. */
    public static final int MEMORY_BITS = 5;

    /**
     * Noiseless memorisation: a pattern of 5 binary symbols, blanks for the rest of the T steps but the last 6, a
     * trigger, then 5 blank steps in which the network gives the pattern back (softmax over 2 at each).
     */
    public static List<Sequence> memorisation(int nominal, int count, long seed, String in, String out) {
        if (nominal < 2 * MEMORY_BITS + 2) {
            throw new IllegalArgumentException("memorisation needs T of at least " + (2 * MEMORY_BITS + 2) + ", not " + nominal);
        }
        MemoryBudget.checkSequences("memorisation data", count, nominal, 4, 2, 0);
        Random random = new Random(seed);
        List<Sequence> list = new ArrayList<>();
        int trigger = nominal - MEMORY_BITS - 1;
        for (int s = 0; s < count; s++) {
            double[][] x = new double[nominal][4];
            double[][] y = nan(nominal, 2);
            for (int t = 0; t < nominal; t++) {
                x[t][2] = 1;
            }
            for (int i = 0; i < MEMORY_BITS; i++) {
                int bit = random.nextInt(2);
                x[i][2] = 0;
                x[i][bit] = 1;
                y[trigger + 1 + i][0] = bit == 0 ? 1 : 0;
                y[trigger + 1 + i][1] = bit;
            }
            x[trigger][2] = 0;
            x[trigger][3] = 1;
            list.add(new Sequence(nominal, Map.of(in, x), Map.of(out, y)));
        }
        return list;
    }
}
