package org.rnnstudio.engine.hmm;

import org.rnnstudio.engine.ObservedSequence;

/**
 * The most probable sequence of hidden states given the observations, by dynamic programming in log
 * space (products of thousands of probabilities underflow, their logs' sums do not). Of equally probable
 * predecessors the lowest-numbered state is taken, so the path is deterministic.
 */
public final class Viterbi {

    /** The states, and log p(states, observations) along them (minus infinity when no path is possible). */
    public record Path(int[] states, double logProbability) {
    }

    private Viterbi() {
    }

    public static Path run(HiddenMarkovModel model, ObservedSequence sequence) {
        int steps = sequence.length();
        int n = model.states();
        double[][] logA = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                logA[i][j] = Math.log(model.transitions()[i][j]);
            }
        }
        double[] logDensity = new double[n];
        double[] best = new double[n];
        double[] next = new double[n];
        int[][] from = new int[steps][n];
        model.emission().logDensities(sequence.y()[0], logDensity);
        for (int i = 0; i < n; i++) {
            best[i] = Math.log(model.start()[i]) + logDensity[i];
        }
        for (int t = 1; t < steps; t++) {
            model.emission().logDensities(sequence.y()[t], logDensity);
            for (int j = 0; j < n; j++) {
                int argmax = 0;
                double max = Double.NEGATIVE_INFINITY;
                for (int i = 0; i < n; i++) {
                    double v = best[i] + logA[i][j];
                    if (v > max) {
                        max = v;
                        argmax = i;
                    }
                }
                from[t][j] = argmax;
                next[j] = max + logDensity[j];
            }
            System.arraycopy(next, 0, best, 0, n);
        }
        int last = 0;
        for (int i = 1; i < n; i++) {
            if (best[i] > best[last]) {
                last = i;
            }
        }
        int[] path = new int[steps];
        path[steps - 1] = last;
        for (int t = steps - 1; t > 0; t--) {
            path[t - 1] = from[t][path[t]];
        }
        return new Path(path, best[last]);
    }
}
