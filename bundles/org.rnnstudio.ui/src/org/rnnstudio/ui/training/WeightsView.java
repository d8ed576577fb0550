package org.rnnstudio.ui.training;

import java.util.Map;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.layout.FillLayout;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.part.ViewPart;

/**
 * Hinton diagrams of the weights of the active model's latest run, one per connection matrix (and
 * diagonal): a square per weight, its area in proportion to the weight's size, white for positive and black
 * for negative, on grey. The header names the model and the run.
 */
public class WeightsView extends ViewPart implements TrainingRun.Listener {

    public static final String ID = "org.rnnstudio.ui.weights";
    private static final int GAP = 24;

    private Canvas canvas;
    private Redraws redraws;
    private ModelFollower follower;
    private int squares;

    @Override
    public void createPartControl(Composite parent) {
        parent.setLayout(new FillLayout());
        canvas = new Canvas(parent, SWT.DOUBLE_BUFFERED);
        canvas.addPaintListener(e -> paint(e.gc));
        redraws = new Redraws(canvas, this::redraw);
        follower = new ModelFollower(getSite().getPage(), this::redraw);
        TrainingRun.addListener(this);
        redraw();
    }

    private void redraw() {
        setContentDescription(follower.header(follower.run()));
        canvas.redraw();
    }

    public Canvas canvas() {
        return canvas;
    }

    /** How many weight squares the last paint drew. */
    public int squaresDrawn() {
        return squares;
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

    private void paint(GC gc) {
        Display d = canvas.getDisplay();
        gc.setBackground(d.getSystemColor(SWT.COLOR_WHITE));
        gc.fillRectangle(canvas.getClientArea());
        TrainingRun run = follower.run();
        squares = 0;
        if (run == null || run.weights().isEmpty()) {
            gc.setForeground(d.getSystemColor(SWT.COLOR_DARK_GRAY));
            gc.drawText("The weights of a training run appear here, one Hinton diagram per connection.", 10, 10, true);
            return;
        }
        Map<String, double[][]> weights = run.weights();
        double max = 1e-12;
        for (double[][] m : weights.values()) {
            for (double[] row : m) {
                for (double v : row) {
                    max = Math.max(max, Math.abs(v));
                }
            }
        }
        int x = 10;
        int y = 10;
        int rowHeight = 0;
        int width = canvas.getClientArea().width;
        for (Map.Entry<String, double[][]> e : weights.entrySet()) {
            double[][] m = e.getValue();
            // small matrices get big squares, large ones stay on screen
            int cell = Math.max(4, Math.min(36, 240 / Math.max(m.length, m[0].length)));
            int w = m[0].length * cell;
            int h = m.length * cell;
            if (x > 10 && x + w > width - 10) {
                x = 10;
                y += rowHeight + GAP;
                rowHeight = 0;
            }
            gc.setForeground(d.getSystemColor(SWT.COLOR_BLACK));
            gc.drawText(e.getKey().replaceFirst("^connection:", ""), x, y, true);
            int top = y + 18;
            gc.setBackground(d.getSystemColor(SWT.COLOR_GRAY));
            gc.fillRectangle(x, top, w, h);
            for (int r = 0; r < m.length; r++) {
                for (int c = 0; c < m[r].length; c++) {
                    double v = m[r][c];
                    int side = (int) Math.round(Math.sqrt(Math.abs(v) / max) * (cell - 2));
                    gc.setBackground(d.getSystemColor(v >= 0 ? SWT.COLOR_WHITE : SWT.COLOR_BLACK));
                    gc.fillRectangle(x + c * cell + (cell - side) / 2, top + r * cell + (cell - side) / 2, side, side);
                    squares++;
                }
            }
            x += Math.max(w, 8 * e.getKey().length()) + GAP;
            rowHeight = Math.max(rowHeight, h + 18);
        }
    }

    @Override
    public void setFocus() {
        canvas.setFocus();
    }

    @Override
    public void dispose() {
        TrainingRun.removeListener(this);
        follower.dispose();
        super.dispose();
    }
}
