package org.rnnstudio.ui.tests.workbench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;

import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.swt.widgets.MenuItem;
import org.eclipse.swtchart.Chart;
import org.eclipse.swtchart.IAxis;
import org.eclipse.swtchart.ILineSeries;
import org.eclipse.swtchart.ISeries;
import org.eclipse.swtchart.LineStyle;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.handlers.IHandlerService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rnnstudio.engine.RunHistory;
import org.rnnstudio.ui.editor.RnnEditor;
import org.rnnstudio.ui.history.RunHistoryView;
import org.rnnstudio.ui.tests.Ui;
import org.rnnstudio.ui.editor.properties.PropertySources;
import org.rnnstudio.ui.training.ActivationsView;
import org.rnnstudio.ui.training.ChartMenus;
import org.rnnstudio.ui.training.GradientsView;
import org.rnnstudio.ui.training.TrainingJob;
import org.rnnstudio.ui.training.TrainingRun;
import org.rnnstudio.ui.training.TrainingView;
import org.rnnstudio.ui.training.WeightsView;

/** The inspection views can be read: only the curves that have data, axes in their curves' colours, timing, menus. */
class ReadableViewsTest extends WorkbenchFixture {

    @Override
    String projectName() {
        return "readable-views-test";
    }

    @BeforeEach
    void screenSize() {
        page.getWorkbenchWindow().getShell().setBounds(0, 0, 1600, 1000);
    }

    private void train() throws Exception {
        PlatformUI.getWorkbench().getService(IHandlerService.class).executeCommand("org.rnnstudio.ui.train", null);
        assertTrue(Ui.waitUntil(display, 120_000, () -> Job.getJobManager().find(TrainingJob.FAMILY).length == 0), "training ends");
        Ui.spin(display, 500);
    }

    /** The binary adder under this name, trained for so many epochs, its editor active. */
    private RnnEditor trainedAdder(String name, int epochs, String text) throws Exception {
        RnnEditor editor = open(name, text.replace("\"epochs\": 30,", "\"epochs\": " + epochs + ","));
        train();
        page.activate(editor);
        Ui.spin(display, 300);
        return editor;
    }

    private static List<String> legend(Chart chart) {
        return Arrays.stream(chart.getSeriesSet().getSeries()).filter(s -> s.isVisible() && s.isVisibleInLegend())
                .map(ISeries::getDescription).toList();
    }

    private static List<String> menu(org.eclipse.swt.widgets.Control control) {
        assertNotNull(control.getMenu(), "a context menu");
        return Arrays.stream(control.getMenu().getItems()).map(MenuItem::getText).filter(t -> !t.isEmpty()).toList();
    }

