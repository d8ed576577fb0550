package org.rnnstudio.engine;

import org.ejml.data.DMatrixRMaj;

/**
 * The loss of one output group over a whole sequence at once, for targets that are a label sequence with no
 * alignment (connectionist temporal classification). The pass asks it after the forward pass, with the total
 * inputs net of every step; its derivative is with respect to net, and the backward pass adds it at each step.
 */
public interface SequenceLoss {

    /**
     * E of sequence b over its first {@code length} steps (row b of net[t]); when {@code into} is not null,
     * into[t] row b += scale dE/dnet_t for t below length.
     */
    double value(DMatrixRMaj[] net, int b, int length, int[] labels, double scale, DMatrixRMaj[] into);

    /** The labels read off the outputs y (row b of y[t], t below length). */
    int[] read(DMatrixRMaj[] y, int b, int length);
}
