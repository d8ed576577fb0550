package org.rnnstudio.ui.tests.workbench;

import org.eclipse.core.resources.IProject;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.rnnstudio.ui.editor.RnnEditor;
import org.rnnstudio.ui.training.TrainingJob;

/**
 * What the tests that open models and train them share: a fresh project per test, a window large enough
 * for the views, and afterwards no training left running and no editor left open.
 */
abstract class WorkbenchFixture {

    protected IWorkbenchPage page;
    protected IProject project;
    protected Display display;

    /** The project each test starts with, empty. */
    abstract String projectName();

    @BeforeEach
    void freshProject() throws Exception {
        page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
        display = Display.getCurrent();
        project = Projects.fresh(projectName());
        page.getWorkbenchWindow().getShell().setSize(1400, 900);
    }

    @AfterEach
    void stopTrainingAndCloseEditors() throws Exception {
        Job.getJobManager().cancel(TrainingJob.FAMILY);
        Job.getJobManager().join(TrainingJob.FAMILY, null);
        page.closeAllEditors(false);
    }

    protected RnnEditor open(String name, String text) throws Exception {
        return Projects.openModel(page, project, name, text);
    }
}
