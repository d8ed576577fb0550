package org.rnnstudio.model;

/**
 * The precision of a training run's matrix products, spelt in files in lower case ("float32"). Weights, states,
 * gates, losses and updates are always in double precision; only the products that dominate a large step (the
 * recurrent and input products, the weight gradients) can run in single precision, where the processor does
 * twice as many multiply-adds a cycle and moves half the bytes (docs/benchmarks.md).
 */
public enum Precision {
    /** every product in double precision: the numbers the gradient checks and the conformance data hold */
    FLOAT64,
    /**
     * each product's operands rounded to float32 and summed in float32, the result added to the double
     * value; about 7 significant digits a product instead of 16
     */
    FLOAT32;

    public static final Precision DEFAULT = FLOAT64;

    public String fileName() {
        return ModelFile.fileName(this);
    }
}
