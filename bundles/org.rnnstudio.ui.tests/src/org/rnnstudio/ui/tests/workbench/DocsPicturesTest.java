package org.rnnstudio.ui.tests.workbench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Set;

import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.gef.Request;
import org.eclipse.gef.RequestConstants;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.IPageLayout;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.handlers.IHandlerService;
import org.eclipse.ui.ide.IDE;
import org.eclipse.ui.navigator.CommonNavigator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rnnstudio.ui.dynamics.DynamicsView;
import org.rnnstudio.ui.editor.RnnEditor;
import org.rnnstudio.ui.editor.parts.CellPart;
import org.rnnstudio.ui.tests.Ui;
import org.rnnstudio.ui.training.GradientsView;
import org.rnnstudio.ui.training.TrainingJob;
import org.rnnstudio.ui.training.TrainingView;
import org.rnnstudio.ui.unrolled.UnrolledView;

/**
 * The pictures of the README and docs/, taken as a person sees the studio: at 1600x1000, on a workspace that
 * holds nothing but the examples project, the perspective as it first opens. Each test checks that what the
 * picture is to show is on screen before it is taken (saved under -Drnnstudio.screenshots, copied to
 * docs/images by hand after looking at them).
 */
class DocsPicturesTest {

    private IWorkbenchPage page;
    private Shell shell;
    private IProject examples;

    @BeforeEach
    void aCleanWorkspace() throws Exception {
        page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
        shell = page.getWorkbenchWindow().getShell();
        shell.setBounds(0, 0, 1600, 1000);
        page.closeAllEditors(false);
        page.resetPerspective();
        examples = ResourcesPlugin.getWorkspace().getRoot().getProject("examples");
        assertTrue(Ui.waitUntil(shell.getDisplay(), 60_000, examples::isOpen), "the examples were imported");
        for (IProject p : ResourcesPlugin.getWorkspace().getRoot().getProjects()) {
            if (!p.equals(examples)) {
                p.delete(true, true, null);
            }
        }
        assertEquals(1, ResourcesPlugin.getWorkspace().getRoot().getProjects().length, "only the examples");
    }

    @AfterEach
    void closeEverything() throws Exception {
        Job.getJobManager().cancel(TrainingJob.FAMILY);
        Job.getJobManager().join(TrainingJob.FAMILY, null);
        page.closeAllEditors(false);
    }

    private RnnEditor openExample(String path) throws Exception {
        RnnEditor editor = (RnnEditor) IDE.openEditor(page, examples.getFile(path));
        CommonNavigator explorer = (CommonNavigator) page.showView(IPageLayout.ID_PROJECT_EXPLORER);
        explorer.getCommonViewer().collapseAll();
        explorer.getCommonViewer().expandToLevel(examples, 1);
        explorer.getCommonViewer().expandToLevel(examples.getFile(path).getParent(), 1);
        explorer.getCommonViewer().setSelection(new StructuredSelection(examples.getFile(path)), true);
        explorer.getCommonViewer().getTree().setTopItem(explorer.getCommonViewer().getTree().getItem(0));
        page.activate(editor);
        Ui.spin(shell.getDisplay(), 500);
        return editor;
    }

    private void train() throws Exception {
        PlatformUI.getWorkbench().getService(IHandlerService.class).executeCommand("org.rnnstudio.ui.train", null);
        assertTrue(Ui.waitUntil(shell.getDisplay(), 120_000, () -> Job.getJobManager().find(TrainingJob.FAMILY).length == 0), "training ends");
        Ui.spin(shell.getDisplay(), 500);
    }

    @Test
    void whatTheStudioOpensOn() throws Exception {
        RnnEditor editor = openExample("binary-adder/binary-adder.rnn");
        page.showView(UnrolledView.ID);
        page.activate(editor);
        Ui.spin(shell.getDisplay(), 500);
        assertEquals(editor, page.getActiveEditor());
        Ui.screenshot(shell, "rnnstudio-studio.png");
    }

    @Test
    void theBinaryAdderInTheEditorAndUnrolled() throws Exception {
        RnnEditor editor = openExample("binary-adder/binary-adder.rnn");
        page.showView(UnrolledView.ID);
        page.showView(IPageLayout.ID_PROP_SHEET, null, IWorkbenchPage.VIEW_VISIBLE);
        page.activate(editor);
        editor.getGraphicalViewer().select(WorkbenchFixture.part(editor, editor.group("hidden")));
        Ui.spin(shell.getDisplay(), 1500);
        assertEquals(0, examples.getFile("binary-adder/binary-adder.rnn").findMarkers(IMarker.PROBLEM, true, IResource.DEPTH_ZERO).length,
                "the example has no problem");
        UnrolledView unrolled = (UnrolledView) page.findView(UnrolledView.ID);
        java.util.List<String> names = new java.util.ArrayList<>();
        for (Object child : unrolled.diagram().getChildren()) {
            if (child instanceof org.eclipse.draw2d.Label label) {
                names.add(label.getText());
            }
        }
        assertTrue(names.contains("sum bit") && names.contains("two bits"), "the groups are named as in the editor: " + names);
        Ui.screenshot(shell, "editor-binary-adder.png");
    }

