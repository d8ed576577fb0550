package org.rnnstudio.engine.dynamics;

/** What a free run does once its transient has passed: the lecture's list of what an RNN can exhibit. */
public enum Behaviour {
    /** the state stops moving: a point attractor */
    SETTLES("settles to a point", "settle to a point"),
    /** the state comes back to itself after p > 1 steps */
    PERIODIC("oscillates (a limit cycle)", "oscillate (a limit cycle)"),
    /** the state keeps moving and comes back close, never exactly: a closed curve or torus, zero Lyapunov exponent */
    QUASI_PERIODIC("oscillates (quasi-periodic)", "oscillate (quasi-periodic)"),
    /** nearby states part exponentially: positive Lyapunov exponent */
    CHAOTIC("is chaotic", "are chaotic"),
    /** the state grows without bound */
    DIVERGES("diverges", "diverge");

    private final String words;
    private final String plural;

    Behaviour(String words, String plural) {
        this.words = words;
        this.plural = plural;
    }

    /** "settles to a point", "is chaotic": what the network does, to follow "the network". */
    public String words() {
        return words;
    }

    /** The same for "runs": "settle to a point", "are chaotic". */
    public String plural() {
        return plural;
    }
}
