package org.rnnstudio.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The lecture's binary addition data: two numbers enter one column of bits per step, least significant
 * first; the sum's bit for a column is the target {@value #LAG} steps after the column entered (one step to
 * reach the hidden units, one to drive the output). A sequence for n-bit numbers has n + 1 columns (the last
 * carries the carry out) and n + 1 + LAG steps; the first LAG steps have no target.
 */
public final class BinaryAdder {

    public static final int LAG = 2;

    private BinaryAdder() {
    }

    /** Every pair of n-bit numbers: 4^n sequences. */
    public static List<Sequence> all(int bits, String inputId, String outputId) {
        List<Sequence> list = new ArrayList<>();
        for (long a = 0; a < 1L << bits; a++) {
            for (long b = 0; b < 1L << bits; b++) {
                list.add(sequence(a, b, bits, inputId, outputId));
            }
        }
        return list;
    }

    /** count random pairs of n-bit numbers, repeatably from the seed. */
    public static List<Sequence> random(int bits, int count, long seed, String inputId, String outputId) {
        Random random = new Random(seed);
        List<Sequence> list = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            list.add(sequence(random.nextLong() & ((1L << bits) - 1), random.nextLong() & ((1L << bits) - 1), bits, inputId, outputId));
        }
        return list;
    }

    public static Sequence sequence(long a, long b, int bits, String inputId, String outputId) {
        int columns = bits + 1;
        int steps = columns + LAG;
        double[][] in = new double[steps][2];
        double[][] target = new double[steps][1];
        for (double[] row : target) {
            Arrays.fill(row, Double.NaN);
        }
        long sum = a + b;
        for (int column = 0; column < columns; column++) {
            in[column][0] = (a >> column) & 1;
            in[column][1] = (b >> column) & 1;
            target[column + LAG][0] = (sum >> column) & 1;
        }
        return new Sequence(steps, Map.of(inputId, in), Map.of(outputId, target));
    }
}
