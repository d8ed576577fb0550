package org.rnnstudio.engine.hmm;

import org.rnnstudio.engine.InferenceException;
import org.rnnstudio.engine.ObservedSequence;

/**
 * The forward-backward algorithm, scaled: each step's forward probabilities are divided by their sum c_t,
 * so that nothing underflows however long the sequence, and log p(y) = sum of log c_t. Emission densities
 * are taken relative to their largest at each step (added back in the log), so a Gaussian far in the tail
 * cannot underflow either.
 */
public final class ForwardBackward {

    /**
     * filtered[t][i] = p(state i at t | observations up to t); posterior[t][i] = p(state i at t | all
     * observations); transitions[i][j] = expected number of moves
     * from i to j; the log-likelihood log p(y).
     */
    public record Result(double[][] filtered, double[][] posterior, double[][] transitions, double logLikelihood) {
    }

    private ForwardBackward() {
    }

    public static Result run(HiddenMarkovModel model, ObservedSequence sequence) {
        int steps = sequence.length();
        int n = model.states();
        double[][] a = model.transitions();
        double[][] emitted = new double[steps][n];
        // log p(y_t | y_1 ... y_{t-1}), step by step
        double[] predictive = new double[steps];
        double[] logDensity = new double[n];
        for (int t = 0; t < steps; t++) {
            model.emission().logDensities(sequence.y()[t], logDensity);
            double max = Double.NEGATIVE_INFINITY;
            for (double v : logDensity) {
                max = Math.max(max, v);
            }
            if (max == Double.NEGATIVE_INFINITY) {
                throw impossible(sequence, t);
            }
            for (int i = 0; i < n; i++) {
                emitted[t][i] = Math.exp(logDensity[i] - max);
            }
            predictive[t] = max;
        }
        double[][] alpha = new double[steps][n];
        double[] scale = new double[steps];
        for (int t = 0; t < steps; t++) {
            double sum = 0;
            for (int j = 0; j < n; j++) {
                double into = 0;
                if (t == 0) {
                    into = model.start()[j];
                } else {
                    for (int i = 0; i < n; i++) {
                        into += alpha[t - 1][i] * a[i][j];
                    }
                }
                alpha[t][j] = into * emitted[t][j];
                sum += alpha[t][j];
            }
            if (!(sum > 0)) {
                throw impossible(sequence, t);
            }
            for (int j = 0; j < n; j++) {
                alpha[t][j] /= sum;
            }
            scale[t] = sum;
            predictive[t] += Math.log(sum);
        }
        double[][] beta = new double[steps][n];
        java.util.Arrays.fill(beta[steps - 1], 1);
        double[][] transitions = new double[n][n];
        for (int t = steps - 2; t >= 0; t--) {
            for (int i = 0; i < n; i++) {
                double sum = 0;
                for (int j = 0; j < n; j++) {
                    double next = a[i][j] * emitted[t + 1][j] * beta[t + 1][j] / scale[t + 1];
                    sum += next;
                    transitions[i][j] += alpha[t][i] * next;
                }
                beta[t][i] = sum;
            }
        }
        double[][] posterior = new double[steps][n];
        for (int t = 0; t < steps; t++) {
            for (int i = 0; i < n; i++) {
                posterior[t][i] = alpha[t][i] * beta[t][i];
            }
        }
        double logLikelihood = 0;
        for (double p : predictive) {
            logLikelihood += p;
        }
        return new Result(alpha, posterior, transitions, logLikelihood);
    }

    private static InferenceException impossible(ObservedSequence sequence, int t) {
        return new InferenceException("sequence '" + sequence.name() + "' step " + (t + 1)
                + ": the observations so far have probability 0 under this model (no state can emit them after the states before)");
    }
}
