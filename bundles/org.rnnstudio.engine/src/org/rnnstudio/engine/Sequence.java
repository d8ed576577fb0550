package org.rnnstudio.engine;

import java.util.Map;

/**
 * One sequence of a data set: per input group id, the values at each step ({@code [step][unit]}); per output
 * group id, the targets at each step (NaN = no target for that unit at that step); and the name its file
 * gives it (a CSV file's sequence column), or null when it was generated.
 */
public record Sequence(int length, Map<String, double[][]> inputs, Map<String, double[][]> targets, String id) {

    public Sequence(int length, Map<String, double[][]> inputs, Map<String, double[][]> targets) {
        this(length, inputs, targets, null);
    }

    /** The same steps under a name. */
    public Sequence named(String name) {
        return new Sequence(length, inputs, targets, name);
    }
}
