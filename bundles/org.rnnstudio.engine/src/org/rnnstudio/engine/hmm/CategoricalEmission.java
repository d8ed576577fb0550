package org.rnnstudio.engine.hmm;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.rnnstudio.engine.ObservedSequence;

/** Each state emits one of M symbols (the observation is the symbol's index) with probabilities B[state]. */
public final class CategoricalEmission implements Emission {

    private final double[][] probabilities;

    public CategoricalEmission(double[][] probabilities) {
        this.probabilities = probabilities;
    }

    /** B[state][symbol]. */
    public double[][] probabilities() {
        return probabilities;
    }

    public int symbols() {
        return probabilities[0].length;
    }

    @Override
    public int states() {
        return probabilities.length;
    }

    @Override
    public void logDensities(double[] y, double[] out) {
        if (Double.isNaN(y[0])) {
            java.util.Arrays.fill(out, 0);
            return;
        }
        int symbol = symbol(y[0]);
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.log(probabilities[i][symbol]);
        }
    }

    private int symbol(double value) {
        int symbol = (int) value;
        if (symbol != value || symbol < 0 || symbol >= symbols()) {
            throw new IllegalArgumentException("symbol " + value + " is not one of 0 to " + (symbols() - 1));
        }
        return symbol;
    }

    @Override
    public double[] sample(int state, Random random) {
        return new double[] {HiddenMarkovModel.draw(probabilities[state], random)};
    }

    @Override
    public Map<String, double[][]> parameters() {
        Map<String, double[][]> map = new LinkedHashMap<>();
        map.put("B", HiddenMarkovModel.copy(probabilities));
        return map;
    }

    @Override
    public Emission copy() {
        return new CategoricalEmission(HiddenMarkovModel.copy(probabilities));
    }

    @Override
    public Emission reestimate(List<ObservedSequence> data, List<double[][]> posteriors, double pseudocount, Set<String> fixed) {
        if (fixed.contains("B")) {
            return copy();
        }
        double[][] counts = new double[states()][symbols()];
        for (int s = 0; s < data.size(); s++) {
            double[][] y = data.get(s).y();
            double[][] gamma = posteriors.get(s);
            for (int t = 0; t < y.length; t++) {
                if (Double.isNaN(y[t][0])) {
                    continue;
                }
                int symbol = symbol(y[t][0]);
                for (int i = 0; i < counts.length; i++) {
                    counts[i][symbol] += gamma[t][i];
                }
            }
        }
        double[][] next = new double[states()][];
        for (int i = 0; i < next.length; i++) {
            next[i] = HiddenMarkovModel.normalized(counts[i], pseudocount, probabilities[i]);
        }
        return new CategoricalEmission(next);
    }
}
