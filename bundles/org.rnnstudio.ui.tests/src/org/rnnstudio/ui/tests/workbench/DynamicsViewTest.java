package org.rnnstudio.ui.tests.workbench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashSet;
import java.util.Set;

import org.eclipse.core.resources.IFile;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchPartReference;
import org.junit.jupiter.api.Test;
import org.rnnstudio.engine.dynamics.Automaton;
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
        view.showFreeRun();
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
        org.w3c.dom.Document svg = PictureMenus.svg(view.drawing(), "dynamics-portrait.svg");
        assertTrue(PictureMenus.count(svg, "line") > 100, "the trajectories drawn");
        assertTrue(PictureMenus.text(svg).contains("time"), PictureMenus.text(svg));
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

    /** The trained binary adder driven by every pair of 4-bit numbers: the lecture's four states, carry or not and the bit written. */
    @Test
    void binaryAdderIsDrawnAsTheLecturesAutomaton() throws Exception {
        Path examples = DYNAMICS.getParent();
        IFile weights = project.getFile("binary-adder.weights.json");
        weights.create(new ByteArrayInputStream(Files.readAllBytes(DYNAMICS.resolve("adder-automaton").resolve("binary-adder.weights.json"))), true, null);
        RnnEditor editor = open("binary-adder.rnn", Files.readString(examples.resolve("binary-adder").resolve("binary-adder.rnn")));
        DynamicsView view = (DynamicsView) page.showView(DynamicsView.ID);
        page.activate(editor);
        view.setRuns(16, 1000);
        view.show(editor, null);
        assertTrue(Ui.waitUntil(display, 60_000, () -> !view.isBusy()));
        view.showAutomaton("binary-adder:bits=4,all");
        assertTrue(Ui.waitUntil(display, 60_000, () -> !view.isBusy()), "the automaton is read within a minute");
        Automaton machine = view.automaton();
        assertNotNull(machine, view.verdict());
        assertEquals(4, machine.states().size(), view.verdict());
        // every one of the four states goes somewhere on each of the four input pairs
        assertEquals(16, machine.transitions().size(), machine.describe());
        assertEquals("4 states and 16 transitions", view.verdict().substring(0, "4 states and 16 transitions".length()));
        IWorkbenchPartReference ref = page.getReference(view);
        Shell shell = page.getWorkbenchWindow().getShell();
        Rectangle bounds = shell.getBounds();
        shell.setBounds(0, 0, 1600, 1000);
        page.setPartState(ref, IWorkbenchPage.STATE_MAXIMIZED);
        Ui.spin(display, 500);
        ImageData drawn = Ui.capture(view.drawing());
        Set<Integer> colours = new HashSet<>();
        for (int x = 0; x < drawn.width; x += 3) {
            for (int y = 0; y < drawn.height; y += 3) {
                colours.add(drawn.getPixel(x, y));
            }
        }
        // the two fills of the states, the arrows, the labels and their anti-aliased edges
        assertTrue(colours.size() > 10, "the drawing has " + colours.size() + " colours");
        Ui.screenshot(shell, "dynamics-adder-automaton.png");
        org.w3c.dom.Document svg = PictureMenus.svg(view.drawing(), "dynamics-automaton.svg");
        org.w3c.dom.NodeList ellipses = svg.getElementsByTagNameNS("*", "ellipse");
        int filled = 0;
        for (int i = 0; i < ellipses.getLength(); i++) {
            filled += "none".equals(((org.w3c.dom.Element) ellipses.item(i)).getAttribute("fill")) ? 0 : 1;
        }
        assertEquals(4, filled, "a filled circle per state");
        assertTrue(PictureMenus.count(svg, "path") > 0, "the arrows between states");
        page.setPartState(ref, IWorkbenchPage.STATE_RESTORED);
        shell.setBounds(bounds);
        view.showAutomaton("");
        assertTrue(view.verdict().startsWith("Name the data that drives the network"), view.verdict());
        assertEquals(null, view.automaton());
        view.showFreeRun();
        assertTrue(Ui.waitUntil(display, 60_000, () -> !view.isBusy()));
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
