package org.rnnstudio.ui.tests.workbench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.gef.EditPart;
import org.eclipse.gef.RequestConstants;
import org.eclipse.gef.commands.CommandStack;
import org.eclipse.gef.palette.CombinedTemplateCreationEntry;
import org.eclipse.gef.palette.PaletteContainer;
import org.eclipse.gef.palette.PaletteRoot;
import org.eclipse.gef.requests.CreateRequest;
import org.eclipse.gef.requests.CreationFactory;
import org.eclipse.gef.requests.GroupRequest;
import org.eclipse.gef.ui.properties.UndoablePropertySheetEntry;
import org.eclipse.draw2d.geometry.Point;
import org.eclipse.jface.viewers.CellEditor;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.handlers.IHandlerService;
import org.eclipse.ui.views.properties.IPropertySheetEntry;
import org.junit.jupiter.api.Test;
import org.rnnstudio.engine.HiddenStateWeights;
import org.rnnstudio.engine.ObservationData;
import org.rnnstudio.engine.ObservedSequence;
import org.rnnstudio.engine.hmm.ForwardBackward;
import org.rnnstudio.engine.hmm.HiddenMarkovModel;
import org.rnnstudio.engine.lds.KalmanSmoother;
import org.rnnstudio.engine.lds.LinearDynamicalSystem;
import org.rnnstudio.model.Model;
import org.rnnstudio.ui.editor.RnnEditor;
import org.rnnstudio.ui.editor.RnnPalette;
import org.rnnstudio.ui.editor.hidden.HmmState;
import org.rnnstudio.ui.editor.hidden.HmmStatePart;
import org.rnnstudio.ui.editor.hidden.HmmTransition;
import org.rnnstudio.ui.editor.hidden.HmmTransitionPart;
import org.rnnstudio.ui.editor.hidden.LdsPart;
import org.rnnstudio.ui.tests.Ui;
import org.rnnstudio.ui.training.HmmView;
import org.rnnstudio.ui.training.LdsView;
import org.rnnstudio.ui.training.TrainingJob;
import org.rnnstudio.ui.training.TrainingRun;
import org.rnnstudio.ui.training.TrainingView;

/** The lecture's hidden-state models in the studio: drawn from the palette, trained from the toolbar, looked at in their views. */
class HiddenStateStudioTest extends WorkbenchFixture {

    private static final String EMPTY = "{\"format\": \"rnnstudio-model/1\", \"name\": \"drawn\"}";

    @Override
    String projectName() {
        return "hidden-state-test";
    }

    private static Path example(String folder, String file) {
        return Paths.get(System.getProperty("rnnstudio.examples"), folder, file);
    }

    private void copyIntoProject(String folder, String file) throws Exception {
        project.getFile(file).create(new ByteArrayInputStream(Files.readAllBytes(example(folder, file))), true, null);
    }

    private static List<Object> drawer(String label) {
        PaletteRoot root = RnnPalette.create();
        for (Object c : root.getChildren()) {
            if (c instanceof PaletteContainer container && label.equals(container.getLabel())) {
                return new ArrayList<>(container.getChildren());
            }
        }
        throw new AssertionError("no drawer " + label);
    }

    /** Drops the palette entry of that label on the canvas, as the creation tool does, and runs its command. */
    private static void drop(RnnEditor editor, String label) {
        for (Object entry : drawer("Hidden-state models")) {
            CombinedTemplateCreationEntry e = (CombinedTemplateCreationEntry) entry;
            if (e.getLabel().equals(label)) {
                CreateRequest request = new CreateRequest();
                request.setFactory((CreationFactory) e.getTemplate());
                request.setLocation(new Point(100, 100));
                org.eclipse.gef.commands.Command command = editor.getGraphicalViewer().getContents().getCommand(request);
                assertNotNull(command, "a command for " + label);
                editor.getCommandStack().execute(command);
                return;
            }
        }
        throw new AssertionError("no palette entry " + label);
    }

