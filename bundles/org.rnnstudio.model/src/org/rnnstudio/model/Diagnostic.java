package org.rnnstudio.model;

/**
 * One finding about a model: how bad, which element (group or connection id; null for the file as a
 * whole), and what is wrong in words a person can act on. Line and column are set for problems found while
 * reading the file (0 when unknown).
 */
public record Diagnostic(Severity severity, String elementId, String message, int line, int column) {

    public enum Severity {
        ERROR, WARNING
    }

    public static Diagnostic error(String elementId, String message) {
        return new Diagnostic(Severity.ERROR, elementId, message, 0, 0);
    }

    public static Diagnostic warning(String elementId, String message) {
        return new Diagnostic(Severity.WARNING, elementId, message, 0, 0);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** "error at line 3, column 7: ..." or "error in 'hidden': ...", as the command line prints it. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(severity.name().toLowerCase(java.util.Locale.ROOT));
        if (line > 0) {
            text.append(" at line ").append(line).append(", column ").append(column);
        }
        if (elementId != null) {
            text.append(" in '").append(elementId).append('\'');
        }
        return text.append(": ").append(message).toString();
    }
}
