package org.rnnstudio.ui.training;

import java.util.Map;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.layout.FillLayout;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.part.ViewPart;

/**
 * What every group does over the first sequence of the data after the latest epoch: one heatmap per group,
 * a row per unit and a column per time step, red for positive and blue for negative, as strong as the
 * group's largest value. For an LSTM cell its keep, write and read gates and its cell state are groups of
 * their own (CELL.keep, ...); for the binary adder the input bits, the three hidden units and the sum bit
 * can be read off step by step, the states of the automaton that adds.
 */
public class ActivationsView extends ViewPart implements TrainingRun.Listener {

    public static final String ID = "org.rnnstudio.ui.activations";
    /** Larger groups show their first units only. */
    public static final int MAX_ROWS = 16;

    private Canvas canvas;
    private volatile boolean pending;
    private int cells;

    @Override
    public void createPartControl(Composite parent) {
        parent.setLayout(new FillLayout());
        canvas = new Canvas(parent, SWT.DOUBLE_BUFFERED | SWT.V_SCROLL);
        canvas.addPaintListener(e -> paint(e.gc));
        TrainingRun.addListener(this);
    }

    public Canvas canvas() {
        return canvas;
    }

    /** How many unit-step cells the last paint drew. */
    public int cellsDrawn() {
        return cells;
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
            if (!canvas.isDisposed()) {
                canvas.redraw();
            }
        }));
    }

    private void paint(GC gc) {
        Display d = canvas.getDisplay();
        gc.setBackground(d.getSystemColor(SWT.COLOR_WHITE));
        gc.fillRectangle(canvas.getClientArea());
        cells = 0;
        TrainingRun run = TrainingRun.latest();
        Map<String, double[][]> groups = run == null ? Map.of() : run.activations();
        if (groups.isEmpty()) {
            gc.setForeground(d.getSystemColor(SWT.COLOR_DARK_GRAY));
            gc.drawText("The units of every group over the first training sequence appear here while a model trains.", 10, 10, true);
            return;
        }
        int steps = groups.values().iterator().next().length;
        int width = canvas.getClientArea().width - 150;
        int cell = Math.max(4, Math.min(28, width / Math.max(1, steps)));
        int y = 8;
        gc.setForeground(d.getSystemColor(SWT.COLOR_BLACK));
        for (int t = 0; t < steps; t++) {
            if (steps <= 40 || t % 5 == 0) {
                gc.drawText(Integer.toString(t), 140 + t * cell, y, true);
            }
        }
        y += 18;
        for (Map.Entry<String, double[][]> e : groups.entrySet()) {
            double[][] values = e.getValue();
            int units = Math.min(MAX_ROWS, values[0].length);
            double max = 1e-12;
            for (double[] step : values) {
                for (int u = 0; u < units; u++) {
                    max = Math.max(max, Math.abs(step[u]));
                }
            }
            gc.setForeground(d.getSystemColor(SWT.COLOR_BLACK));
            gc.drawText(e.getKey() + (values[0].length > units ? " (first " + units + ")" : ""), 8, y, true);
            for (int u = 0; u < units; u++) {
                for (int t = 0; t < steps; t++) {
                    double v = values[t][u] / max;
                    Color c = new Color(d, v >= 0 ? new RGB(255, (int) (255 * (1 - v)), (int) (255 * (1 - v)))
                            : new RGB((int) (255 * (1 + v)), (int) (255 * (1 + v)), 255));
                    gc.setBackground(c);
                    gc.fillRectangle(140 + t * cell, y + u * cell, cell - 1, cell - 1);
                    cells++;
                }
            }
            y += Math.max(units * cell, 16) + 10;
        }
    }

    @Override
    public void setFocus() {
        canvas.setFocus();
    }

    @Override
    public void dispose() {
        TrainingRun.removeListener(this);
        super.dispose();
    }
}
