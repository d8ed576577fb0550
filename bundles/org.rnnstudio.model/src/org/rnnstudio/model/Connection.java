package org.rnnstudio.model;

/**
 * Carries one group's output into another, {@code delay} steps later (0 = the same step). Weights live on
 * connections: a full matrix, a diagonal (one-to-one), or none (identity). Connections that name the same
 * shared weight group use one set of weights, and their gradients are summed (the lecture's w1 = w2).
 */
public final class Connection {

    public enum Kind {
        FULL, ONE_TO_ONE, IDENTITY;

        public boolean hasWeights() {
            return this != IDENTITY;
        }
    }

    private String id;
    private String from;
    private String to;
    private Kind kind = Kind.FULL;
    private int delay;
    private String sharedWeights;
    private boolean trainable = true;
    private double scale = 1;
    private boolean reverse;

    public Connection(String id, String from, String to, Kind kind, int delay) {
        this.id = id;
        this.from = from;
        this.to = to;
        this.kind = kind;
        this.delay = delay;
    }

    public String id() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public String from() {
        return from;
    }

    public void setFrom(String from) {
        this.from = from;
    }

    public String to() {
        return to;
    }

    public void setTo(String to) {
        this.to = to;
    }

    public Kind kind() {
        return kind;
    }

    public void setKind(Kind kind) {
        this.kind = kind;
    }

    public int delay() {
        return delay;
    }

    public void setDelay(int delay) {
        this.delay = delay;
    }

    /** The name of the weight group this connection shares, or null for weights of its own. */
    public String sharedWeights() {
        return sharedWeights;
    }

    public void setSharedWeights(String sharedWeights) {
        this.sharedWeights = sharedWeights;
    }

    public boolean trainable() {
        return trainable;
    }

    public void setTrainable(boolean trainable) {
        this.trainable = trainable;
    }

    /**
     * The fixed factor of an identity connection (1 copies the signal, -1 subtracts it); other kinds learn
     * their weights and keep 1 here.
     */
    public double scale() {
        return scale;
    }

    public void setScale(double scale) {
        this.scale = scale;
    }

    /**
     * Whether the connection reads the future: its delay reaches step t + delay instead of t - delay, so that
     * the group it feeds runs from the last step to the first (the backward half of a bidirectional network).
     */
    public boolean reverse() {
        return reverse;
    }

    public void setReverse(boolean reverse) {
        this.reverse = reverse;
    }

    /** The key of the weights this connection uses: its shared group, or its own id. */
    public String weightKey() {
        return sharedWeights != null ? sharedWeights : id;
    }

    @Override
    public String toString() {
        return "'" + id + "'";
    }
}
