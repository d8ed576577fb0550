package org.rnnstudio.model;

import java.util.Locale;

/** What a unit group does to its total input: the lecture's linear, logistic, tanh and relu units, and softmax. */
public enum Activation {
    LINEAR, LOGISTIC, TANH, RELU, SOFTMAX;

    /** The name used in model files. */
    public String fileName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Reads a name from a model file; returns null for a name that is not an activation. */
    public static Activation fromFileName(String name) {
        for (Activation a : values()) {
            if (a.fileName().equals(name)) {
                return a;
            }
        }
        return null;
    }
}
