package org.rnnstudio.model;

/** How the momentum changes over the updates, spelt in files in lower case ("rising"). */
public enum MomentumSchedule {
    /** the momentum setting at every update */
    CONSTANT,
    /**
     * Sutskever, Martens, Dahl and Hinton (2013): at update t (from 0), min(1 - 2^(-1 - log2(floor(t / 250) + 1)),
     * momentum): 0.5, then 0.75 after 250 updates, 0.875 after 750, ... up to the momentum setting (0.99 in the paper)
     */
    RISING;

    public static final MomentumSchedule DEFAULT = CONSTANT;

    /** The momentum at update t (counted from 0) when the setting is max. */
    public double at(long t, double max) {
        if (this == CONSTANT) {
            return max;
        }
        double log2 = Math.log(Math.floorDiv(t, 250) + 1) / Math.log(2);
        return Math.min(1 - Math.pow(2, -1 - log2), max);
    }

    public String fileName() {
        return ModelFile.fileName(this);
    }
}
