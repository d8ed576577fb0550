package org.rnnstudio.model;

/**
 * A composite cell placed as one element: an LSTM memory cell, a GRU, an Elman layer, or an echo-state
 * reservoir. It stands for unit
 * groups and connections of the primitives ({@link CellExpansion} lists them), so the engine runs exactly
 * what the editor shows when the cell is opened. Connections into a cell feed every one of its gates;
 * connections out of it read its hidden state h.
 */
public final class Cell {

    public enum Kind {
        /** keep (forget), write (input) and read (output) gates around a memory cell; PyTorch's nn.LSTM */
        LSTM,
        /** reset and update gates; PyTorch's nn.GRU */
        GRU,
        /** one layer reading itself one step back; PyTorch's nn.RNN */
        ELMAN,
        /**
         * an echo-state reservoir (Jaeger 2001): fixed random recurrent and input weights scaled to a spectral
         * radius, leaky tanh units; only what reads it learns
         */
        RESERVOIR
    }

    private String id;
    private String name;
    private Kind kind;
    private int size;
    private Activation activation = Activation.TANH;
    private boolean peepholes;
    private UnitGroup.InitialStateKind initialState = UnitGroup.InitialStateKind.ZERO;
    private double spectralRadius = 0.9;
    private double connectivity = 0.1;
    private double inputScaling = 1;
    private double leakRate = 1;
    private double biasScaling;
    private long seed = 1;
    private boolean reverse;

    public Cell(String id, Kind kind, int size) {
        this.id = id;
        this.name = id;
        this.kind = kind;
        this.size = size;
    }

    public String id() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public String name() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public Kind kind() {
        return kind;
    }

    public void setKind(Kind kind) {
        this.kind = kind;
    }

    /** The number of hidden units (and, for an LSTM, of memory cells). */
    public int size() {
        return size;
    }

    public void setSize(int size) {
        this.size = size;
    }

    /** The Elman layer's activation (tanh, relu or logistic); LSTM and GRU use PyTorch's fixed ones. */
    public Activation activation() {
        return activation;
    }

    public void setActivation(Activation activation) {
        this.activation = activation;
    }

    /** LSTM only: one-to-one connections from the memory cell to the gates (Gers and Schmidhuber 2000). */
    public boolean peepholes() {
        return peepholes;
    }

    public void setPeepholes(boolean peepholes) {
        this.peepholes = peepholes;
    }

    /** The initial state of h (and of the memory cell): zero or learned. */
    public UnitGroup.InitialStateKind initialState() {
        return initialState;
    }

    public void setInitialState(UnitGroup.InitialStateKind initialState) {
        this.initialState = initialState;
    }

    /** Reservoir only: the largest absolute eigenvalue its recurrent weights are scaled to. */
    public double spectralRadius() {
        return spectralRadius;
    }

    public void setSpectralRadius(double spectralRadius) {
        this.spectralRadius = spectralRadius;
    }

    /** Reservoir only: the fraction of recurrent weights that are not zero (each drawn with this probability). */
    public double connectivity() {
        return connectivity;
    }

    public void setConnectivity(double connectivity) {
        this.connectivity = connectivity;
    }

    /** Reservoir only: the input weights (and feedback weights) are uniform in [-scaling, scaling]. */
    public double inputScaling() {
        return inputScaling;
    }

    public void setInputScaling(double inputScaling) {
        this.inputScaling = inputScaling;
    }

    /** Reservoir only: a in h = (1 - a) h' + a tanh(...); 1 is Jaeger's plain reservoir. */
    public double leakRate() {
        return leakRate;
    }

    public void setLeakRate(double leakRate) {
        this.leakRate = leakRate;
    }

    /** Reservoir only: the fixed biases are uniform in [-scaling, scaling]; 0 means none. */
    public double biasScaling() {
        return biasScaling;
    }

    public void setBiasScaling(double biasScaling) {
        this.biasScaling = biasScaling;
    }

    /** Reservoir only: the seed its fixed weights are drawn from: the same seed, the same reservoir. */
    public long seed() {
        return seed;
    }

    public void setSeed(long seed) {
        this.seed = seed;
    }

    /** Whether the cell reads the sequence backwards in time: its recurrent connections reach t + 1 (see {@link Connection#reverse}). */
    public boolean reverse() {
        return reverse;
    }

    public void setReverse(boolean reverse) {
        this.reverse = reverse;
    }

    /** What the cell is in one line, as its closed block in the diagram and in exported pictures says it. */
    public String summary() {
        return (reverse ? "\u2190 " : "") + kindSummary();
    }

    private String kindSummary() {
        switch (kind) {
        case LSTM:
            return "LSTM \u00b7 " + size + " \u00b7 keep, write, read" + (peepholes ? " \u00b7 peepholes" : "");
        case GRU:
            return "GRU \u00b7 " + size + " \u00b7 reset, update";
        case ELMAN:
            return "Elman \u00b7 " + size + " \u00b7 " + activation.fileName();
        case RESERVOIR:
            return "reservoir \u00b7 " + size + " \u00b7 \u03c1 " + spectralRadius + (leakRate < 1 ? " \u00b7 leak " + leakRate : "");
        default:
            throw new IllegalStateException(kind.name());
        }
    }

    @Override
    public String toString() {
        return "'" + id + "'";
    }
}