    private String setProperty(RnnEditor editor, Object part, String label, Object value) {
        UndoablePropertySheetEntry root = new UndoablePropertySheetEntry(editor.getCommandStack());
        root.setValues(new Object[] {part});
        try {
            for (IPropertySheetEntry child : root.getChildEntries()) {
                if (child.getDisplayName().equals(label)) {
                    CellEditor cell = child.getEditor(page.getWorkbenchWindow().getShell());
                    cell.setValue(value);
                    child.applyEditorValue();
                    return cell.isValueValid() ? null : cell.getErrorMessage();
                }
            }
        } finally {
            root.dispose();
        }
        throw new AssertionError("no property " + label);
    }

    private void train() throws Exception {
        PlatformUI.getWorkbench().getService(IHandlerService.class).executeCommand("org.rnnstudio.ui.train", null);
        assertTrue(Ui.waitUntil(display, 120_000, () -> Job.getJobManager().find(TrainingJob.FAMILY).length == 0), "training ends");
        Ui.spin(display, 300);
    }

    private static int rows(double[][] m) {
        return m == null ? -1 : m.length;
    }

    @Test
    void anHmmIsDrawnFromThePaletteEditedTrainedAndItsPosteriorShown() throws Exception {
        copyIntoProject("hmm-casino", "rolls.csv");
        RnnEditor editor = open("drawn-hmm.rnn", EMPTY);
        CommandStack stack = editor.getCommandStack();
        EditPart diagram = editor.getGraphicalViewer().getContents();
        drop(editor, "Hidden Markov model");
        Model model = editor.document().model();
        assertEquals(Model.Kind.HMM, model.kind());
        assertEquals(2, diagram.getChildren().size(), "a node per state");
        drop(editor, "HMM state");
        assertEquals(3, model.hmm().states());
        assertEquals(3, diagram.getChildren().size());
        HmmStatePart third = (HmmStatePart) part(editor, new HmmState(2));
        assertEquals(2, third.getSourceConnections().size(), "arrows to the two other states");
        stack.undo();
        assertEquals(2, model.hmm().states(), "adding a state is undone");
        stack.redo();
        GroupRequest delete = new GroupRequest(RequestConstants.REQ_DELETE);
        delete.setEditParts(part(editor, new HmmState(2)));
        stack.execute(part(editor, new HmmState(2)).getCommand(delete));
        assertEquals(2, model.hmm().states(), "a state is removed");
        assertEquals(2, diagram.getChildren().size());

        // the casino's six faces, and a probability set through Properties, undoably, the row kept summing to 1
        assertNull(setProperty(editor, diagram, "Symbols (categorical)", "6"));
        assertEquals(6, model.hmm().symbols());
        HmmTransitionPart transition = (HmmTransitionPart) part(editor, new HmmTransition(0, 1));
        assertNull(setProperty(editor, transition, "Probability (A[0][1])", "0.05"));
        double[][] a = model.hmm().parameters().get("A");
        assertEquals(0.05, a[0][1], 0.0);
        assertEquals(0.95, a[0][0], 1e-15, "the rest of the row makes room");
        assertEquals("0.05", ((HmmTransitionPart) part(editor, new HmmTransition(0, 1))).text(), "the arrow's label");
        settle(editor);
        org.eclipse.draw2d.geometry.Point there = ((org.eclipse.draw2d.Connection) transition.getFigure()).getPoints().getMidpoint();
        org.eclipse.draw2d.geometry.Point back = ((org.eclipse.draw2d.Connection) ((HmmTransitionPart) part(editor, new HmmTransition(1, 0))).getFigure())
                .getPoints().getMidpoint();
        assertTrue(there.getDistance(back) > 20, "the arrows both ways between two states stay apart: " + there + " and " + back);
        assertTrue(setProperty(editor, transition, "Probability (A[0][1])", "1.5") != null, "a probability above 1 is refused");
        stack.undo();
        assertEquals(0.5, model.hmm().parameters().get("A")[0][1], 1e-15, "undone");
        stack.redo();

        assertNull(setProperty(editor, diagram, "Data", "rolls.csv"));
        assertNull(setProperty(editor, diagram, "Epochs", "15"));
        settle(editor);
        Ui.screenshot(page.getWorkbenchWindow().getShell(), "hmm-drawn.png");
        editor.doSave(null);
        train();

        TrainingRun run = TrainingRun.latest();
        assertTrue(run.fitsByEm());
        assertTrue(run.status().startsWith("Done: log-likelihood per step"), run.status());
        List<double[]> iterations = run.epochs();
        assertEquals(16, iterations.size(), "the start and 15 Baum-Welch iterations");
        for (int i = 1; i < iterations.size(); i++) {
            assertTrue(iterations.get(i)[1] <= iterations.get(i - 1)[1] + 1e-12, "the negative log-likelihood never rises");
        }
        TrainingView trainingView = (TrainingView) page.findView(TrainingView.ID);
        // the view redraws at most about ten times a second: the last iterations arrive with its next redraw
        assertTrue(Ui.waitUntil(display, 10_000, () -> trainingView.chart().getSeriesSet().getSeries("loss").getYSeries().length == 16),
                "every iteration in the Training view");
        assertEquals("negative log-likelihood per step", trainingView.chart().getAxisSet().getYAxis(0).getTitle().getText());
        Ui.screenshot(page.getWorkbenchWindow().getShell(), "hmm-training-view.png");

        HmmView view = (HmmView) page.showView(HmmView.ID);
        page.activate(editor);
        assertTrue(Ui.waitUntil(display, 30_000, () -> view.viterbi() != null), "the view computes");
        assertTrue(view.header().startsWith("drawn-hmm.rnn"), view.header());
        assertTrue(view.header().contains("weights drawn-hmm.weights.json, data rolls.csv, sequence 1 (300 steps)"), view.header());
        Path folder = editor.file().getLocation().toFile().toPath().getParent();
        List<ObservedSequence> data = ObservationData.read(model, folder.resolve("rolls.csv").toString());
        Map<String, double[][]> weights = HiddenStateWeights.load(model, folder.resolve("drawn-hmm.weights.json"));
        double[][] expected = ForwardBackward.run(HiddenMarkovModel.start(model.hmm(), List.of(), 0).with(weights), data.get(0)).posterior();
        double[][] shown = view.posterior();
        assertEquals(300, rows(shown));
        for (int t = 0; t < 300; t++) {
            assertEquals(expected[t][0], shown[t][0], 1e-12);
            assertEquals(1.0, shown[t][0] + shown[t][1], 1e-9);
        }
        assertEquals(300, view.viterbi().length);
        Ui.screenshot(page.getWorkbenchWindow().getShell(), "hmm-view.png");
        Path png = folder.resolve("hmm-view.png");
        view.savePng(png.toString());
        assertTrue(Files.size(png) > 1000, "the context menu's Save as PNG writes the picture");
        org.w3c.dom.Document svg = PictureMenus.svg(view.canvas(), "hmm-states.svg");
        assertTrue(PictureMenus.count(svg, "rect") >= 2 * 300, "a cell per state and step");
        assertTrue(PictureMenus.text(svg).contains("log-likelihood"), PictureMenus.text(svg));
    }

