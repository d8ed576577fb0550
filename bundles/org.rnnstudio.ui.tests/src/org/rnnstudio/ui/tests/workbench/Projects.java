package org.rnnstudio.ui.tests.workbench;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.ide.IDE;
import org.rnnstudio.ui.editor.RnnEditor;
import org.rnnstudio.ui.tests.Ui;

/** The workspace projects the workbench tests write their models into. */
final class Projects {

    private Projects() {
    }

    /** A new, open, empty project of this name; one left by an earlier test is deleted first. */
    static IProject fresh(String name) throws CoreException {
        IProject project = ResourcesPlugin.getWorkspace().getRoot().getProject(name);
        if (project.exists()) {
            project.delete(true, true, null);
        }
        project.create(null);
        project.open(null);
        return project;
    }

    /** Writes a model file into the project and opens it in the active, RNN Studio editor. */
    static RnnEditor openModel(IWorkbenchPage page, IProject project, String name, String text) throws Exception {
        IFile f = project.getFile(name);
        f.create(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), true, null);
        RnnEditor editor = (RnnEditor) IDE.openEditor(page, f);
        page.activate(editor);
        Ui.spin(Display.getCurrent(), 100);
        return editor;
    }
}
