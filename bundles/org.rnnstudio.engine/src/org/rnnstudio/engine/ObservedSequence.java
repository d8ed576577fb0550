package org.rnnstudio.engine;

/**
 * One sequence for a hidden-state model (kind {@code lds} or {@code hmm}): its name in the data file, the
 * observations {@code y[step][dimension]} (NaN = not observed at that step; an HMM's categorical symbol is
 * its index in {@code y[step][0]}), and the driving inputs {@code u[step][unit]} (no columns when there are
 * none).
 */
public record ObservedSequence(String name, double[][] y, double[][] u) {

    public int length() {
        return y.length;
    }

    /** True when the step has every observation: a step with any missing one counts as unobserved. */
    public boolean observed(int step) {
        for (double v : y[step]) {
            if (Double.isNaN(v)) {
                return false;
            }
        }
        return true;
    }
}
