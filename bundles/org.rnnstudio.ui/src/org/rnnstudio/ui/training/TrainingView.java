package org.rnnstudio.ui.training;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.runtime.jobs.Job;

import org.eclipse.jface.action.Action;
import org.eclipse.jface.action.IAction;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swtchart.Chart;
import org.eclipse.swtchart.IAxis;
import org.eclipse.swtchart.ILineSeries;
import org.eclipse.swtchart.ISeries;
import org.eclipse.swtchart.LineStyle;
import org.eclipse.ui.part.ViewPart;
import org.rnnstudio.engine.RunHistory;
import org.rnnstudio.ui.editor.ModelDocument;
import org.rnnstudio.ui.editor.RnnEditor;
import org.rnnstudio.ui.history.RunOverlay;
import org.rnnstudio.ui.preferences.StudioPreferences;

/**
 * Loss and accuracy of the active model's latest training run, epoch by epoch, training and validation (when
 * there is a validation split), with the kept runs chosen in Run History as dashed loss curves; log
 * scale on demand; the header names the model and the run. Redrawn at most as often as the preferences allow,
 * whatever the training thread reports. A model not trained in this session shows its last run as its
 * metrics file records it, read in the background once per version of that file.
 */
public class TrainingView extends ViewPart implements TrainingRun.Listener, RunOverlay.Listener {

    public static final String ID = "org.rnnstudio.ui.training";
    /** However long a run, a redraw handles at most this many epochs (evenly spaced, the last always). */
    static final int MAX_POINTS = 2000;
    private static final String[] SERIES = {"loss", "accuracy", "validation loss", "validation accuracy", "character error rate",
            "validation character error rate"};
    private static final String OVERLAY = "kept run ";

    private Label status;
    private Chart chart;
    private Redraws redraws;
    private IAction logScale;
    private ModelFollower follower;
    /** The runs read back from metrics files, by model file, with the time the file was written. */
    private final Map<IFile, Recorded> recorded = new HashMap<>();
    private final AtomicInteger metricsReads = new AtomicInteger();
    private volatile boolean metricsReadOnUiThread;
    /** Whether the model differs from the run's snapshot, as last found, and for which run and model version. */
    private TrainingRun comparedRun;
    private ModelDocument comparedDocument;
    private long comparedVersion;
    private boolean differs;
    private int comparisons;

    private record Recorded(long written, TrainingRun run) {
    }

    @Override
    public void createPartControl(Composite parent) {
        org.eclipse.ui.PlatformUI.getWorkbench().getHelpSystem().setHelp(parent, "org.rnnstudio.help.training");
        Composite page = new Composite(parent, SWT.NONE);
        page.setLayout(new GridLayout(1, false));
        status = new Label(page, SWT.WRAP);
        status.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        status.setText("No training run yet: open a model and press Train.");
        chart = new Chart(page, SWT.NONE);
        chart.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        chart.getTitle().setText("Training");
        chart.getAxisSet().getXAxis(0).getTitle().setText("epoch");
        chart.getAxisSet().getXAxis(0).getTick().setFormat(WholeTicks.counts());
        chart.getAxisSet().getYAxis(0).getTitle().setText("loss per sequence");
        int accuracyAxis = chart.getAxisSet().createYAxis();
        IAxis right = chart.getAxisSet().getYAxis(accuracyAxis);
        right.setPosition(org.eclipse.swtchart.IAxis.Position.Secondary);
        right.getTitle().setText("accuracy");
        // one grid: the accuracy axis's lines would fall between the loss axis's and double the clutter
        right.getGrid().setStyle(LineStyle.NONE);
        Color loss = new Color(StudioPreferences.colour(StudioPreferences.LOSS_COLOUR));
        Color accuracy = new Color(StudioPreferences.colour(StudioPreferences.ACCURACY_COLOUR));
        Color validation = new Color(StudioPreferences.colour(StudioPreferences.VALIDATION_COLOUR));
        colourAxis(chart.getAxisSet().getYAxis(0), loss);
        colourAxis(right, accuracy);
        addSeries("loss", "training loss", loss, 0, LineStyle.SOLID);
        addSeries("validation loss", "validation loss", validation, 0, LineStyle.DASH);
        addSeries("accuracy", "training accuracy", accuracy, accuracyAxis, LineStyle.SOLID);
        addSeries("validation accuracy", "validation accuracy", validation, accuracyAxis, LineStyle.DOT);
        Color errors = chart.getDisplay().getSystemColor(SWT.COLOR_DARK_RED);
        addSeries("character error rate", "character error rate", errors, accuracyAxis, LineStyle.SOLID);
        addSeries("validation character error rate", "validation character error rate", errors, accuracyAxis, LineStyle.DASH);
        logScale = new Action("Log Scale", IAction.AS_CHECK_BOX) {
            @Override
            public void run() {
                redraw();
            }
        };
        getViewSite().getActionBars().getToolBarManager().add(logScale);
        redraws = new Redraws(chart, this::redraw);
        follower = new ModelFollower(getSite().getPage(), this::followed);
        TrainingRun.addListener(this);
        RunOverlay.addListener(this);
        ChartMenus.attach(chart);
        followed();
    }