    @Test
    void theTrackingLdsOpensAsTheLecturesFigureTrainsAndShowsItsTrajectories() throws Exception {
        copyIntoProject("lds-tracking", "tracks.csv");
        String text = Files.readString(example("lds-tracking", "tracking.rnn")).replace("\"epochs\": 100,", "\"epochs\": 5,");
        RnnEditor editor = open("tracking.rnn", text);
        EditPart diagram = editor.getGraphicalViewer().getContents();
        assertEquals(1, diagram.getChildren().size(), "not an empty canvas: the system, drawn");
        assertTrue(diagram.getChildren().get(0) instanceof LdsPart);
        settle(editor);
        Ui.screenshot(page.getWorkbenchWindow().getShell(), "lds-editor.png");
        assertNull(setProperty(editor, diagram.getChildren().get(0), "Hidden state (n)", "4"), "sizes in Properties");
        train();
        TrainingRun run = TrainingRun.latest();
        assertEquals(6, run.epochs().size(), "the start and 5 EM iterations");
        assertTrue(run.epochs().get(5)[1] < run.epochs().get(0)[1], "EM raised the likelihood");

        LdsView view = (LdsView) page.showView(LdsView.ID);
        page.activate(editor);
        assertTrue(Ui.waitUntil(display, 30_000, () -> view.smoothedMeans() != null), "the view computes");
        assertTrue(view.header().contains("weights tracking.weights.json, data tracks.csv, sequence 1 (100 steps)"), view.header());
        Model model = editor.document().model();
        Path folder = editor.file().getLocation().toFile().toPath().getParent();
        List<ObservedSequence> data = ObservationData.read(model, folder.resolve("tracks.csv").toString());
        Map<String, double[][]> weights = HiddenStateWeights.load(model, folder.resolve("tracking.weights.json"));
        KalmanSmoother.Result expected = KalmanSmoother.smooth(new LinearDynamicalSystem(4, 2, 0).with(weights), data.get(0));
        double[][] shown = view.smoothedMeans();
        assertEquals(100, shown.length);
        for (int t = 0; t < 100; t++) {
            assertEquals(expected.smoothedMeans()[t][0], shown[t][0], 1e-9);
        }
        view.setDimension(1);
        Ui.spin(display, 300);
        assertEquals(1, view.dimension());
        Ui.screenshot(page.getWorkbenchWindow().getShell(), "lds-view.png");
        org.w3c.dom.Document svg = PictureMenus.svg(view.canvas(), "lds-trajectories.svg");
        assertTrue(PictureMenus.count(svg, "line") >= 99, "a segment per step of the means");
        assertTrue(PictureMenus.text(svg).contains("smoothed mean"), PictureMenus.text(svg));
    }

