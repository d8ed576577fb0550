package org.rnnstudio.ui.tests.workbench;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Paths;

import org.eclipse.core.resources.IProject;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.gef.EditPart;
import org.eclipse.gef.ui.actions.UpdateAction;
import org.eclipse.jface.action.IAction;
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

    /** The text of the lecture's binary adder, as the examples hold it. */
    static String adderText() throws Exception {
        return Files.readString(Paths.get(System.getProperty("rnnstudio.examples"), "binary-adder", "binary-adder.rnn"));
    }

    /** The edit part that shows a model element in an editor, or null. */
    static EditPart part(RnnEditor editor, Object model) {
        return (EditPart) editor.getGraphicalViewer().getEditPartRegistry().get(model);
    }

    /** Lays the diagram out and paints it now, not when a loaded machine's event loop gets to it. */
    static void settle(RnnEditor editor) {
        ((org.eclipse.gef.GraphicalEditPart) editor.getGraphicalViewer().getRootEditPart()).getFigure().getUpdateManager().performUpdate();
    }

    /** Runs one of the editor's actions as its menu entry does, after checking that it is enabled. */
    static void runAction(RnnEditor editor, String id) {
        IAction action = editor.getActionRegistry().getAction(id);
        assertNotNull(action, id);
        if (action instanceof UpdateAction update) {
            update.update();
        }
        assertTrue(action.isEnabled(), id + " enabled");
        action.run();
    }
}
