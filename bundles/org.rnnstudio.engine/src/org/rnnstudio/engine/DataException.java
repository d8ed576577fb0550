package org.rnnstudio.engine;

/** Data that cannot be used: the message names the file and line, or the spec, and the problem. */
public class DataException extends Exception {

    private static final long serialVersionUID = 1L;

    public DataException(String message) {
        super(message);
    }
}
