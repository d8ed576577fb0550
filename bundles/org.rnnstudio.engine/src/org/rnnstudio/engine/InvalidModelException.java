package org.rnnstudio.engine;

import java.util.List;
import java.util.stream.Collectors;

import org.rnnstudio.model.Diagnostic;

/** The model has errors, so no plan can be made from it; the diagnostics say which and where. */
public class InvalidModelException extends Exception {

    private static final long serialVersionUID = 1L;
    private final transient List<Diagnostic> diagnostics;

    public InvalidModelException(List<Diagnostic> diagnostics) {
        super(diagnostics.stream().filter(Diagnostic::isError).map(Diagnostic::toString).collect(Collectors.joining("\n")));
        this.diagnostics = List.copyOf(diagnostics);
    }

    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }
}
