package org.rnnstudio.ui.training;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.runtime.jobs.Job;

import org.eclipse.jface.action.Action;
import org.eclipse.jface.action.IAction;
import org.eclipse.swt.SWT;
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
import org.rnnstudio.ui.editor.ModelDocument;
import org.rnnstudio.ui.editor.RnnEditor;

/**
 * Loss and accuracy of the active model's latest training run, epoch by epoch, training and validation; log
 * scale on demand; the header names the model and the run. Redrawn at most about ten times a second,
 * whatever the training thread reports. A model not trained in this session shows its last run as its
 * metrics file records it, read in the background once per version of that file.
 */
public class TrainingView extends ViewPart implements TrainingRun.Listener {

    public static final String ID = "org.rnnstudio.ui.training";
    /** However long a run, a redraw handles at most this many epochs (evenly spaced, the last always). */
    static final int MAX_POINTS = 2000;

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
        Composite page = new Composite(parent, SWT.NONE);
        page.setLayout(new GridLayout(1, false));
        status = new Label(page, SWT.WRAP);
        status.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        status.setText("No training run yet: open a model and press Train.");
        chart = new Chart(page, SWT.NONE);
        chart.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        chart.getTitle().setText("Training");
        chart.getAxisSet().getXAxis(0).getTitle().setText("epoch");
        chart.getAxisSet().getYAxis(0).getTitle().setText("loss per sequence");
        int accuracyAxis = chart.getAxisSet().createYAxis();
        IAxis right = chart.getAxisSet().getYAxis(accuracyAxis);
        right.setPosition(org.eclipse.swtchart.IAxis.Position.Secondary);
        right.getTitle().setText("accuracy");
        addSeries("loss", "training loss", SWT.COLOR_BLUE, 0, LineStyle.SOLID);
        addSeries("validation loss", "validation loss", SWT.COLOR_DARK_CYAN, 0, LineStyle.DASH);
        addSeries("accuracy", "training accuracy", SWT.COLOR_DARK_GREEN, accuracyAxis, LineStyle.SOLID);
        addSeries("validation accuracy", "validation accuracy", SWT.COLOR_DARK_YELLOW, accuracyAxis, LineStyle.DASH);
        addSeries("character error rate", "character error rate", SWT.COLOR_DARK_RED, accuracyAxis, LineStyle.SOLID);
        addSeries("validation character error rate", "validation character error rate", SWT.COLOR_DARK_MAGENTA, accuracyAxis, LineStyle.DASH);
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
        followed();
    }

    private void addSeries(String id, String label, int colour, int axis, LineStyle style) {
        ILineSeries<?> s = (ILineSeries<?>) chart.getSeriesSet().createSeries(ISeries.SeriesType.LINE, id);
        s.setDescription(label);
        s.setLineColor(Display.getDefault().getSystemColor(colour));
        s.setSymbolType(ILineSeries.PlotSymbolType.NONE);
        s.setLineStyle(style);
        s.setYAxisId(axis);
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
        if (run == null) {
            status.setText(follower.model() == null ? "No training run yet: open a model and press Train."
                    : "No training run of " + follower.model().getName() + " yet: press Train.");
            for (ISeries<?> s : chart.getSeriesSet().getSeries()) {
                s.setXSeries(new double[0]);
                s.setYSeries(new double[0]);
            }
            chart.getAxisSet().adjustRange();
            chart.redraw();
            return;
        }
        List<double[]> epochs = run.epochs(MAX_POINTS);
        double[] x = new double[epochs.size()];
        String[] ids = {"loss", "accuracy", "validation loss", "validation accuracy", "character error rate", "validation character error rate"};
        double[][] y = new double[ids.length][epochs.size()];
        for (int i = 0; i < epochs.size(); i++) {
            x[i] = epochs.get(i)[0];
            for (int k = 0; k < ids.length; k++) {
                y[k][i] = epochs.get(i)[k + 1];
            }
        }
        for (int k = 0; k < ids.length; k++) {
            ISeries<?> s = chart.getSeriesSet().getSeries(ids[k]);
            boolean any = epochs.stream().anyMatch(e -> !Double.isNaN(e[1]));
            s.setXSeries(x);
            s.setYSeries(k >= 2 && !hasValues(y[k]) ? new double[0] : y[k]);
            if (k >= 2 && !hasValues(y[k])) {
                s.setXSeries(new double[0]);
            }
            s.setVisible(any);
        }
        chart.getAxisSet().getYAxis(0).enableLogScale(logScale.isChecked() && positive(y[0]));
        chart.getAxisSet().adjustRange();
        chart.redraw();
        String last = epochs.isEmpty() ? "" : String.format(java.util.Locale.ROOT, " Epoch %d: loss %.5f, accuracy %.1f%%.",
                (int) x[x.length - 1], y[0][y[0].length - 1], 100 * y[1][y[1].length - 1]);
        String changed = "";
        if (getSite().getPage().getActiveEditor() instanceof RnnEditor editor && editor.document() != null
                && editor.file().equals(run.file()) && differs(run, editor.document())) {
            changed = " (The diagram has changed since this run started; the run trains the model as it was then.)";
        }
        status.setText(run.name() + ": " + (run.isFinished() ? run.status() : "training." + last) + changed);
        status.getParent().layout();
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
        follower.dispose();
        super.dispose();
    }
}