    @Test
    void theTrainingViewShowsOnlyCurvesWithDataInTheirAxesColoursWithTimingAndKeptRuns() throws Exception {
        RnnEditor editor = trainedAdder("adder.rnn", 6, adderText());
        TrainingView view = (TrainingView) page.showView(TrainingView.ID);
        Ui.spin(display, 300);
        Chart chart = view.chart();
        assertEquals(List.of("training loss", "training accuracy"), legend(chart), "no validation split, no validation entries");
        assertEquals(LineStyle.NONE, chart.getAxisSet().getYAxis(1).getGrid().getStyle(), "one grid: the loss axis's");
        ILineSeries<?> loss = (ILineSeries<?>) chart.getSeriesSet().getSeries("loss");
        ILineSeries<?> accuracy = (ILineSeries<?>) chart.getSeriesSet().getSeries("accuracy");
        assertEquals(loss.getLineColor().getRGB(), chart.getAxisSet().getYAxis(0).getTick().getForeground().getRGB());
        assertEquals(loss.getLineColor().getRGB(), chart.getAxisSet().getYAxis(0).getTitle().getForeground().getRGB());
        assertEquals(accuracy.getLineColor().getRGB(), chart.getAxisSet().getYAxis(1).getTick().getForeground().getRGB());
        assertFalse(loss.getLineColor().getRGB().equals(accuracy.getLineColor().getRGB()), "the two axes tell apart");
        assertEquals("2", chart.getAxisSet().getXAxis(0).getTick().getFormat().format(2.0));
        assertEquals("", chart.getAxisSet().getXAxis(0).getTick().getFormat().format(1.5), "no half epochs");
        assertTrue(Ui.waitUntil(display, 5000, () -> view.statusText().matches("(?s).*Elapsed [0-9.]+ (ms|s), [0-9.]+ (ms|s) per epoch\\..*")), view.statusText());

        assertEquals(PictureMenus.ENTRIES, menu(chart.getPlotArea().getControl()));
        org.w3c.dom.Document svg = PictureMenus.svg(chart, "training-chart.svg");
        assertTrue(PictureMenus.groups(svg).containsAll(List.of("series training loss", "series training accuracy", "legend")), PictureMenus.groups(svg).toString());
        assertEquals(6, PictureMenus.points(svg, "series training loss"), "the SVG draws the six epochs of the loss");
        assertTrue(PictureMenus.text(svg).contains(chart.getAxisSet().getXAxis(0).getTitle().getText()), "the axis titles");
        long lossRows = ChartMenus.csv(chart).lines().filter(l -> l.startsWith("\"training loss\",")).count();
        assertEquals(6, lossRows, "the CSV holds the six epochs of the loss curve");

        GradientsView gradients = (GradientsView) page.showView(GradientsView.ID);
        Ui.spin(display, 500);
        Chart curves = gradients.chart();
        assertEquals(List.of("epoch 1", "epoch 2", "epoch 5"), legend(curves), "the epochs recorded in six");
        int previous = Integer.MAX_VALUE;
        for (ISeries<?> s : curves.getSeriesSet().getSeries()) {
            org.eclipse.swt.graphics.RGB c = ((ILineSeries<?>) s).getLineColor().getRGB();
            int lightness = c.red + c.green + c.blue;
            assertTrue(lightness < previous, "later epochs darker: " + s.getDescription() + " " + c);
            previous = lightness;
        }
        IAxis y = curves.getAxisSet().getYAxis(0);
        List<Double> ticks = Arrays.stream(y.getTick().getTickLabelValues()).boxed().toList();
        assertTrue(y.getRange().upper - y.getRange().lower >= 1, y.getRange().toString());
        for (double k = Math.ceil(y.getRange().lower); k <= y.getRange().upper; k++) {
            assertTrue(ticks.contains(k), "a tick at 10^" + k + ": " + ticks);
            assertFalse(y.getTick().getFormat().format(k).isEmpty(), "labelled");
        }
        assertEquals("1e-3", y.getTick().getFormat().format(-3.0));
        assertEquals("", y.getTick().getFormat().format(-2.5), "nothing between decades");
        assertTrue(ChartMenus.csv(curves).lines().count() > 1);
        assertEquals(PictureMenus.ENTRIES, menu(curves.getPlotArea().getControl()));
        org.w3c.dom.Document gradientsSvg = PictureMenus.svg(curves, "gradients-chart.svg");
        for (ISeries<?> s : curves.getSeriesSet().getSeries()) {
            assertEquals(s.getYSeries().length, PictureMenus.points(gradientsSvg, "series " + s.getDescription()), s.getDescription());
        }
        assertTrue(PictureMenus.text(gradientsSvg).contains(y.getTick().getFormat().format(Math.ceil(y.getRange().lower))), "decades labelled");
        Ui.screenshot(page.getWorkbenchWindow().getShell(), "gradients-view-readable.png");

        org.rnnstudio.model.TrainingSettings settings = editor.document().model().training().copy();
        settings.seed = 2;
        settings.validation = 0.25;
        org.rnnstudio.ui.training.TrainingHandlers.Settings.apply(editor, settings);
        train();
        assertEquals(List.of("training loss", "validation loss", "training accuracy", "validation accuracy"), legend(chart),
                "with a validation split its curves are drawn");

        RunHistoryView history = (RunHistoryView) PlatformUI.getWorkbench().getService(IHandlerService.class)
                .executeCommand("org.rnnstudio.ui.runHistory", null);
        Ui.spin(display, 300);
        List<RunHistory.Run> runs = history.runs();
        assertEquals(2, runs.size(), history.header());
        RunHistory.Run first = runs.get(1);
        history.choose(List.of(first));
        page.activate(editor);
        Ui.spin(display, 300);
        ILineSeries<?> kept = (ILineSeries<?>) Arrays.stream(chart.getSeriesSet().getSeries())
                .filter(s -> first.name().equals(s.getDescription())).findFirst().orElse(null);
        assertNotNull(kept, "the chosen run is drawn, named after it: " + legend(chart));
        assertEquals(LineStyle.DASH, kept.getLineStyle());
        assertEquals(6, kept.getYSeries().length);
        assertEquals(first.metrics().get(5)[1], kept.getYSeries()[5], 1e-12, "its loss");
        page.showView(TrainingView.ID);
        Ui.spin(display, 300);
        Ui.screenshot(page.getWorkbenchWindow().getShell(), "training-view-readable.png");

        history.choose(List.of());
        Ui.spin(display, 300);
        assertTrue(Arrays.stream(chart.getSeriesSet().getSeries()).noneMatch(s -> first.name().equals(s.getDescription())),
                "an unticked run goes");
    }

