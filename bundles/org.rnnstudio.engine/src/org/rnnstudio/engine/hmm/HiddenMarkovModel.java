package org.rnnstudio.engine.hmm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.rnnstudio.engine.ObservedSequence;
import org.rnnstudio.model.HmmDescription;

/**
 * The parameters of a hidden Markov model: the start distribution pi, the transition matrix A (A[i][j] =
 * p(state j next | state i now)) and the emission. Its hidden state is one of N values: it carries at most
 * log2 N bits about the past, the lecture's argument for distributed hidden states.
 */
public final class HiddenMarkovModel {

    private final double[] start;
    private final double[][] transitions;
    private final Emission emission;

    public HiddenMarkovModel(double[] start, double[][] transitions, Emission emission) {
        this.start = start;
        this.transitions = transitions;
        this.emission = emission;
    }

    /** pi. */
    public double[] start() {
        return start;
    }

    /** A. */
    public double[][] transitions() {
        return transitions;
    }

    public Emission emission() {
        return emission;
    }

    public int states() {
        return start.length;
    }

    /** Every parameter set by its file name: pi (one row), A, then the emission's. */
    public Map<String, double[][]> parameters() {
        Map<String, double[][]> map = new LinkedHashMap<>();
        map.put("pi", new double[][] {start.clone()});
        map.put("A", copy(transitions));
        map.putAll(emission.parameters());
        return map;
    }

    /** The model with these parameter sets (named as in files) in place of its own. */
    public HiddenMarkovModel with(Map<String, double[][]> parameters) {
        Map<String, double[][]> all = parameters();
        all.putAll(parameters);
        double[][] pi = all.get("pi");
        Emission e = all.containsKey("B") ? new CategoricalEmission(copy(all.get("B")))
                : new GaussianEmission(copy(all.get("means")), copy(all.get("variances")));
        return new HiddenMarkovModel(pi[0].clone(), copy(all.get("A")), e);
    }

    /**
     * The model for a description: the values it gives, and for the others a start from which Baum-Welch
     * can move: pi uniform, A and B near uniform with a little noise (equal rows would stay equal forever),
     * Gaussian means at randomly chosen observations and variances the data's.
     */
    public static HiddenMarkovModel start(HmmDescription d, List<ObservedSequence> data, long seed) {
        Random random = new Random(seed);
        int n = d.states();
        double[] pi = new double[n];
        java.util.Arrays.fill(pi, 1.0 / n);
        double[][] a = new double[n][];
        for (int i = 0; i < n; i++) {
            a[i] = noisyUniform(n, random);
        }
        Emission emission;
        if (d.emission() == HmmDescription.Emission.CATEGORICAL) {
            double[][] b = new double[n][];
            for (int i = 0; i < n; i++) {
                b[i] = noisyUniform(d.symbols(), random);
            }
            emission = new CategoricalEmission(b);
        } else {
            emission = gaussianStart(n, d.dimensions(), data, random);
        }
        HiddenMarkovModel model = new HiddenMarkovModel(pi, a, emission);
        return d.parameters().isEmpty() ? model : model.with(d.parameters());
    }

    private static double[] noisyUniform(int size, Random random) {
        double[] row = new double[size];
        for (int j = 0; j < size; j++) {
            row[j] = 1 + 0.2 * random.nextDouble();
        }
        return normalized(row, 0, row);
    }

    private static GaussianEmission gaussianStart(int n, int dims, List<ObservedSequence> data, Random random) {
        List<double[]> observed = new ArrayList<>();
        for (ObservedSequence s : data) {
            for (int t = 0; t < s.length(); t++) {
                if (s.observed(t)) {
                    observed.add(s.y()[t]);
                }
            }
        }
        double[] mean = new double[dims];
        double[] variance = new double[dims];
        for (double[] y : observed) {
            for (int d = 0; d < dims; d++) {
                mean[d] += y[d] / observed.size();
            }
        }
        for (double[] y : observed) {
            for (int d = 0; d < dims; d++) {
                variance[d] += (y[d] - mean[d]) * (y[d] - mean[d]) / observed.size();
            }
        }
        double[][] means = new double[n][];
        double[][] variances = new double[n][];
        for (int i = 0; i < n; i++) {
            means[i] = observed.isEmpty() ? new double[dims] : observed.get(random.nextInt(observed.size())).clone();
            variances[i] = new double[dims];
            for (int d = 0; d < dims; d++) {
                variances[i][d] = variance[d] > 0 ? variance[d] : 1;
            }
        }
        return new GaussianEmission(means, variances);
    }

    /** A draw of the hidden states and the observations they emitted. */
    public Sample sample(int steps, Random random) {
        int[] states = new int[steps];
        double[][] observations = new double[steps][];
        for (int t = 0; t < steps; t++) {
            states[t] = draw(t == 0 ? start : transitions[states[t - 1]], random);
            observations[t] = emission.sample(states[t], random);
        }
        return new Sample(states, observations);
    }

    /** Sampled states and observations. */
    public record Sample(int[] states, double[][] observations) {
        public ObservedSequence sequence(String name) {
            return new ObservedSequence(name, observations, new double[observations.length][0]);
        }
    }

    static int draw(double[] probabilities, Random random) {
        double r = random.nextDouble();
        for (int i = 0; i < probabilities.length - 1; i++) {
            r -= probabilities[i];
            if (r < 0) {
                return i;
            }
        }
        return probabilities.length - 1;
    }

    /**
     * (counts + pseudocount) / their sum: a maximum-likelihood (pseudocount 0) or smoothed distribution.
     * When there is nothing to count (a state never visited, no pseudocount) the previous row is kept.
     */
    static double[] normalized(double[] counts, double pseudocount, double[] previous) {
        double sum = 0;
        for (double c : counts) {
            sum += c + pseudocount;
        }
        if (!(sum > 0)) {
            return previous.clone();
        }
        double[] row = new double[counts.length];
        for (int j = 0; j < row.length; j++) {
            row[j] = (counts[j] + pseudocount) / sum;
        }
        return row;
    }

    static double[][] copy(double[][] m) {
        double[][] c = new double[m.length][];
        for (int i = 0; i < m.length; i++) {
            c[i] = m[i].clone();
        }
        return c;
    }
}
