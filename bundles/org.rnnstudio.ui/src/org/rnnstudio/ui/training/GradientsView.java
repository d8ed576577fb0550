package org.rnnstudio.ui.training;

import java.util.Map;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swtchart.Chart;
import org.eclipse.swtchart.IAxis;
import org.eclipse.swtchart.IAxisTick;
import org.eclipse.swtchart.ILineSeries;
import org.eclipse.swtchart.ISeries;
import org.eclipse.swtchart.Range;
import org.eclipse.ui.part.ViewPart;

/**
 * Gradients through time: the norm of the error derivative of the first hidden group at each time step,
 * ||dE/dh_t||, on a log scale labelled at every decade, one curve per recorded epoch (1, 2, 5, 10, 20, 50,
 * ...) from light (early) to dark (late), so that vanishing (falling towards early steps) and exploding gradients can be seen and compared as training goes. It shows
 * the latest run of the active model and names both in its header.
 */
public class GradientsView extends ViewPart implements TrainingRun.Listener {

    public static final String ID = "org.rnnstudio.ui.gradients";

    private Chart chart;
    private Redraws redraws;
    private ModelFollower follower;

    private org.eclipse.swt.widgets.Text group;
    private org.eclipse.swt.widgets.Text epochs;

    @Override
    public void createPartControl(Composite parent) {
        org.eclipse.ui.PlatformUI.getWorkbench().getHelpSystem().setHelp(parent, "org.rnnstudio.help.gradients");
        parent.setLayout(new org.eclipse.swt.layout.GridLayout(4, false));
        new org.eclipse.swt.widgets.Label(parent, SWT.NONE).setText("Group:");
        group = new org.eclipse.swt.widgets.Text(parent, SWT.BORDER);
        group.setMessage("first hidden group");
        group.setToolTipText("the group whose error derivatives the next run follows through time");
        group.setLayoutData(new org.eclipse.swt.layout.GridData(120, SWT.DEFAULT));
        group.addModifyListener(e -> TrainingChoices.setGradientGroup(group.getText()));
        new org.eclipse.swt.widgets.Label(parent, SWT.NONE).setText("Epochs:");
        epochs = new org.eclipse.swt.widgets.Text(parent, SWT.BORDER);
        epochs.setMessage("1, 2, 5, 10, 20, 50, ...");
        epochs.setToolTipText("the epochs at which the next run records the curve");
        epochs.setLayoutData(new org.eclipse.swt.layout.GridData(SWT.FILL, SWT.CENTER, true, false));
        epochs.addModifyListener(e -> {
            String problem = TrainingChoices.setGradientEpochs(epochs.getText());
            epochs.setForeground(problem == null ? null : getSite().getShell().getDisplay().getSystemColor(SWT.COLOR_RED));
            epochs.setToolTipText(problem == null ? "the epochs at which the next run records the curve" : problem);
        });
        chart = new Chart(parent, SWT.NONE);
        chart.setLayoutData(new org.eclipse.swt.layout.GridData(SWT.FILL, SWT.FILL, true, true, 4, 1));
        chart.getTitle().setText("Gradients through time");
        chart.getAxisSet().getXAxis(0).getTitle().setText("time step t");
        chart.getAxisSet().getYAxis(0).getTitle().setText("||dE/dh_t|| (log scale)");
        chart.getAxisSet().getYAxis(0).getTick().setFormat(WholeTicks.decades());
        chart.getAxisSet().getXAxis(0).getTick().setFormat(WholeTicks.counts());
        chart.getLegend().setPosition(SWT.RIGHT);
        ChartMenus.attach(chart, this::csv);
        redraws = new Redraws(chart, this::redraw);
        follower = new ModelFollower(getSite().getPage(), this::redraw);
        TrainingRun.addListener(this);
        redraw();
    }

    public Chart chart() {
        return chart;
    }

    /** Chooses, as a person types them, the group and the epochs the next run records. */
    public void choose(String groupId, String epochList) {
        group.setText(groupId);
        epochs.setText(epochList);
    }

    @Override
    public void changed(TrainingRun run) {
        if (follower.follows(run)) {
            redraws.request();
        }
    }

    /** The header: the model and run the view shows. */
    public String header() {
        return getContentDescription();
    }

    private void redraw() {
        TrainingRun run = follower.run();
        setContentDescription(follower.header(run));
        for (ISeries<?> s : chart.getSeriesSet().getSeries()) {
            chart.getSeriesSet().deleteSeries(s.getId());
        }
        if (run == null || run.gradients().isEmpty()) {
            chart.redraw();
            return;
        }
        Map<Integer, double[]> curves = run.gradients();
        chart.getTitle().setText("Gradients through time: " + run.gradientGroup());
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        int i = 0;
        for (Map.Entry<Integer, double[]> e : curves.entrySet()) {
            // log10 on a linear axis, labelled at every decade; steps with no derivative at all (0) are left out
            double[] all = e.getValue();
            int n = 0;
            for (double v : all) {
                n += v > 0 ? 1 : 0;
            }
            double[] x = new double[n];
            double[] decades = new double[n];
            for (int t = 0, k = 0; t < all.length; t++) {
                if (all[t] > 0) {
                    x[k] = t;
                    decades[k] = Math.log10(all[t]);
                    low = Math.min(low, decades[k]);
                    high = Math.max(high, decades[k]);
                    k++;
                }
            }
            ILineSeries<?> s = (ILineSeries<?>) chart.getSeriesSet().createSeries(ISeries.SeriesType.LINE, "epoch " + e.getKey());
            s.setDescription("epoch " + e.getKey());
            s.setXSeries(x);
            s.setYSeries(decades);
            s.setSymbolType(ILineSeries.PlotSymbolType.CIRCLE);
            s.setSymbolSize(3);
            s.setLineWidth(2);
            s.setSymbolColor(ramp(i, curves.size()));
            s.setLineColor(ramp(i, curves.size()));
            i++;
        }
        chart.getAxisSet().getXAxis(0).adjustRange();
        if (low <= high) {
            IAxis y = chart.getAxisSet().getYAxis(0);
            double bottom = Math.floor(low);
            double top = Math.max(Math.ceil(high), bottom + 1);
            y.setRange(new Range(bottom, top));
            // a tick step of exactly one decade: SWTChart picks the step from pixels per tick
            int length = Math.max(100, chart.getPlotArea().getControl().getSize().y);
            y.getTick().setTickMarkStepHint((int) Math.max(IAxisTick.MIN_GRID_STEP_HINT, length / (top - bottom)));
        }
        chart.redraw();
    }

    /** Early epochs light, late ones dark, in one hue, so that the curves read as a sequence. */
    static Color ramp(int index, int count) {
        float late = count == 1 ? 1f : index / (float) (count - 1);
        return new Color(new RGB(215f, 0.25f + 0.75f * late, 0.95f - 0.6f * late));
    }

    /** The recorded norms themselves, not their logarithms: epoch, step, norm. */
    private String csv() {
        TrainingRun run = follower.run();
        StringBuilder out = new StringBuilder("epoch,t,norm\n");
        if (run != null) {
            for (Map.Entry<Integer, double[]> e : run.gradients().entrySet()) {
                for (int t = 0; t < e.getValue().length; t++) {
                    out.append(e.getKey()).append(',').append(t).append(',').append(e.getValue()[t]).append('\n');
                }
            }
        }
        return out.toString();
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
