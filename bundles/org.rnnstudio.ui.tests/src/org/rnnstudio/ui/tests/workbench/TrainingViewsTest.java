package org.rnnstudio.ui.tests.workbench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.handlers.IHandlerService;
import org.junit.jupiter.api.Test;
import org.rnnstudio.model.Model;
import org.rnnstudio.ui.editor.RnnEditor;
import org.rnnstudio.ui.editor.commands.SetBoundsCommand;
import org.rnnstudio.ui.tests.Ui;
import org.rnnstudio.ui.training.ActivationsView;
import org.rnnstudio.ui.training.GradientsView;
import org.rnnstudio.ui.training.TrainingJob;
import org.rnnstudio.ui.training.TrainingView;
import org.rnnstudio.ui.training.WeightsView;

/**
 * The inspection views follow the active editor and say which model and run they show; the Training view
 * does not write the model out at every redraw, nor read a metrics file on the UI thread at every switch.
 */
class TrainingViewsTest extends WorkbenchFixture {

    @Override
    String projectName() {
        return "training-views-test";
    }

    private static String adder(int epochs) throws Exception {
        return adderText().replace("\"epochs\": 30,", "\"epochs\": " + epochs + ",");
    }

    private void train() throws Exception {
        PlatformUI.getWorkbench().getService(IHandlerService.class).executeCommand("org.rnnstudio.ui.train", null);
        assertTrue(Ui.waitUntil(display, 120_000, () -> Job.getJobManager().find(TrainingJob.FAMILY).length == 0), "training ends");
        Ui.spin(display, 500);
    }

    /** What a view draws when it is on top of its stack and paints. */
    private int drawn(org.eclipse.ui.IViewPart view) {
        page.bringToTop(view);
        org.eclipse.swt.widgets.Canvas canvas = view instanceof WeightsView w ? w.canvas() : ((ActivationsView) view).canvas();
        canvas.redraw();
        canvas.update();
        Ui.spin(display, 300);
        return view instanceof WeightsView w ? w.squaresDrawn() : ((ActivationsView) view).cellsDrawn();
    }

    @Test
    void everyInspectionViewFollowsTheActiveEditorAndNamesItsModelAndRun() throws Exception {
        RnnEditor trained = open("trained.rnn", adder(5));
        train();
        RnnEditor untrained = open("untrained.rnn", adder(5));
        WeightsView weights = (WeightsView) page.showView(WeightsView.ID);
        ActivationsView activations = (ActivationsView) page.showView(ActivationsView.ID);
        GradientsView gradients = (GradientsView) page.showView(GradientsView.ID);
        TrainingView training = (TrainingView) page.showView(TrainingView.ID);

        page.activate(untrained);
        Ui.spin(display, 500);
        for (String header : new String[] {weights.header(), activations.header(), gradients.header(), training.header()}) {
            assertTrue(header.contains("untrained.rnn") && header.contains("no training run"), header);
        }
        assertEquals(0, drawn(weights), "the other model's weights are not shown");
        assertEquals(0, drawn(activations), "nor its activations");
        assertEquals(0, gradients.chart().getSeriesSet().getSeries().length, "nor its gradients");
        Ui.screenshot(page.getWorkbenchWindow().getShell(), "views-untrained-model.png");

        page.activate(trained);
        Ui.spin(display, 500);
        for (String header : new String[] {weights.header(), activations.header(), gradients.header(), training.header()}) {
            assertTrue(header.contains("trained.rnn") && !header.contains("untrained") && header.contains("run of") && !header.contains(", training"), header);
        }
        assertEquals(18, drawn(weights), "the trained model's 2x3 + 3x3 + 3x1 weights");
        assertEquals((2 + 3 + 1) * 9, drawn(activations));
        Ui.screenshot(page.getWorkbenchWindow().getShell(), "views-trained-model.png");
    }

    @Test
    void theTrainingViewComparesTheDiagramOncePerChangeAndReadsMetricsOnceOffTheUiThread() throws Exception {
        RnnEditor trained = open("compared.rnn", adder(3));
        train();
        TrainingView view = (TrainingView) page.showView(TrainingView.ID);
        page.activate(trained);
        Ui.spin(display, 200);
        int comparisons = view.comparisons();
        for (int i = 0; i < 10; i++) {
            view.setLogScale(i % 2 == 0);
        }
        assertTrue(view.comparisons() - comparisons <= 1, "ten redraws, " + (view.comparisons() - comparisons) + " comparisons");
        comparisons = view.comparisons();
        trained.getCommandStack().execute(new SetBoundsCommand(trained.document(), trained.group("hidden"), new Model.Bounds(300, 150, -1, -1)));
        for (int i = 0; i < 10; i++) {
            view.setLogScale(i % 2 == 0);
        }
        assertEquals(comparisons + 1, view.comparisons(), "one comparison after one change");
        assertTrue(Ui.waitUntil(display, 5000, () -> view.statusText().contains("has changed since")), view.statusText());

        // a model trained in an earlier session: its metrics file is read once, in the background
        Path folder = trained.file().getLocation().toFile().toPath().getParent();
        Path metrics = folder.resolve("recorded.metrics.csv");
        Files.writeString(metrics, "epoch,loss,accuracy,validation loss,validation accuracy\n1,0.70,0.50,NaN,NaN\n2,0.40,0.75,NaN,NaN\n");
        int reads = view.metricsReads();
        RnnEditor recorded = open("recorded.rnn", adder(3));
        assertTrue(Ui.waitUntil(display, 5000, () -> view.statusText().contains("2 epochs")), view.statusText());
        assertTrue(view.header().contains("recorded.rnn"), view.header());
        for (int i = 0; i < 5; i++) {
            page.activate(trained);
            Ui.spin(display, 50);
            page.activate(recorded);
            Ui.spin(display, 50);
        }
        assertEquals(reads + 1, view.metricsReads(), "read once however often the editors switch");
        assertFalse(view.metricsReadOnUiThread(), "and not on the UI thread");
        assertEquals(2, view.chart().getSeriesSet().getSeries("loss").getYSeries().length);

        Files.writeString(metrics, "epoch,loss,accuracy,validation loss,validation accuracy\n1,0.70,0.50,NaN,NaN\n2,0.40,0.75,NaN,NaN\n3,0.20,1.0,NaN,NaN\n");
        Files.setLastModifiedTime(metrics, FileTime.fromMillis(System.currentTimeMillis() + 10_000));
        page.activate(trained);
        Ui.spin(display, 50);
        page.activate(recorded);
        assertTrue(Ui.waitUntil(display, 5000, () -> view.statusText().contains("3 epochs")), "a rewritten file is read again: " + view.statusText());
        assertEquals(reads + 2, view.metricsReads());
    }
}
