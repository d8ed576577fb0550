package org.rnnstudio.ui.tests.workbench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.Platform;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.TreeItem;
import org.eclipse.ui.IPageLayout;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.console.IConsoleConstants;
import org.eclipse.ui.navigator.CommonNavigator;
import org.junit.jupiter.api.Test;
import org.rnnstudio.ui.perspective.RnnStudioPerspective;
import org.rnnstudio.ui.tests.Ui;

/** Inside the RNN Studio product's workbench, started the way the product starts. */
class StudioWorkbenchTest {

    @Test
    void studioWindowShowsTheExamplesProjectInProjectExplorer() throws Exception {
        IWorkbenchWindow window = PlatformUI.getWorkbench().getActiveWorkbenchWindow();
        assertNotNull(window, "a workbench window is open");
        Display display = window.getShell().getDisplay();
        Shell shell = window.getShell();
        shell.setSize(1280, 860);

        assertEquals("RNN Studio", Platform.getProduct().getName());
        assertTrue(Platform.getProduct().getProperty("aboutText").startsWith("RNN Studio"));
        assertTrue(Ui.waitUntil(display, 5000, () -> shell.getText().contains("RNN Studio")),
                "window title: " + shell.getText());

        IWorkbenchPage page = window.getActivePage();
        assertEquals(RnnStudioPerspective.ID, page.getPerspective().getId(), "the product opens its own perspective");
        for (String view : new String[] {IPageLayout.ID_PROJECT_EXPLORER, IPageLayout.ID_OUTLINE,
                IPageLayout.ID_PROBLEM_VIEW, IPageLayout.ID_PROP_SHEET, IConsoleConstants.ID_CONSOLE_VIEW}) {
            assertNotNull(page.findViewReference(view), view + " is in the perspective");
        }

        IProject examples = ResourcesPlugin.getWorkspace().getRoot().getProject("examples");
        assertTrue(Ui.waitUntil(display, 60_000, () -> examples.isOpen()), "the examples project was imported");
        assertTrue(examples.getFile("README.md").exists(), "the examples were copied into the workspace");

        CommonNavigator explorer = (CommonNavigator) page.showView(IPageLayout.ID_PROJECT_EXPLORER);
        assertTrue(Ui.waitUntil(display, 10_000, () -> {
            explorer.getCommonViewer().refresh();
            return Arrays.stream(explorer.getCommonViewer().getTree().getItems()).map(TreeItem::getText)
                    .anyMatch("examples"::equals);
        }), "Project Explorer lists the examples project");
        explorer.getCommonViewer().expandToLevel(examples, 1);
        Ui.screenshot(shell, "studio-workbench.png");
    }
}
