package org.rnnstudio.engine;

/**
 * Inference in a hidden-state model cannot go on: a covariance that must be positive definite is not, or
 * the observations have probability 0 under the model. The message names the sequence and step.
 */
public final class InferenceException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InferenceException(String message) {
        super(message);
    }
}
