package org.rnnstudio.ui.training;

import java.util.List;

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

/**
 * Loss and accuracy of the latest training run, epoch by epoch, training and validation; log scale on
 * demand. Redrawn at most about ten times a second, whatever the training thread reports.
 */
public class TrainingView extends ViewPart implements TrainingRun.Listener {

    public static final String ID = "org.rnnstudio.ui.training";
    /** However long a run, a redraw handles at most this many epochs (evenly spaced, the last always). */
    static final int MAX_POINTS = 2000;

    private Label status;
    private Chart chart;
    private Redraws redraws;
    private IAction logScale;
    /** The run on show: the live one, or the last recorded run of the active model. */
    private volatile TrainingRun shown;

    private final org.eclipse.ui.IPartListener2 follower = new org.eclipse.ui.IPartListener2() {
        @Override
        public void partActivated(org.eclipse.ui.IWorkbenchPartReference ref) {
            if (ref.getPart(false) instanceof org.rnnstudio.ui.editor.RnnEditor editor && editor.document() != null) {
                showRecorded(editor.file());
            }
        }
    };

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
        TrainingRun.addListener(this);
        shown = TrainingRun.latest();
        getSite().getPage().addPartListener(follower);
        if (getSite().getPage().getActiveEditor() instanceof org.rnnstudio.ui.editor.RnnEditor editor && editor.document() != null) {
            showRecorded(editor.file());
        }
        redraw();
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

    /** Shows the active model's last recorded run unless a run of this model is on show already. */
    private void showRecorded(org.eclipse.core.resources.IFile file) {
        if (shown != null && file.equals(shown.file())) {
            return;
        }
        TrainingRun recorded = TrainingRun.load(file);
        if (recorded != null) {
            shown = recorded;
            redraw();
        }
    }

    @Override
    public void changed(TrainingRun run) {
        shown = run;
        redraws.request();
    }

    private void redraw() {
        TrainingRun run = shown;
        if (run == null) {
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
        if (getSite().getPage().getActiveEditor() instanceof org.rnnstudio.ui.editor.RnnEditor editor && editor.document() != null
                && editor.file().equals(run.file()) && run.differsFrom(editor.document().model())) {
            changed = " (The diagram has changed since this run started; the run trains the model as it was then.)";
        }
        status.setText(run.name() + ": " + (run.isFinished() ? run.status() : "training." + last) + changed);
        status.getParent().layout();
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
        getSite().getPage().removePartListener(follower);
        super.dispose();
    }
}
