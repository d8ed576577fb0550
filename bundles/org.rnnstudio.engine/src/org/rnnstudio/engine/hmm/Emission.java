package org.rnnstudio.engine.hmm;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.rnnstudio.engine.ObservedSequence;

/**
 * What a hidden state emits: for each state a distribution over one observation. Baum-Welch re-estimates
 * it from the observations weighted by the states' posterior probabilities.
 */
public interface Emission {

    int states();

    /**
     * log p(y | state) for every state into {@code out}. A missing observation (NaN) says nothing about the
     * state: 0 for every state.
     */
    void logDensities(double[] y, double[] out);

    /** A draw of the observation from the state's distribution. */
    double[] sample(int state, Random random);

    /** The parameter sets by their file names (e.g. B, or means and variances), rows per state. */
    Map<String, double[][]> parameters();

    Emission copy();

    /**
     * The M step: the emission that maximises the expected log-likelihood of the sequences given each step's
     * state posteriors ({@code posteriors.get(s)[t][state]}). A state with no posterior weight at all keeps
     * its distribution; a categorical emission adds the pseudocount to every expected count. Parameter sets
     * named in {@code fixed} stay as they are and the others are the best given them.
     */
    Emission reestimate(List<ObservedSequence> data, List<double[][]> posteriors, double pseudocount, Set<String> fixed);
}
