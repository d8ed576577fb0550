package org.rnnstudio.engine.ctc;

import java.util.Arrays;

/**
 * Connectionist temporal classification (Graves, Fernández, Gomez &amp; Schmidhuber 2006): the probability of a
 * label sequence summed over every alignment of it with the input, computed by the forward-backward recursion
 * over the labels with a blank between and around them. Everything runs in log space, so that sequences of any
 * length neither underflow nor overflow.
 *
 * <p>Class {@link #BLANK} (0) is the blank; labels are classes 1 .. C-1. The loss of one sequence is
 * -log p(labels | logits), p being the softmax of each step's logits, and its gradient with respect to the
 * logits is exact: softmax minus the posterior of each class's positions in the extended label sequence.
 */
public final class Ctc {

    /** The class that emits nothing. */
    public static final int BLANK = 0;

    private Ctc() {
    }

    /**
     * Whether labels can be emitted in {@code steps} steps at all: every label takes a step, and two equal labels
     * in a row take one more for the blank between them.
     */
    public static boolean feasible(int[] labels, int steps) {
        return stepsNeeded(labels) <= steps;
    }

    /** The fewest steps that can emit these labels. */
    public static int stepsNeeded(int[] labels) {
        int needed = labels.length;
        for (int i = 1; i < labels.length; i++) {
            if (labels[i] == labels[i - 1]) {
                needed++;
            }
        }
        return needed;
    }

    /**
     * -log p(labels | logits[0 .. length-1]); when {@code gradient} is not null, it receives d(loss)/d(logits)
     * for the first {@code length} steps (and zeros after them). An impossible label sequence (longer than the
     * steps allow, see {@link #feasible}) has an infinite loss and a zero gradient, so that no NaN can reach the
     * weights.
     *
     * @param logits [step][class], unnormalised
     */
    public static double loss(double[][] logits, int length, int[] labels, double[][] gradient) {
        int classes = logits[0].length;
        check(logits, length, labels, classes);
        if (gradient != null) {
            for (double[] row : gradient) {
                Arrays.fill(row, 0);
            }
        }
        if (!feasible(labels, length)) {
            return Double.POSITIVE_INFINITY;
        }
        double[][] logP = logSoftmax(logits, length);
        int[] extended = extended(labels);
        double[][] alpha = forward(logP, length, extended);
        double logLikelihood = logSum(alpha[length - 1][extended.length - 1],
                extended.length > 1 ? alpha[length - 1][extended.length - 2] : Double.NEGATIVE_INFINITY);
        if (gradient != null) {
            double[][] beta = backward(logP, length, extended);
            double[] occupancy = new double[classes];
            for (int t = 0; t < length; t++) {
                Arrays.fill(occupancy, Double.NEGATIVE_INFINITY);
                for (int s = 0; s < extended.length; s++) {
                    // alpha and beta both include step t's emission: take it out once
                    double both = alpha[t][s] + beta[t][s] - logP[t][extended[s]];
                    occupancy[extended[s]] = logSum(occupancy[extended[s]], both);
                }
                for (int c = 0; c < classes; c++) {
                    gradient[t][c] = Math.exp(logP[t][c]) - Math.exp(occupancy[c] - logLikelihood);
                }
            }
        }
        return -logLikelihood;
    }

    private static void check(double[][] logits, int length, int[] labels, int classes) {
        if (length < 1 || length > logits.length) {
            throw new IllegalArgumentException("CTC needs between 1 and " + logits.length + " steps, not " + length);
        }
        for (int label : labels) {
            if (label <= BLANK || label >= classes) {
                throw new IllegalArgumentException("a CTC label is a class from 1 to " + (classes - 1) + " (0 is the blank), not " + label);
            }
        }
    }

    /** blank, l1, blank, l2, ..., lL, blank */
    static int[] extended(int[] labels) {
        int[] extended = new int[2 * labels.length + 1];
        for (int i = 0; i < labels.length; i++) {
            extended[2 * i + 1] = labels[i];
        }
        return extended;
    }

    /** A label may be skipped over the blank before it unless it repeats the label before that blank. */
    private static boolean canSkip(int[] extended, int s) {
        return s >= 2 && extended[s] != BLANK && extended[s] != extended[s - 2];
    }

    /** alpha[t][s] = log p(emitting the first s+1 symbols of the extended sequence in steps 0..t, ending on symbol s) */
    private static double[][] forward(double[][] logP, int length, int[] extended) {
        int size = extended.length;
        double[][] alpha = new double[length][size];
        for (double[] row : alpha) {
            Arrays.fill(row, Double.NEGATIVE_INFINITY);
        }
        alpha[0][0] = logP[0][extended[0]];
        if (size > 1) {
            alpha[0][1] = logP[0][extended[1]];
        }
        for (int t = 1; t < length; t++) {
            for (int s = 0; s < size; s++) {
                double sum = alpha[t - 1][s];
                if (s >= 1) {
                    sum = logSum(sum, alpha[t - 1][s - 1]);
                }
                if (canSkip(extended, s)) {
                    sum = logSum(sum, alpha[t - 1][s - 2]);
                }
                alpha[t][s] = sum + logP[t][extended[s]];
            }
        }
        return alpha;
    }

    /** beta[t][s] = log p(emitting the rest of the extended sequence from symbol s at step t to the end) */
    private static double[][] backward(double[][] logP, int length, int[] extended) {
        int size = extended.length;
        double[][] beta = new double[length][size];
        for (double[] row : beta) {
            Arrays.fill(row, Double.NEGATIVE_INFINITY);
        }
        beta[length - 1][size - 1] = logP[length - 1][extended[size - 1]];
        if (size > 1) {
            beta[length - 1][size - 2] = logP[length - 1][extended[size - 2]];
        }
        for (int t = length - 2; t >= 0; t--) {
            for (int s = 0; s < size; s++) {
                double sum = beta[t + 1][s];
                if (s + 1 < size) {
                    sum = logSum(sum, beta[t + 1][s + 1]);
                }
                if (s + 2 < size && canSkip(extended, s + 2)) {
                    sum = logSum(sum, beta[t + 1][s + 2]);
                }
                beta[t][s] = sum + logP[t][extended[s]];
            }
        }
        return beta;
    }

    /** Each step's log-softmax, shifted by the step's largest logit so that exp() stays finite. */
    static double[][] logSoftmax(double[][] logits, int length) {
        double[][] logP = new double[length][];
        for (int t = 0; t < length; t++) {
            double max = Double.NEGATIVE_INFINITY;
            for (double v : logits[t]) {
                max = Math.max(max, v);
            }
            double sum = 0;
            for (double v : logits[t]) {
                sum += Math.exp(v - max);
            }
            double logZ = max + Math.log(sum);
            logP[t] = new double[logits[t].length];
            for (int c = 0; c < logP[t].length; c++) {
                logP[t][c] = logits[t][c] - logZ;
            }
        }
        return logP;
    }

    /** log(exp(a) + exp(b)) without leaving the finite numbers; -infinity is log 0. */
    static double logSum(double a, double b) {
        if (a == Double.NEGATIVE_INFINITY) {
            return b;
        }
        if (b == Double.NEGATIVE_INFINITY) {
            return a;
        }
        return Math.max(a, b) + Math.log1p(Math.exp(-Math.abs(a - b)));
    }
}
