package org.rnnstudio.ui.editor;

import java.util.List;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.WorkspaceJob;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.rnnstudio.model.Diagnostic;

/**
 * Shows the validator's diagnostics as problem markers on the model file, in a workspace job (markers
 * cannot be changed while the workspace is notifying). Each marker carries the element id, so a double
 * click in the Problems view selects the element on the canvas.
 */
public final class MarkerUpdater extends WorkspaceJob {

    public static final String MARKER = "org.rnnstudio.ui.problem";
    public static final String ELEMENT_ID = "elementId";
    /** The job family, for waiting until markers are current. */
    public static final Object FAMILY = MarkerUpdater.class;

    private final IFile file;
    private final List<Diagnostic> diagnostics;

    private MarkerUpdater(IFile file, List<Diagnostic> diagnostics) {
        super("Updating RNN Studio problems of " + file.getName());
        this.file = file;
        this.diagnostics = List.copyOf(diagnostics);
        setRule(file);
        setSystem(true);
    }

    public static void schedule(IFile file, List<Diagnostic> diagnostics) {
        new MarkerUpdater(file, diagnostics).schedule();
    }

    @Override
    public boolean belongsTo(Object family) {
        return family == FAMILY;
    }

    @Override
    public IStatus runInWorkspace(IProgressMonitor monitor) throws CoreException {
        if (!file.exists()) {
            return Status.OK_STATUS;
        }
        file.deleteMarkers(MARKER, false, IResource.DEPTH_ZERO);
        for (Diagnostic d : diagnostics) {
            IMarker m = file.createMarker(MARKER);
            m.setAttribute(IMarker.MESSAGE, d.message());
            m.setAttribute(IMarker.SEVERITY, d.isError() ? IMarker.SEVERITY_ERROR : IMarker.SEVERITY_WARNING);
            if (d.elementId() != null) {
                m.setAttribute(ELEMENT_ID, d.elementId());
                m.setAttribute(IMarker.LOCATION, d.elementId());
            }
            if (d.line() > 0) {
                m.setAttribute(IMarker.LINE_NUMBER, d.line());
                m.setAttribute(IMarker.LOCATION, "line " + d.line() + ", column " + d.column());
            }
        }
        return Status.OK_STATUS;
    }
}
