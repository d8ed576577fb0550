package org.rnnstudio.ui.training;

import java.util.Map;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.part.ViewPart;

/**
 * What every group of the active model does over the first sequence of the data after the latest epoch of its
 * latest run (the header names both): one heatmap per group,
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
    private Redraws redraws;
    private ModelFollower follower;
    private int cells;

    private org.eclipse.swt.widgets.Spinner sequence;
    private org.eclipse.swt.widgets.Text only;

    @Override
    public void createPartControl(Composite parent) {
        parent.setLayout(new org.eclipse.swt.layout.GridLayout(4, false));
        new org.eclipse.swt.widgets.Label(parent, SWT.NONE).setText("Sequence:");
        sequence = new org.eclipse.swt.widgets.Spinner(parent, SWT.BORDER);
        sequence.setValues(0, 0, 10_000_000, 0, 1, 10);
        sequence.setToolTipText("which sequence of the training data the next run shows (0 = the first)");
        sequence.addListener(SWT.Selection, e -> TrainingChoices.setSequence(sequence.getSelection()));
        new org.eclipse.swt.widgets.Label(parent, SWT.NONE).setText("Group:");
        only = new org.eclipse.swt.widgets.Text(parent, SWT.BORDER);
        only.setMessage("all groups");
        only.setToolTipText("show one group only, e.g. hidden or memory.keep");
        only.setLayoutData(new org.eclipse.swt.layout.GridData(SWT.FILL, SWT.CENTER, true, false));
        only.addModifyListener(e -> canvas.redraw());
        canvas = new Canvas(parent, SWT.DOUBLE_BUFFERED | SWT.V_SCROLL);
        canvas.setLayoutData(new org.eclipse.swt.layout.GridData(SWT.FILL, SWT.FILL, true, true, 4, 1));
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

    /** Chooses, as a person does, the sequence of the next run and the group shown (blank: all). */
    public void choose(int sequenceIndex, String groupId) {
        sequence.setSelection(sequenceIndex);
        TrainingChoices.setSequence(sequenceIndex);
        only.setText(groupId);
    }

    /** How many unit-step cells the last paint drew. */
    public int cellsDrawn() {
        return cells;
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
        cells = 0;
        TrainingRun run = follower.run();
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
        String chosen = only.getText().trim();
        for (Map.Entry<String, double[][]> e : groups.entrySet()) {
            if (!chosen.isEmpty() && !e.getKey().equals(chosen)) {
                continue;
            }
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
        follower.dispose();
        super.dispose();
    }
}