    @Test
    void theBinaryAdderTrainedItsLossAndItsGradientsThroughTime() throws Exception {
        RnnEditor editor = openExample("binary-adder/binary-adder.rnn");
        Set<IResource> before = Set.of(examples.getFolder("binary-adder").members());
        train();
        TrainingView training = (TrainingView) page.showView(TrainingView.ID);
        page.activate(editor);
        Ui.spin(shell.getDisplay(), 500);
        assertEquals(30, training.chart().getSeriesSet().getSeries("loss").getYSeries().length, "the example's 30 epochs");
        Ui.screenshot(shell, "training-view.png");
        GradientsView gradients = (GradientsView) page.showView(GradientsView.ID);
        page.activate(editor);
        Ui.spin(shell.getDisplay(), 500);
        assertTrue(gradients.chart().getSeriesSet().getSeries().length >= 3, "curves at several epochs");
        Ui.screenshot(shell, "gradients-view.png");
        removeAllBut(before);
    }

    /** Takes away what training wrote beside the adder, so that the other pictures show the examples as they come. */
    private void removeAllBut(Set<IResource> before) throws Exception {
        for (IResource made : examples.getFolder("binary-adder").members()) {
            if (!before.contains(made)) {
                made.delete(true, null);
            }
        }
    }

    @Test
    void anLstmCellOpenedInPlace() throws Exception {
        RnnEditor editor = openExample("adding-problem/adding-problem.rnn");
        CellPart cell = (CellPart) WorkbenchFixture.part(editor, editor.document().model().cell("memory"));
        cell.performRequest(new Request(RequestConstants.REQ_OPEN));
        WorkbenchFixture.settle(editor);
        Ui.spin(shell.getDisplay(), 500);
        assertTrue(cell.cellFigure().isOpen());
        Ui.screenshot(shell, "editor-lstm-cell-open.png");
    }

    @Test
    void theDynamicsViewBesideTheOscillatorAndTheAdderAsAnAutomaton() throws Exception {
        RnnEditor oscillator = openExample("dynamics/oscillator/oscillator.rnn");
        DynamicsView view = (DynamicsView) page.showView(DynamicsView.ID);
        page.activate(oscillator);
        view.setRuns(16, 1000);
        view.show(oscillator, null);
        view.showFreeRun();
        assertTrue(Ui.waitUntil(shell.getDisplay(), 60_000, () -> !view.isBusy()), "the runs finish within a minute");
        Ui.spin(shell.getDisplay(), 500);
        assertTrue(view.verdict().startsWith("The network oscillates"), view.verdict());
        // the portrait needs the height: beside the editor the view's choices leave it a strip
        page.setPartState(page.getReference(view), IWorkbenchPage.STATE_MAXIMIZED);
        Ui.spin(shell.getDisplay(), 800);
        assertTrue(view.drawing().getSize().y >= 500, "the portrait has room: " + view.drawing().getSize());
        Ui.screenshot(shell, "dynamics-view.png");
        page.setPartState(page.getReference(view), IWorkbenchPage.STATE_RESTORED);

        RnnEditor adder = openExample("binary-adder/binary-adder.rnn");
        page.showView(DynamicsView.ID);
        page.activate(adder);
        Path trained = examples.getFile("dynamics/adder-automaton/binary-adder.weights.json").getLocation().toFile().toPath();
        view.show(adder, trained);
        assertTrue(Ui.waitUntil(shell.getDisplay(), 60_000, () -> !view.isBusy()));
        view.showAutomaton("binary-adder:bits=4,all");
        assertTrue(Ui.waitUntil(shell.getDisplay(), 60_000, () -> !view.isBusy()), "the automaton is read within a minute");
        assertNotNull(view.automaton(), view.verdict());
        assertEquals(4, view.automaton().states().size(), view.verdict());
        page.setPartState(page.getReference(view), IWorkbenchPage.STATE_MAXIMIZED);
        Ui.spin(shell.getDisplay(), 800);
        Ui.screenshot(shell, "dynamics-view-automaton.png");
        page.setPartState(page.getReference(view), IWorkbenchPage.STATE_RESTORED);
        view.showAutomaton("");
        view.showFreeRun();
        assertTrue(Ui.waitUntil(shell.getDisplay(), 60_000, () -> !view.isBusy()));
    }
}
