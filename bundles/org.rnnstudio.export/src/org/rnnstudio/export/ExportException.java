package org.rnnstudio.export;

/** An export that cannot be done; the message names the element or file and says why, in a person's words. */
public final class ExportException extends Exception {
    private static final long serialVersionUID = 1L;

    public ExportException(String message) {
        super(message);
    }
}
