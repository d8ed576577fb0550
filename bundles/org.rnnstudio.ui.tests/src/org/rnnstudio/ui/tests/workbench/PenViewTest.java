package org.rnnstudio.ui.tests.workbench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.RGB;
import org.junit.jupiter.api.Test;
import org.rnnstudio.engine.Network;
import org.rnnstudio.engine.Plan;
import org.rnnstudio.engine.WeightsFile;
import org.rnnstudio.engine.pen.HandwritingData;
import org.rnnstudio.engine.pen.HandwritingReader;
import org.rnnstudio.engine.pen.PenTrajectory;
import org.rnnstudio.model.Initialization;
import org.rnnstudio.model.ModelFile;
import org.rnnstudio.ui.pen.PenPad;
import org.rnnstudio.ui.pen.PenView;
import org.rnnstudio.ui.tests.Ui;

/** The writing pad turns mouse strokes into the generator's steps; the Pen view reads them with a model and draws them. */
class PenViewTest extends WorkbenchFixture {

    @Override
    String projectName() {
        return "pen";
    }

    /**
     * Two strokes written with the mouse (screen y pointing down): raw, they are the pen's moves with y turned up;
     * read, they are the normalised and resampled steps the generator's words are.
     */
    @Test
    void aMouseStrokeBecomesTheGeneratorsEncoding() {
        PenPad pad = new PenPad();
        pad.press(10, 50);
        pad.move(13, 46);
        pad.move(13, 46);
        pad.move(16, 50);
        pad.release();
        pad.move(100, 100);
        pad.press(20, 40);
        pad.move(20, 44);
        pad.release();
        double[][] expected = {{3, 4, 1}, {3, -4, 1}, {4, 10, 0}, {0, -4, 1}};
        double[][] raw = PenTrajectory.encode(pad.strokes());
        assertEquals(expected.length, raw.length, "a repeated point and a move with the pen up add nothing");
        for (int i = 0; i < expected.length; i++) {
            assertArrayEquals(expected[i], raw[i], 1e-12, "step " + i);
        }
        List<List<double[]>> upright = List.of(List.of(new double[] {10, -50}, new double[] {13, -46}, new double[] {16, -50}),
                List.of(new double[] {20, -40}, new double[] {20, -44}));
        double[][] generator = PenTrajectory.encode(PenTrajectory.resample(HandwritingData.normalised(upright), 1 / HandwritingData.STEPS_PER_HEIGHT));
        double[][] steps = pad.steps();
        assertEquals(generator.length, steps.length);
        for (int i = 0; i < steps.length; i++) {
            assertArrayEquals(generator[i], steps[i], 1e-12, "step " + i);
        }
    }

    @Test
    void thePenViewReadsARecordedTrajectoryAndDrawsItInTime() throws Exception {
        Path folder = project.getLocation().toFile().toPath();
        // the example's model, with weights large enough to read something though untrained
        Path model = folder.resolve("handwriting.rnn");
        Files.copy(Paths.get(System.getProperty("rnnstudio.examples", "../../examples"), "handwriting", "handwriting.rnn"), model);
        Network network = new Network(Plan.compile(ModelFile.read(model).model()));
        network.initialize(Initialization.GLOROT, 3, 5);
        WeightsFile.save(network, folder.resolve("handwriting.weights.json"));
        Path trajectory = folder.resolve("word.csv");
        Files.writeString(trajectory, "stroke,x,y\n1,0,0\n1,10,30\n1,20,0\n1,30,25\n1,40,0\n2,45,40\n2,46,41\n");

        PenView view = (PenView) page.showView(PenView.ID);
        view.useModel(model);
        view.open(trajectory);
        Ui.spin(display, 300);
        HandwritingReader.Reading expected = HandwritingReader.of(network).read(PenTrajectory.readCsv(trajectory), HandwritingReader.BEAM);
        assertEquals(expected.text(), view.reading().text());
        assertTrue(Ui.waitUntil(display, 5000, () -> view.statusText().contains("\u201c" + expected.text() + "\u201d")), view.statusText());
        ImageData ink = Ui.capture(view.ink());
        boolean blue = false;
        boolean red = false;
        for (int x = 0; x < ink.width; x++) {
            for (int y = 0; y < ink.height; y++) {
                RGB c = Ui.rgb(ink, x, y);
                blue |= c.blue > 150 && c.red < 100;
                red |= c.red > 150 && c.blue < 100 && c.green < 100;
            }
        }
        assertTrue(blue && red, "time as colour: the first steps blue, the last red");
        Ui.screenshot(page.getWorkbenchWindow().getShell(), "pen-view.png");
        assertTrue(PictureMenus.count(PictureMenus.svg(view.ink(), "pen-ink.svg"), "line") > 0, "the steps drawn");
        assertTrue(PictureMenus.count(PictureMenus.svg(view.spikes(), "pen-spikes.svg"), "line") >= view.reading().posteriors().length - 1, "the spikes drawn");
        view.clear();
        assertEquals(null, view.reading(), "Clear forgets the reading");
        assertTrue(view.pad().isEmpty());
    }
}
