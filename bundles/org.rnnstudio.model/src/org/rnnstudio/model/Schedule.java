package org.rnnstudio.model;

/** How the learning rate changes over epochs, spelt in files in lower case ("step"). */
public enum Schedule {
    CONSTANT,
    /** multiplied by gamma every stepEvery epochs */
    STEP,
    /** multiplied by gamma every epoch */
    EXPONENTIAL;

    public static final Schedule DEFAULT = CONSTANT;

    public String fileName() {
        return ModelFile.fileName(this);
    }
}
