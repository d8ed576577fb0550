package org.rnnstudio.ui.training;

import java.util.Locale;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.rnnstudio.model.Model;

/**
 * One state dimension of the active LDS over one sequence of its data: the observation of the same number
 * (when there is one) as dots, the filtered mean (dashed) and the smoothed mean with its 2-sigma band; the
 * dimension is chosen above the plot.
 */
public class LdsView extends HiddenStateView {

    public static final String ID = "org.rnnstudio.ui.lds";
    private static final int LEFT = 60;

    private Combo dimension;

    @Override
    protected Model.Kind kind() {
        return Model.Kind.LDS;
    }

    @Override
    public void createPartControl(Composite parent) {
        org.eclipse.ui.PlatformUI.getWorkbench().getHelpSystem().setHelp(parent, "org.rnnstudio.help.lds");
        Composite top = new Composite(parent, SWT.NONE);
        top.setLayout(new org.eclipse.swt.layout.GridLayout(1, false));
        dimension = new Combo(top, SWT.READ_ONLY);
        dimension.setItems("state dimension 0");
        dimension.select(0);
        dimension.addListener(SWT.Selection, e -> canvas.redraw());
        Composite plot = new Composite(top, SWT.NONE);
        plot.setLayoutData(new org.eclipse.swt.layout.GridData(SWT.FILL, SWT.FILL, true, true));
        super.createPartControl(plot);
    }

    /** Which state dimension is drawn. */
    public int dimension() {
        return Math.max(0, dimension.getSelectionIndex());
    }

    public void setDimension(int d) {
        dimension.select(d);
        canvas.redraw();
    }

    /** The smoothed means drawn, [step][dimension], or null. */
    public double[][] smoothedMeans() {
        HiddenStateInference i = shown();
        return i == null || i.smoothed() == null ? null : i.smoothed().smoothedMeans();
    }

    /** One choice per state dimension of the system on show, the choice kept where it still exists. */
    @Override
    protected void arrived(HiddenStateInference inference) {
        if (inference.problem() != null) {
            return;
        }
        int n = inference.model().lds().state();
        String[] items = new String[n];
        for (int i = 0; i < n; i++) {
            items[i] = "state dimension " + i + (i < inference.model().lds().observation() ? " with observation y." + i : "");
        }
        int keep = Math.min(dimension(), n - 1);
        dimension.setItems(items);
        dimension.select(keep);
        dimension.getParent().layout();
    }

    /** Every state dimension's filtered and smoothed mean and smoothed standard deviation, and the observations. */
    @Override
    protected String csv(HiddenStateInference inference) {
        var r = inference.smoothed();
        double[][] y = inference.sequence().y();
        int n = inference.model().lds().state();
        StringBuilder out = new StringBuilder("step");
        for (int d = 0; d < n; d++) {
            out.append(",filtered ").append(d).append(",smoothed ").append(d).append(",sd ").append(d);
        }
        for (int o = 0; o < y[0].length; o++) {
            out.append(",y.").append(o);
        }
        out.append('\n');
        for (int t = 0; t < y.length; t++) {
            out.append(t);
            for (int d = 0; d < n; d++) {
                out.append(',').append(r.filteredMeans()[t][d]).append(',').append(r.smoothedMeans()[t][d]).append(',')
                        .append(Math.sqrt(Math.max(0, r.smoothedVariances(t)[d])));
            }
            for (double v : y[t]) {
                out.append(',').append(Double.isNaN(v) ? "" : Double.toString(v));
            }
            out.append('\n');
        }
        return out.toString();
    }

    @Override
    protected void paint(Drawing gc, HiddenStateInference inference) {
        int d = Math.min(dimension(), inference.model().lds().state() - 1);
        var r = inference.smoothed();
        double[][] y = inference.sequence().y();
        int steps = y.length;
        double[] smoothed = new double[steps];
        double[] filtered = new double[steps];
        double[] sigma = new double[steps];
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        boolean observed = d < inference.model().lds().observation();
        for (int t = 0; t < steps; t++) {
            smoothed[t] = r.smoothedMeans()[t][d];
            filtered[t] = r.filteredMeans()[t][d];
            sigma[t] = Math.sqrt(Math.max(0, r.smoothedVariances(t)[d]));
            min = Math.min(min, Math.min(filtered[t], smoothed[t] - 2 * sigma[t]));
            max = Math.max(max, Math.max(filtered[t], smoothed[t] + 2 * sigma[t]));
            if (observed && !Double.isNaN(y[t][d])) {
                min = Math.min(min, y[t][d]);
                max = Math.max(max, y[t][d]);
            }
        }
        Rectangle area = canvas.getClientArea();
        int width = Math.max(1, area.width - LEFT - 20);
        int height = Math.max(1, area.height - 60);
        double low = min;
        double span = span(min, max);
        double dx = steps > 1 ? (double) width / (steps - 1) : 0;
        java.util.function.DoubleUnaryOperator py = v -> 20 + height - (v - low) / span * height;
        Color band = new Color(canvas.getDisplay(), 200, 215, 245);
        gc.setBackground(band);
        int[] polygon = new int[4 * steps];
        for (int t = 0; t < steps; t++) {
            polygon[2 * t] = LEFT + (int) Math.round(t * dx);
            polygon[2 * t + 1] = (int) Math.round(py.applyAsDouble(smoothed[t] + 2 * sigma[t]));
            int back = steps - 1 - t;
            polygon[2 * steps + 2 * t] = LEFT + (int) Math.round(back * dx);
            polygon[2 * steps + 2 * t + 1] = (int) Math.round(py.applyAsDouble(smoothed[back] - 2 * sigma[back]));
        }
        gc.fillPolygon(polygon);
        band.dispose();
        gc.setLineWidth(2);
        gc.setForeground(canvas.getDisplay().getSystemColor(SWT.COLOR_BLUE));
        line(gc, smoothed, dx, py);
        gc.setLineWidth(1);
        gc.setLineStyle(SWT.LINE_DASH);
        gc.setForeground(canvas.getDisplay().getSystemColor(SWT.COLOR_DARK_MAGENTA));
        line(gc, filtered, dx, py);
        gc.setLineStyle(SWT.LINE_SOLID);
        if (observed) {
            gc.setBackground(canvas.getDisplay().getSystemColor(SWT.COLOR_BLACK));
            for (int t = 0; t < steps; t++) {
                if (!Double.isNaN(y[t][d])) {
                    gc.fillOval(LEFT + (int) Math.round(t * dx) - 2, (int) Math.round(py.applyAsDouble(y[t][d])) - 2, 5, 5);
                }
            }
        }
        gc.setForeground(canvas.getDisplay().getSystemColor(SWT.COLOR_BLACK));
        gc.drawText(String.format(Locale.ROOT, "%.3g", max), 4, 14, true);
        gc.drawText(String.format(Locale.ROOT, "%.3g", min), 4, 14 + height, true);
        gc.drawText((observed ? "observations (dots), " : "") + "filtered mean (dashed), smoothed mean with its 2-sigma band; "
                + String.format(Locale.ROOT, "log-likelihood %.4f", r.logLikelihood()), LEFT, 24 + height + 8, true);
    }

    private static void line(Drawing gc, double[] values, double dx, java.util.function.DoubleUnaryOperator py) {
        for (int t = 1; t < values.length; t++) {
            gc.drawLine(LEFT + (int) Math.round((t - 1) * dx), (int) Math.round(py.applyAsDouble(values[t - 1])), LEFT + (int) Math.round(t * dx),
                    (int) Math.round(py.applyAsDouble(values[t])));
        }
    }
}
