package org.rnnstudio.help;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.commands.ExecutionException;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.handlers.HandlerUtil;
import org.eclipse.ui.ide.IDE;

/**
 * Opens a file of the examples project in its editor: the first thing each step of the tour does, so that the
 * command after it (Train, Show Unrolled, a view) acts on that example.
 */
public class OpenExample extends AbstractHandler {

    public static final String ID = "org.rnnstudio.help.openExample";
    public static final String PATH = "org.rnnstudio.help.openExample.path";
    /** The project the examples are imported into on first start (see org.rnnstudio.studio.ExamplesImport). */
    public static final String PROJECT = "examples";

    /** The workspace file a path inside the examples project names. */
    public static IFile file(String path) {
        return ResourcesPlugin.getWorkspace().getRoot().getProject(PROJECT).getFile(path);
    }

    @Override
    public Object execute(ExecutionEvent event) throws ExecutionException {
        String path = event.getParameter(PATH);
        if (path == null || path.isBlank()) {
            throw new ExecutionException("Open Example needs the parameter " + PATH + ": a path inside the project '" + PROJECT + "'");
        }
        IFile file = file(path);
        if (!file.exists()) {
            throw new ExecutionException("No example " + file.getFullPath() + " in the workspace: the project '" + PROJECT
                    + "' is imported on the first start of a workspace; import the examples folder to follow the tour");
        }
        IWorkbenchWindow window = HandlerUtil.getActiveWorkbenchWindowChecked(event);
        try {
            IDE.openEditor(window.getActivePage(), file, true);
        } catch (PartInitException e) {
            throw new ExecutionException("Could not open " + file.getFullPath() + ": " + e.getMessage(), e);
        }
        return null;
    }
}
