package org.rnnstudio.ui.tests.workbench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import org.eclipse.core.resources.IFile;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchPartReference;
import org.junit.jupiter.api.Test;
import org.rnnstudio.ui.dynamics.DynamicsView;
import org.rnnstudio.ui.editor.RnnEditor;
import org.rnnstudio.ui.tests.Ui;

/** The Dynamics view on each example of examples/dynamics: the verdict it shows, and a screenshot of each. */
class DynamicsViewTest extends WorkbenchFixture {

    private static final Path DYNAMICS = Paths.get(System.getProperty("rnnstudio.examples", "../../examples"), "dynamics");

    @Override
    String projectName() {
        return "dynamics-test";
    }

    /** Copies the example's model and weights into the project, opens the model, and returns the view once it has drawn. */
    private DynamicsView openExample(String folder, String name, String weightsFile) throws Exception {
        Path dir = DYNAMICS.resolve(folder);
        IFile weights = project.getFile(name + ".weights.json");
        weights.create(new ByteArrayInputStream(Files.readAllBytes(dir.resolve(weightsFile))), true, null);
        RnnEditor editor = open(name + ".rnn", Files.readString(dir.resolve(name + ".rnn")));
        DynamicsView view = (DynamicsView) page.showView(DynamicsView.ID);
        page.activate(editor);
        // the view outlives a test: back to its first settings, as a person opening the studio finds them
        view.setRuns(16, 1000);
        view.show(editor, null);
        assertTrue(Ui.waitUntil(display, 60_000, () -> !view.isBusy()), "the runs finish within a minute");
        return view;
    }

    /** The view alone, maximised, as a person looks at it. */
    private void screenshot(DynamicsView view, String name) {
        IWorkbenchPartReference ref = page.getReference(view);
        page.setPartState(ref, IWorkbenchPage.STATE_MAXIMIZED);
        Ui.spin(display, 500);
        Ui.screenshot(page.getWorkbenchWindow().getShell(), name);
        page.setPartState(ref, IWorkbenchPage.STATE_RESTORED);
    }

    @Test
    void oscillatorOscillates() throws Exception {
        DynamicsView view = openExample("oscillator", "oscillator", "oscillator.weights.json");
        assertTrue(view.verdict().startsWith("The network oscillates"), view.verdict());
        Ui.screenshot(page.getWorkbenchWindow().getShell(), "dynamics-oscillator-beside-the-editor.png");
        screenshot(view, "dynamics-oscillator.png");
    }

    @Test
    void sineGeneratorOscillates() throws Exception {
        DynamicsView view = openExample("sine-generator", "sine-generator", "sine-generator.weights.json");
        assertTrue(view.verdict().startsWith("The network oscillates"), view.verdict());
        screenshot(view, "dynamics-sine-generator.png");
    }

    @Test
    void hopfieldNetworkSettles() throws Exception {
        DynamicsView view = openExample("point-attractors", "hopfield", "hopfield.weights.json");
        assertTrue(view.verdict().startsWith("The network settles to a point"), view.verdict());
        screenshot(view, "dynamics-point-attractors.png");
    }

    @Test
    void randomNetworkIsChaoticAtGainOneAndAHalfAndSettlesAtAHalf() throws Exception {
        DynamicsView view = openExample("chaos", "random-tanh", "random-tanh.weights.json");
        assertTrue(view.verdict().startsWith("The network is chaotic"), view.verdict());
        screenshot(view, "dynamics-chaos.png");
        RnnEditor editor = (RnnEditor) page.getActiveEditor();
        view.show(editor, DYNAMICS.resolve("chaos").resolve("random-tanh-g0.5.weights.json"));
        assertTrue(Ui.waitUntil(display, 60_000, () -> !view.isBusy()));
        assertTrue(view.verdict().startsWith("The network settles to a point: all 16 runs end at the same point."), view.verdict());
        screenshot(view, "dynamics-chaos-g0.5.png");
        view.setRuns(200, 20000);
        assertTrue(view.verdict().startsWith("200 runs of 20000 steps of 100 units are more than 20000000 numbers to keep"), view.verdict());
    }

    @Test
    void saysWhatIsMissingWithoutWeights() throws Exception {
        RnnEditor editor = open("untrained.rnn", Files.readString(DYNAMICS.resolve("oscillator").resolve("oscillator.rnn")));
        DynamicsView view = (DynamicsView) page.showView(DynamicsView.ID);
        page.activate(editor);
        view.show(editor, null);
        assertTrue(view.verdict().startsWith("No weights beside the model (untrained.weights.json)"), view.verdict());
    }
}
