package org.rnnstudio.model;

import java.util.ArrayList;
import java.util.List;

/**
 * A hidden Markov model (the lecture's 7-1-3): N discrete states, a start distribution pi, transition
 * probabilities A (row i: from state i), and per state either a categorical distribution B over M symbols
 * or a Gaussian with diagonal covariance over d dimensions (means and variances).
 */
public final class HmmDescription extends HiddenStateDescription {

    public enum Emission {
        CATEGORICAL, GAUSSIAN
    }

    private int states = 2;
    private Emission emission = Emission.CATEGORICAL;
    private int symbols = 2;
    private int dimensions = 1;
    private double pseudocount;
    private final List<String> stateNames = new ArrayList<>();
    private final List<String> symbolNames = new ArrayList<>();

    public int states() {
        return states;
    }

    public void setStates(int states) {
        this.states = states;
    }

    public Emission emission() {
        return emission;
    }

    public void setEmission(Emission emission) {
        this.emission = emission;
    }

    /** M, the number of symbols of a categorical emission. */
    public int symbols() {
        return symbols;
    }

    public void setSymbols(int symbols) {
        this.symbols = symbols;
    }

    /** d, the dimensions of a Gaussian emission. */
    public int dimensions() {
        return dimensions;
    }

    public void setDimensions(int dimensions) {
        this.dimensions = dimensions;
    }

    /** Added to every expected count in Baum-Welch, so that nothing seen once too rarely becomes impossible. */
    public double pseudocount() {
        return pseudocount;
    }

    public void setPseudocount(double pseudocount) {
        this.pseudocount = pseudocount;
    }

    /** Labels of the states for people (may be empty). */
    public List<String> stateNames() {
        return stateNames;
    }

    /** Labels of the symbols for people (may be empty). */
    public List<String> symbolNames() {
        return symbolNames;
    }

    /** The observation columns of a data file: one symbol index, or d numbers. */
    public int observationWidth() {
        return emission == Emission.CATEGORICAL ? 1 : dimensions;
    }

    @Override
    public List<String> parameterNames() {
        return emission == Emission.CATEGORICAL ? List.of("pi", "A", "B") : List.of("pi", "A", "means", "variances");
    }

    @Override
    public int[] shape(String name) {
        return switch (name) {
        case "pi" -> new int[] {1, states};
        case "A" -> new int[] {states, states};
        case "B" -> new int[] {states, symbols};
        case "means", "variances" -> new int[] {states, dimensions};
        default -> throw new IllegalArgumentException("no HMM parameter " + name);
        };
    }
}
