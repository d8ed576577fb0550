package org.rnnstudio.engine;

import java.util.Map;

/**
 * One sequence of a data set: per input group id, the values at each step ({@code [step][unit]}); per output
 * group id, the targets at each step (NaN = no target for that unit at that step).
 */
public record Sequence(int length, Map<String, double[][]> inputs, Map<String, double[][]> targets) {
}
