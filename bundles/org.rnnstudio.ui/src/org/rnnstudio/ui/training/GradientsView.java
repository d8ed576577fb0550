package org.rnnstudio.ui.training;

import java.util.Map;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.layout.FillLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swtchart.Chart;
import org.eclipse.swtchart.ILineSeries;
import org.eclipse.swtchart.ISeries;
import org.eclipse.ui.part.ViewPart;

/**
 * Gradients through time: the norm of the error derivative of the first hidden group at each time step,
 * ||dE/dh_t||, on a log scale, one curve per recorded epoch (1, 2, 5, 10, 20, 50, ...), so that vanishing
 * (falling towards early steps) and exploding gradients can be seen and compared as training goes.
 */
public class GradientsView extends ViewPart implements TrainingRun.Listener {

    public static final String ID = "org.rnnstudio.ui.gradients";

    private Chart chart;
    private volatile boolean pending;

    @Override
    public void createPartControl(Composite parent) {
        parent.setLayout(new FillLayout());
        chart = new Chart(parent, SWT.NONE);
        chart.getTitle().setText("Gradients through time");
        chart.getAxisSet().getXAxis(0).getTitle().setText("time step t");
        chart.getAxisSet().getYAxis(0).getTitle().setText("||dE/dh_t||");
        TrainingRun.addListener(this);
        redraw();
    }

    public Chart chart() {
        return chart;
    }

    @Override
    public void changed(TrainingRun run) {
        if (pending) {
            return;
        }
        pending = true;
        Display display = Display.getDefault();
        display.asyncExec(() -> display.timerExec(100, () -> {
            pending = false;
            if (!chart.isDisposed()) {
                redraw();
            }
        }));
    }

    private void redraw() {
        TrainingRun run = TrainingRun.latest();
        for (ISeries<?> s : chart.getSeriesSet().getSeries()) {
            chart.getSeriesSet().deleteSeries(s.getId());
        }
        if (run == null || run.gradients().isEmpty()) {
            chart.redraw();
            return;
        }
        Map<Integer, double[]> curves = run.gradients();
        chart.getTitle().setText("Gradients through time: " + run.gradientGroup());
        int i = 0;
        boolean positive = true;
        for (Map.Entry<Integer, double[]> e : curves.entrySet()) {
            double[] norms = e.getValue();
            double[] x = new double[norms.length];
            for (int t = 0; t < norms.length; t++) {
                x[t] = t;
                positive &= norms[t] > 0;
            }
            ILineSeries<?> s = (ILineSeries<?>) chart.getSeriesSet().createSeries(ISeries.SeriesType.LINE, "epoch " + e.getKey());
            s.setXSeries(x);
            s.setYSeries(norms);
            s.setSymbolType(ILineSeries.PlotSymbolType.CIRCLE);
            s.setSymbolSize(2);
            // later epochs darker: the curves read as a sequence
            float shade = curves.size() == 1 ? 0.6f : 0.9f - 0.7f * i / (curves.size() - 1);
            s.setLineColor(new Color(display(), new RGB(220f, 0.8f, 1f - shade * 0.8f)));
            i++;
        }
        // a log scale needs positive values: the last step of a group read one step later has none
        chart.getAxisSet().getYAxis(0).enableLogScale(positive);
        chart.getAxisSet().adjustRange();
        chart.redraw();
    }

    private Display display() {
        return chart.getDisplay();
    }

    @Override
    public void setFocus() {
        chart.setFocus();
    }

    @Override
    public void dispose() {
        TrainingRun.removeListener(this);
        super.dispose();
    }
}
