package org.rnnstudio.engine;

import org.ejml.data.DMatrixRMaj;

/**
 * What a training step asks of a pass through time: the whole sequence at once ({@link Pass}) or in
 * recomputed segments ({@link CheckpointedPass}).
 */
public interface GradientPass {

    /** Runs the batch forward through all steps; returns the loss summed over sequences. */
    double forward(Network network, Batch data);

    /** Adds the gradient of the mean loss per sequence into {@code gradients}, after {@link #forward}; truncated BPTT in chunks of truncation > 0 steps. */
    void backward(Network network, Batch data, DMatrixRMaj[] gradients, int truncation);

    /** ||dE/dy|| of plan group g at every step, after {@link #backward}. */
    double[] gradientNorms(int g);

    int correctCount();

    /** The edit distance of the ctc outputs' readings from their labels (0 without a ctc output, which only {@link Pass} runs). */
    default long labelEdits() {
        return 0;
    }

    /** The labels the ctc outputs carried (0 without one). */
    default long labelCount() {
        return 0;
    }

    /** Where the last forward pass first left the finite numbers, or null. */
    String firstNonFinite();
}
