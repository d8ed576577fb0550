package org.rnnstudio.engine.hmm;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.rnnstudio.engine.ObservedSequence;

/**
 * Each state emits d numbers from a Gaussian with its own means and a diagonal covariance (variances).
 * A NaN in the observation leaves that dimension out. The pseudocount is for counts: it does not touch
 * means and variances.
 */
public final class GaussianEmission implements Emission {

    private static final double LOG_2PI = Math.log(2 * Math.PI);
    /**
     * A variance never falls below this fraction of the data's own variance: a state that explains one
     * point alone would otherwise shrink onto it and its likelihood grow without bound.
     */
    private static final double VARIANCE_FLOOR = 1e-6;

    private final double[][] means;
    private final double[][] variances;

    public GaussianEmission(double[][] means, double[][] variances) {
        this.means = means;
        this.variances = variances;
    }

    public double[][] means() {
        return means;
    }

    public double[][] variances() {
        return variances;
    }

    @Override
    public int states() {
        return means.length;
    }

    @Override
    public void logDensities(double[] y, double[] out) {
        for (int i = 0; i < out.length; i++) {
            double sum = 0;
            for (int d = 0; d < y.length; d++) {
                if (!Double.isNaN(y[d])) {
                    double z = y[d] - means[i][d];
                    sum -= 0.5 * (LOG_2PI + Math.log(variances[i][d]) + z * z / variances[i][d]);
                }
            }
            out[i] = sum;
        }
    }

    @Override
    public double[] sample(int state, Random random) {
        double[] y = new double[means[state].length];
        for (int d = 0; d < y.length; d++) {
            y[d] = means[state][d] + Math.sqrt(variances[state][d]) * random.nextGaussian();
        }
        return y;
    }

    @Override
    public Map<String, double[][]> parameters() {
        Map<String, double[][]> map = new LinkedHashMap<>();
        map.put("means", HiddenMarkovModel.copy(means));
        map.put("variances", HiddenMarkovModel.copy(variances));
        return map;
    }

    @Override
    public Emission copy() {
        return new GaussianEmission(HiddenMarkovModel.copy(means), HiddenMarkovModel.copy(variances));
    }

    @Override
    public Emission reestimate(List<ObservedSequence> data, List<double[][]> posteriors, double pseudocount, Set<String> fixed) {
        int n = states();
        int dims = means[0].length;
        double[][] weight = new double[n][dims];
        double[][] sum = new double[n][dims];
        double[][] squares = new double[n][dims];
        double[] floor = floors(data, dims);
        for (int s = 0; s < data.size(); s++) {
            double[][] y = data.get(s).y();
            double[][] gamma = posteriors.get(s);
            for (int t = 0; t < y.length; t++) {
                for (int d = 0; d < dims; d++) {
                    if (Double.isNaN(y[t][d])) {
                        continue;
                    }
                    for (int i = 0; i < n; i++) {
                        weight[i][d] += gamma[t][i];
                        sum[i][d] += gamma[t][i] * y[t][d];
                    }
                }
            }
        }
        double[][] nextMeans = HiddenMarkovModel.copy(means);
        for (int i = 0; i < n; i++) {
            for (int d = 0; d < dims; d++) {
                if (weight[i][d] > 0 && !fixed.contains("means")) {
                    nextMeans[i][d] = sum[i][d] / weight[i][d];
                }
            }
        }
        // the spread about the new means, in a second pass: sum of squares minus square of sums cancels badly
        for (int s = 0; s < data.size(); s++) {
            double[][] y = data.get(s).y();
            double[][] gamma = posteriors.get(s);
            for (int t = 0; t < y.length; t++) {
                for (int d = 0; d < dims; d++) {
                    if (!Double.isNaN(y[t][d])) {
                        for (int i = 0; i < n; i++) {
                            double z = y[t][d] - nextMeans[i][d];
                            squares[i][d] += gamma[t][i] * z * z;
                        }
                    }
                }
            }
        }
        double[][] nextVariances = HiddenMarkovModel.copy(variances);
        for (int i = 0; i < n; i++) {
            for (int d = 0; d < dims; d++) {
                if (weight[i][d] > 0 && !fixed.contains("variances")) {
                    nextVariances[i][d] = Math.max(squares[i][d] / weight[i][d], floor[d]);
                }
            }
        }
        return new GaussianEmission(nextMeans, nextVariances);
    }

    private static double[] floors(List<ObservedSequence> data, int dims) {
        double[] count = new double[dims];
        double[] mean = new double[dims];
        double[] m2 = new double[dims];
        for (ObservedSequence s : data) {
            for (double[] y : s.y()) {
                for (int d = 0; d < dims; d++) {
                    if (!Double.isNaN(y[d])) {
                        count[d]++;
                        double delta = y[d] - mean[d];
                        mean[d] += delta / count[d];
                        m2[d] += delta * (y[d] - mean[d]);
                    }
                }
            }
        }
        double[] floor = new double[dims];
        for (int d = 0; d < dims; d++) {
            double variance = count[d] > 0 ? m2[d] / count[d] : 1;
            floor[d] = VARIANCE_FLOOR * (variance > 0 ? variance : 1);
        }
        return floor;
    }
}