    @Test
    void theCasinoTemplateComesWithItsRollsAndTrainsAtOnce() throws Exception {
        org.rnnstudio.ui.wizards.NewModelWizard wizard = new org.rnnstudio.ui.wizards.NewModelWizard();
        wizard.init(PlatformUI.getWorkbench(), new org.eclipse.jface.viewers.StructuredSelection(project));
        org.eclipse.jface.wizard.WizardDialog dialog = new org.eclipse.jface.wizard.WizardDialog(page.getWorkbenchWindow().getShell(), wizard);
        dialog.create();
        wizard.filePage().setFileName("dice.rnn");
        wizard.setTemplate(org.rnnstudio.ui.wizards.Templates.HMM_CASINO);
        assertTrue(wizard.performFinish());
        dialog.close();
        assertTrue(project.getFile("dice.csv").exists(), "the rolls are written beside the model");
        RnnEditor editor = (RnnEditor) page.getActiveEditor();
        assertEquals(2, editor.getGraphicalViewer().getContents().getChildren().size(), "the fair and the loaded die");
        train();
        TrainingRun run = TrainingRun.latest();
        assertTrue(run.status().startsWith("Done: log-likelihood per step"), run.status());
        Map<String, double[][]> fitted = HiddenStateWeights.load(editor.document().model(),
                editor.file().getLocation().toFile().toPath().resolveSibling("dice.weights.json"));
        assertEquals(0.5, fitted.get("B")[1][5], 0.1, "Baum-Welch finds the loaded die's six near the truth, 0.5");
    }

    @Test
    void anLdsDroppedOnAnEmptyModelMakesItOneAndUndoMakesItANetworkAgain() throws Exception {
        RnnEditor editor = open("drawn-lds.rnn", EMPTY);
        EditPart diagram = editor.getGraphicalViewer().getContents();
        drop(editor, "Linear dynamical system");
        assertEquals(Model.Kind.LDS, editor.document().model().kind());
        assertEquals(2, editor.document().model().lds().state());
        assertEquals(1, diagram.getChildren().size());
        assertTrue(editor.document().diagnostics().stream().noneMatch(d -> d.isError()), editor.document().diagnostics().toString());
        editor.getCommandStack().undo();
        assertEquals(Model.Kind.NETWORK, editor.document().model().kind());
        assertEquals(0, diagram.getChildren().size());
    }
}