    private static void colourAxis(IAxis axis, Color colour) {
        axis.getTitle().setForeground(colour);
        axis.getTick().setForeground(colour);
    }

    private ILineSeries<?> addSeries(String id, String label, Color colour, int axis, LineStyle style) {
        ILineSeries<?> s = (ILineSeries<?>) chart.getSeriesSet().createSeries(ISeries.SeriesType.LINE, id);
        s.setDescription(label);
        s.setLineColor(colour);
        s.setSymbolType(ILineSeries.PlotSymbolType.NONE);
        s.setLineStyle(style);
        s.setYAxisId(axis);
        return s;
    }

    @Override
    public void overlayChanged(IFile model, List<RunHistory.Run> chosen) {
        redraw();
    }

    /** The chosen kept runs of the model on show, each as a dashed loss curve named after the run. */
    private void drawOverlay() {
        for (ISeries<?> s : chart.getSeriesSet().getSeries()) {
            if (s.getId().startsWith(OVERLAY)) {
                chart.getSeriesSet().deleteSeries(s.getId());
            }
        }
        Color grey = Display.getDefault().getSystemColor(SWT.COLOR_DARK_GRAY);
        // several kept runs: each its own kind of dash, so that the legend tells them apart
        LineStyle[] dashes = {LineStyle.DASH, LineStyle.DASHDOT, LineStyle.DASHDOTDOT, LineStyle.DOT};
        int n = 0;
        for (RunHistory.Run run : RunOverlay.chosen(follower.model())) {
            List<double[]> metrics = run.metrics();
            double[] x = new double[metrics.size()];
            double[] y = new double[metrics.size()];
            for (int i = 0; i < x.length; i++) {
                x[i] = metrics.get(i)[0];
                y[i] = metrics.get(i)[1];
            }
            ILineSeries<?> s = addSeries(OVERLAY + run.name(), run.name(), grey, 0, dashes[n++ % dashes.length]);
            s.setXSeries(x);
            s.setYSeries(y);
        }
    }

    public Chart chart() {
        return chart;
    }

    public String statusText() {
        return status.getText();
    }

    public void setLogScale(boolean on) {
        logScale.setChecked(on);
        redraw();
    }

    /** Another model is active: show its run, reading its metrics file in the background if need be. */
    private void followed() {
        IFile model = follower.model();
        if (model != null && TrainingRun.latest(model) == null) {
            long written = metricsWritten(model);
            Recorded known = recorded.get(model);
            if (written != 0 && (known == null || known.written() != written)) {
                readMetrics(model, written);
            }
        }
        redraw();
    }

