package org.rnnstudio.engine.dynamics;

/** The network cannot be looked at as a dynamical system; the message says why in a person's words. */
public final class DynamicsException extends Exception {
    private static final long serialVersionUID = 1L;

    public DynamicsException(String message) {
        super(message);
    }
}