    @Test
    void weightsAndActivationsHaveAScaleUnitLabelsTheValueUnderTheMouseAndAChoiceOfGroup() throws Exception {
        RnnEditor editor = trainedAdder("seen.rnn", 3, adderText());
        WeightsView weights = (WeightsView) page.showView(WeightsView.ID);
        Ui.spin(display, 300);
        assertEquals(List.of(WeightsView.ALL, "connection:input-hidden", "connection:hidden-hidden", "connection:hidden-output"),
                weights.choices());
        weights.choose("connection:hidden-hidden");
        weights.canvas().update();
        Ui.spin(display, 300);
        assertEquals(9, weights.squaresDrawn(), "one 3x3 matrix");
        double[][] hh = TrainingRun.latest(editor.file()).weights().get("connection:hidden-hidden");
        String under = underMouse(weights.canvas(), weights::valueAt);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("hidden-hidden: from unit (\\d) to unit (\\d), weight (\\S+)").matcher(under);
        assertTrue(m.matches(), under);
        assertEquals(hh[Integer.parseInt(m.group(1))][Integer.parseInt(m.group(2))], Double.parseDouble(m.group(3)),
                1e-3 * Math.abs(Double.parseDouble(m.group(3))), "the weight under the mouse");
        org.w3c.dom.Document weightsSvg = PictureMenus.svg(weights.canvas(), "weights.svg");
        assertTrue(PictureMenus.text(weightsSvg).contains("Scale") && PictureMenus.text(weightsSvg).contains("hidden-hidden"), PictureMenus.text(weightsSvg));
        // a grey square behind each weight and its own square: two rectangles per weight at least
        assertTrue(PictureMenus.count(weightsSvg, "rect") >= 2 * 9, "the squares drawn");
        Ui.screenshot(page.getWorkbenchWindow().getShell(), "weights-view-readable.png");

        ActivationsView activations = (ActivationsView) page.showView(ActivationsView.ID);
        Ui.spin(display, 300);
        assertEquals(List.of(ActivationsView.ALL, "input", "hidden", "output"), activations.choices());
        activations.choose(0, "hidden");
        activations.canvas().redraw();
        activations.canvas().update();
        Ui.spin(display, 300);
        assertEquals(3 * 9, activations.cellsDrawn());
        assertTrue(underMouse(activations.canvas(), activations::valueAt).matches("hidden, unit \\d, step \\d+: \\S+"));
        org.w3c.dom.Document activationsSvg = PictureMenus.svg(activations.canvas(), "activations.svg");
        assertTrue(PictureMenus.count(activationsSvg, "rect") >= 3 * 9, "a cell per unit and step");
        assertTrue(PictureMenus.text(activationsSvg).contains("hidden"), PictureMenus.text(activationsSvg));
        activations.choose(0, "");
        Ui.spin(display, 300);
        assertEquals((2 + 3 + 1) * 9, activations.cellsDrawn(), "all groups again");
        Ui.screenshot(page.getWorkbenchWindow().getShell(), "activations-view-readable.png");
    }

    /** The first value a view names under the mouse, scanning its canvas. */
    private static String underMouse(org.eclipse.swt.widgets.Canvas canvas, java.util.function.BiFunction<Integer, Integer, String> valueAt) {
        for (int y = 0; y < canvas.getSize().y; y += 3) {
            for (int x = 0; x < canvas.getSize().x; x += 3) {
                String v = valueAt.apply(x, y);
                if (v != null) {
                    return v;
                }
            }
        }
        return "nothing under the mouse anywhere";
    }

    @Test
    void thePropertiesShowHowManyParametersEachElementLearns() throws Exception {
        RnnEditor editor = open("counted.rnn", adderText());
        org.rnnstudio.ui.editor.ModelDocument document = editor.document();
        org.rnnstudio.model.Model model = document.model();
        assertEquals("6", PropertySources.forConnection(document, connection(model, "input-hidden")).getPropertyValue("parameters"), "2 x 3");
        assertEquals("9", PropertySources.forConnection(document, connection(model, "hidden-hidden")).getPropertyValue("parameters"), "3 x 3");
        assertEquals("3", PropertySources.forConnection(document, connection(model, "hidden-output")).getPropertyValue("parameters"), "3 x 1");
        int sum = 0;
        for (org.rnnstudio.model.UnitGroup g : model.groups()) {
            sum += Integer.parseInt((String) PropertySources.forGroup(document, g).getPropertyValue("parameters"));
        }
        assertEquals(Integer.toString(sum + 6 + 9 + 3), PropertySources.forModel(document).getPropertyValue("parameters"), "the elements add up");

        RnnEditor broken = open("undelayed.rnn", adderText().replace("\"to\": \"hidden\",\n      \"kind\": \"full\",\n      \"delay\": 1,",
                "\"to\": \"hidden\",\n      \"kind\": \"full\",\n      \"delay\": 0,"));
        assertEquals("–", PropertySources.forModel(broken.document()).getPropertyValue("parameters"), "an undelayed cycle has no plan");
        assertEquals("–", PropertySources.forConnection(broken.document(), connection(broken.document().model(), "hidden-hidden"))
                .getPropertyValue("parameters"));
    }

    private static org.rnnstudio.model.Connection connection(org.rnnstudio.model.Model model, String id) {
        return model.connections().stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void theTrainingViewShowsTheLastHessianFreeStep() throws Exception {
        trainedAdder("hf-adder.rnn", 2, adderText().replace("\"optimizer\": \"sgd\"", "\"optimizer\": \"hf\""));
        TrainingView view = (TrainingView) page.showView(TrainingView.ID);
        Ui.spin(display, 300);
        assertTrue(view.statusText().matches("(?s).*Hessian-free step \\d+: \\d+ CG iterations, lambda \\S+, rho \\S+\\..*"),
                view.statusText());
    }
}