    /** When the model's metrics file was last written (a look at the file's date, not its content), or 0. */
    private static long metricsWritten(IFile model) {
        if (model.getLocation() == null) {
            return 0;
        }
        java.nio.file.Path metrics = model.getLocation().toFile().toPath().resolveSibling(model.getName().replaceFirst("\\.rnn$", "") + ".metrics.csv");
        try {
            return java.nio.file.Files.getLastModifiedTime(metrics).toMillis();
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    private void readMetrics(IFile model, long written) {
        Job read = Job.create("Reading the last run of " + model.getName(), monitor -> {
            metricsReads.incrementAndGet();
            metricsReadOnUiThread |= Display.getCurrent() != null;
            TrainingRun run = TrainingRun.load(model);
            Display.getDefault().asyncExec(() -> {
                if (chart.isDisposed()) {
                    return;
                }
                recorded.put(model, new Recorded(written, run));
                if (model.equals(follower.model())) {
                    redraw();
                }
            });
        });
        read.setSystem(true);
        read.schedule();
    }

    /** How many times the view has read a metrics file, and whether it ever did so on the UI thread. */
    public int metricsReads() {
        return metricsReads.get();
    }

    public boolean metricsReadOnUiThread() {
        return metricsReadOnUiThread;
    }

    /** How many times the view has compared the diagram with the snapshot of the run on show. */
    public int comparisons() {
        return comparisons;
    }

    /** The header: the model and run the view shows. */
    public String header() {
        return getContentDescription();
    }

    /** The run on show: the active model's run of this session, else its last run as its metrics file records it. */
    private TrainingRun shown() {
        TrainingRun live = follower.run();
        if (live != null) {
            return live;
        }
        Recorded known = follower.model() == null ? null : recorded.get(follower.model());
        return known == null ? null : known.run();
    }

    @Override
    public void changed(TrainingRun run) {
        if (follower.follows(run)) {
            redraws.request();
        }
    }

    private void redraw() {
        TrainingRun run = shown();
        setContentDescription(follower.header(run));
        drawOverlay();
        if (run == null) {
            status.setText(follower.model() == null ? "No training run yet: open a model and press Train."
                    : "No training run of " + follower.model().getName() + " yet: press Train.");
            for (String id : SERIES) {
                show(chart.getSeriesSet().getSeries(id), new double[0], new double[0]);
            }
            chart.getAxisSet().adjustRange();
            chart.redraw();
            return;
        }
        List<double[]> epochs = run.epochs(MAX_POINTS);
        double[] x = new double[epochs.size()];
        String[] ids = SERIES;
        double[][] y = new double[ids.length][epochs.size()];
        for (int i = 0; i < epochs.size(); i++) {
            x[i] = epochs.get(i)[0];
            for (int k = 0; k < ids.length; k++) {
                y[k][i] = epochs.get(i)[k + 1];
            }
        }
        for (int k = 0; k < SERIES.length; k++) {
            show(chart.getSeriesSet().getSeries(SERIES[k]), x, y[k]);
        }
        chart.getAxisSet().getYAxis(0).getTitle().setText(run.fitsByEm() ? "negative log-likelihood per step" : "loss per sequence");
        chart.getAxisSet().getXAxis(0).getTitle().setText(run.fitsByEm() ? "EM iteration" : "epoch");
        chart.getAxisSet().getYAxis(0).enableLogScale(logScale.isChecked() && positive(y[0]));
        chart.getAxisSet().adjustRange();
        chart.redraw();
        String last = epochs.isEmpty() ? ""
                : run.fitsByEm() ? String.format(java.util.Locale.ROOT, " Iteration %d: log-likelihood per step %.6f.", (int) x[x.length - 1], -y[0][y[0].length - 1])
                : String.format(java.util.Locale.ROOT, " Epoch %d: loss %.5f, accuracy %.1f%%.",
                (int) x[x.length - 1], y[0][y[0].length - 1], 100 * y[1][y[1].length - 1]);
        String changed = "";
        if (getSite().getPage().getActiveEditor() instanceof RnnEditor editor && editor.document() != null
                && editor.file().equals(run.file()) && differs(run, editor.document())) {
            changed = " (The diagram has changed since this run started; the run trains the model as it was then.)";
        }
        status.setText(run.name() + ": " + (run.isFinished() ? run.status() : "training." + last) + timing(run)
                + hessianFree(run) + changed);
        status.getParent().layout();
    }

    /** A series with no numbers (validation without a validation split) is hidden, in the legend too. */
    private static void show(ISeries<?> s, double[] x, double[] y) {
        boolean any = hasValues(y);
        s.setXSeries(any ? x : new double[0]);
        s.setYSeries(any ? y : new double[0]);
        s.setVisible(any);
        s.setVisibleInLegend(any);
    }

    /** Elapsed time, time per epoch and, while the run goes on, an estimate of the time left at that pace. */
    private static String timing(TrainingRun run) {
        int done = run.epochs().size();
        long elapsed = run.elapsedMillis();
        if (done == 0 || elapsed <= 0) {
            return "";
        }
        double perEpoch = elapsed / (double) done;
        String text = String.format(Locale.ROOT, " Elapsed %s, %s per epoch", duration(elapsed), duration(perEpoch));
        if (!run.isFinished() && run.plannedEpochs() > done) {
            text += ", about " + duration(perEpoch * (run.plannedEpochs() - done)) + " left";
        }
        return text + ".";
    }

    static String duration(double millis) {
        if (millis < 1000) {
            return String.format(Locale.ROOT, "%.0f ms", millis);
        }
        long s = Math.round(millis / 1000);
        if (s < 60) {
            return String.format(Locale.ROOT, "%.1f s", millis / 1000);
        }
        return s < 3600 ? String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60)
                : String.format(Locale.ROOT, "%d h %02d min", s / 3600, s / 60 % 60);
    }

    /** The last Hessian-free step: how hard conjugate gradient worked, the damping, and how well the model predicted. */
    private static String hessianFree(TrainingRun run) {
        List<double[]> steps = run.hessianFreeSteps();
        if (steps.isEmpty()) {
            return "";
        }
        double[] last = steps.get(steps.size() - 1);
        return String.format(Locale.ROOT, " Hessian-free step %d: %d CG iterations, lambda %.3g, rho %.3f.",
                (int) last[0], (int) last[1], last[2], last[3]);
    }

    /** Compares once per change of the model, not once per redraw: the comparison writes the whole model out. */
    private boolean differs(TrainingRun run, ModelDocument document) {
        if (run != comparedRun || document != comparedDocument || document.changeCount() != comparedVersion) {
            comparisons++;
            comparedRun = run;
            comparedDocument = document;
            comparedVersion = document.changeCount();
            differs = run.differsFrom(document.model());
        }
        return differs;
    }

    private static boolean hasValues(double[] v) {
        for (double d : v) {
            if (!Double.isNaN(d)) {
                return true;
            }
        }
        return false;
    }

    private static boolean positive(double[] v) {
        for (double d : v) {
            if (!(d > 0)) {
                return false;
            }
        }
        return v.length > 0;
    }

    @Override
    public void setFocus() {
        chart.setFocus();
    }

    @Override
    public void dispose() {
        TrainingRun.removeListener(this);
        RunOverlay.removeListener(this);
        follower.dispose();
        super.dispose();
    }
}
