package org.rnnstudio.engine;

import java.util.Map;

/**
 * One sequence of a data set: per input group id, the values at each step ({@code [step][unit]}); per output
 * group id, the targets at each step (NaN = no target for that unit at that step); the name its file gives it
 * (a CSV file's sequence column), or null when it was generated; and per output group id with a sequence-level
 * loss (ctc), the label sequence that the whole sequence should read as, with no alignment (classes 1 .. n-1).
 */
public record Sequence(int length, Map<String, double[][]> inputs, Map<String, double[][]> targets, String id, Map<String, int[]> labels) {

    public Sequence(int length, Map<String, double[][]> inputs, Map<String, double[][]> targets) {
        this(length, inputs, targets, null, Map.of());
    }

    public Sequence(int length, Map<String, double[][]> inputs, Map<String, double[][]> targets, String id) {
        this(length, inputs, targets, id, Map.of());
    }

    /** The same steps under a name. */
    public Sequence named(String name) {
        return new Sequence(length, inputs, targets, name, labels);
    }

    /** The same steps with label sequences for some output groups. */
    public Sequence labelled(Map<String, int[]> newLabels) {
        return new Sequence(length, inputs, targets, id, Map.copyOf(newLabels));
    }
}
