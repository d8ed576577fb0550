package org.rnnstudio.engine;

/**
 * Hears how fitting a hidden-state model by EM goes: the log-likelihood of the data after each iteration
 * (iteration 0 is the start). Fitting stops early when {@link #stopRequested()} says so.
 */
public interface FitListener {

    void iteration(int iteration, double logLikelihood);

    default boolean stopRequested() {
        return false;
    }
}
