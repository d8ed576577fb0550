package org.rnnstudio.ui.tests.workbench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Paths;

import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.e4.ui.model.application.ui.basic.MPart;
import org.eclipse.swt.custom.CTabFolder;
import org.eclipse.swt.custom.CTabItem;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.IViewPart;
import org.eclipse.ui.IWorkbenchPart;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.handlers.IHandlerService;
import org.junit.jupiter.api.Test;
import org.rnnstudio.ui.editor.RnnEditor;
import org.rnnstudio.ui.tests.Ui;
import org.rnnstudio.ui.training.ActivationsView;
import org.rnnstudio.ui.training.GradientsView;
import org.rnnstudio.ui.training.TrainingJob;
import org.rnnstudio.ui.training.TrainingView;
import org.rnnstudio.ui.training.WeightsView;
import org.rnnstudio.ui.unrolled.UnrolledView;

/** The RNN Studio perspective at the project's standard screen, 1600x1000: every view has room to be read. */
class StudioLayoutTest extends WorkbenchFixture {

    /** A chart over epochs or steps needs this much to show its axes, legend and a readable curve. */
    static final int INSPECTION_MIN_WIDTH = 900;
    static final int INSPECTION_MIN_HEIGHT = 280;
    static final int UNROLLED_MIN_WIDTH = 400;
    static final int UNROLLED_MIN_HEIGHT = 300;
    static final int EDITOR_MIN_WIDTH = 600;
    static final int EDITOR_MIN_HEIGHT = 350;

    @Override
    String projectName() {
        return "layout-test";
    }

    static Point sizeOf(IWorkbenchPart part) {
        MPart model = part.getSite().getService(MPart.class);
        return ((Control) model.getWidget()).getSize();
    }

    @Test
    void everyInspectionViewHasRoomAt1600x1000() throws Exception {
        Shell shell = page.getWorkbenchWindow().getShell();
        shell.setBounds(0, 0, 1600, 1000);
        page.resetPerspective();
        Ui.spin(display, 300);
        String adder = Files.readString(Paths.get(System.getProperty("rnnstudio.examples"), "binary-adder", "binary-adder.rnn"))
                .replace("\"epochs\": 30,", "\"epochs\": 40,");
        RnnEditor editor = open("binary-adder.rnn", adder);
        PlatformUI.getWorkbench().getService(IHandlerService.class).executeCommand("org.rnnstudio.ui.train", null);
        assertTrue(Ui.waitUntil(display, 120_000, () -> Job.getJobManager().find(TrainingJob.FAMILY).length == 0), "training ends");

        for (String id : new String[] {TrainingView.ID, GradientsView.ID, ActivationsView.ID, WeightsView.ID}) {
            IViewPart view = page.showView(id);
            Ui.spin(display, 200);
            Point size = sizeOf(view);
            assertTrue(size.x >= INSPECTION_MIN_WIDTH && size.y >= INSPECTION_MIN_HEIGHT,
                    id + " is " + size.x + "x" + size.y + ", at least " + INSPECTION_MIN_WIDTH + "x" + INSPECTION_MIN_HEIGHT + " is needed");
            tabShowsItsName(view);
        }
        Point unrolled = sizeOf(page.showView(UnrolledView.ID));
        assertTrue(unrolled.x >= UNROLLED_MIN_WIDTH && unrolled.y >= UNROLLED_MIN_HEIGHT, "Unrolled in Time is " + unrolled);
        for (String id : new String[] {org.rnnstudio.ui.dynamics.DynamicsView.ID, org.rnnstudio.ui.pen.PenView.ID}) {
            IViewPart shown = page.showView(id);
            Ui.spin(display, 300);
            Point beside = sizeOf(shown);
            assertTrue(beside.x >= UNROLLED_MIN_WIDTH && beside.y >= UNROLLED_MIN_HEIGHT, id + " opens beside the diagram, not in the tools: " + beside);
            page.hideView(page.findView(id));
        }
        Point diagram = sizeOf(editor);
        assertTrue(diagram.x >= EDITOR_MIN_WIDTH && diagram.y >= EDITOR_MIN_HEIGHT, "the diagram is " + diagram);

        page.showView(TrainingView.ID);
        page.activate(editor);
        Ui.spin(display, 500);
        Ui.screenshot(shell, "studio-perspective.png");
    }

    /**
     * The picture for the README and docs/studio.md: a workspace with nothing but the examples, as a person
     * gets it on first start, the binary adder trained and the Run History open beside the charts.
     */
    @Test
    void theExamplesTrainedInACleanWorkspace() throws Exception {
        Shell shell = page.getWorkbenchWindow().getShell();
        shell.setBounds(0, 0, 1600, 1000);
        page.closeAllEditors(false);
        page.resetPerspective();
        org.eclipse.core.resources.IProject examples = org.eclipse.core.resources.ResourcesPlugin.getWorkspace().getRoot().getProject("examples");
        assertTrue(Ui.waitUntil(display, 60_000, examples::isOpen), "the examples were imported");
        for (org.eclipse.core.resources.IProject p : org.eclipse.core.resources.ResourcesPlugin.getWorkspace().getRoot().getProjects()) {
            if (!p.equals(examples)) {
                p.delete(true, true, null);
            }
        }
        RnnEditor editor = (RnnEditor) org.eclipse.ui.ide.IDE.openEditor(page, examples.getFile("binary-adder/binary-adder.rnn"));
        page.activate(editor);
        PlatformUI.getWorkbench().getService(IHandlerService.class).executeCommand("org.rnnstudio.ui.train", null);
        assertTrue(Ui.waitUntil(display, 120_000, () -> Job.getJobManager().find(TrainingJob.FAMILY).length == 0), "training ends");
        page.showView(org.rnnstudio.ui.history.RunHistoryView.ID, null, org.eclipse.ui.IWorkbenchPage.VIEW_VISIBLE);
        org.eclipse.ui.navigator.CommonNavigator explorer = (org.eclipse.ui.navigator.CommonNavigator) page.showView(
                org.eclipse.ui.IPageLayout.ID_PROJECT_EXPLORER);
        explorer.getCommonViewer().expandToLevel(examples.getFolder("binary-adder"), 1);
        page.showView(TrainingView.ID);
        page.activate(editor);
        Ui.spin(display, 800);
        assertEquals(1, org.eclipse.core.resources.ResourcesPlugin.getWorkspace().getRoot().getProjects().length, "only the examples");
        Ui.screenshot(shell, "studio-clean.png");
    }

    /** Its tab is not pushed into the chevron, and is as wide as its name. */
    private static void tabShowsItsName(IViewPart view) {
        String name = ((org.eclipse.ui.IWorkbenchPart2) view).getPartName();
        Control control = (Control) view.getSite().getService(MPart.class).getWidget();
        CTabFolder folder = null;
        for (Control c = control; c != null; c = c.getParent()) {
            if (c instanceof CTabFolder f) {
                folder = f;
                break;
            }
        }
        assertNotNull(folder, view.getTitle() + " is in a tab folder");
        CTabItem tab = null;
        for (CTabItem item : folder.getItems()) {
            if (item.getText().startsWith(name)) {
                tab = item;
            }
        }
        assertNotNull(tab, "a tab for " + name);
        assertTrue(tab.isShowing(), name + "'s tab is shown, not in the chevron");
        GC gc = new GC(folder);
        try {
            int needed = gc.textExtent(tab.getText()).x;
            assertTrue(tab.getBounds().width >= needed, name + "'s tab is " + tab.getBounds().width + " px, its name " + needed);
        } finally {
            gc.dispose();
        }
        assertEquals(folder, tab.getParent());
    }
}
