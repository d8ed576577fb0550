package org.rnnstudio.ui.tests.workbench;

import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;

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
}
