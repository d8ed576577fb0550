package org.rnnstudio.model;

/**
 * How weights start, spelt in files in lower case with '-' ("small-uniform"). Biases and learned initial
 * states start at zero (or the file's values).
 */
public enum Initialization {
    /** uniform in [-scale, scale] */
    SMALL_UNIFORM,
    /** uniform in +-sqrt(6 / (fan in + fan out)) (Glorot and Bengio 2010) */
    GLOROT,
    /** a random orthogonal matrix times scale, for square recurrent matrices; Glorot otherwise */
    ORTHOGONAL,
    /** scale times the identity for square recurrent matrices (Le et al. 2015); Glorot otherwise */
    SCALED_IDENTITY;

    public static final Initialization DEFAULT = GLOROT;

    public String fileName() {
        return ModelFile.fileName(this);
    }
}
