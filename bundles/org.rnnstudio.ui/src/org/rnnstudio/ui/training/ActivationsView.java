package org.rnnstudio.ui.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.part.ViewPart;

/**
 * What every group of the active model does over the first sequence of the data after the latest epoch of its
 * latest run (the header names both): one heatmap per group,
 * a row per unit (numbered) and a column per time step, red for positive and blue for negative, as strong as
 * the group's largest value, with a scale bar and the value under the mouse in the tooltip. For an LSTM cell its keep, write and read gates and its cell state are groups of
 * their own (CELL.keep, ...), drawn together and named as in the lecture; for the binary adder the input bits, the three hidden units and the sum bit
 * can be read off step by step, the states of the automaton that adds.
 */
public class ActivationsView extends ViewPart implements TrainingRun.Listener {

    public static final String ID = "org.rnnstudio.ui.activations";
    /** Larger groups show their first units only. */
    public static final int MAX_ROWS = 16;
    public static final String ALL = "all groups";
    /** the width left of the heatmaps for group names and unit labels */
    private static final int LEFT = 170;

    private Canvas canvas;
    private Redraws redraws;
    private ModelFollower follower;
    private int cells;

    private org.eclipse.swt.widgets.Spinner sequence;
    private Combo only;
    /** where each unit-step cell was drawn by the last paint, for the value under the mouse */
    private final List<Cell> drawn = new ArrayList<>();

    private record Cell(Rectangle at, String group, int unit, int step, double value) {
    }

    @Override
    public void createPartControl(Composite parent) {
        org.eclipse.ui.PlatformUI.getWorkbench().getHelpSystem().setHelp(parent, "org.rnnstudio.help.activations");
        parent.setLayout(new org.eclipse.swt.layout.GridLayout(4, false));
        new org.eclipse.swt.widgets.Label(parent, SWT.NONE).setText("Sequence:");
        sequence = new org.eclipse.swt.widgets.Spinner(parent, SWT.BORDER);
        sequence.setValues(0, 0, 10_000_000, 0, 1, 10);
        sequence.setToolTipText("which sequence of the training data the next run shows (0 = the first)");
        sequence.addListener(SWT.Selection, e -> TrainingChoices.setSequence(sequence.getSelection()));
        new org.eclipse.swt.widgets.Label(parent, SWT.NONE).setText("Group:");
        only = new Combo(parent, SWT.DROP_DOWN);
        only.setItems(ALL);
        only.select(0);
        only.setToolTipText("show one group only, e.g. hidden or memory.keep (an LSTM cell's keep gate)");
        only.setLayoutData(new org.eclipse.swt.layout.GridData(SWT.FILL, SWT.CENTER, true, false));
        only.addModifyListener(e -> canvas.redraw());
        canvas = new Canvas(parent, SWT.DOUBLE_BUFFERED | SWT.V_SCROLL);
        canvas.setLayoutData(new org.eclipse.swt.layout.GridData(SWT.FILL, SWT.FILL, true, true, 4, 1));
        canvas.addPaintListener(e -> paint(Drawing.on(e.gc)));
        canvas.addListener(SWT.MouseMove, e -> canvas.setToolTipText(valueAt(e.x, e.y)));
        ChartMenus.attach(canvas, this::paint, this::csv);
        redraws = new Redraws(canvas, this::redraw);
        follower = new ModelFollower(getSite().getPage(), this::redraw);
        TrainingRun.addListener(this);
        redraw();
    }

    private void redraw() {
        TrainingRun run = follower.run();
        setContentDescription(follower.header(run));
        List<String> items = new ArrayList<>(List.of(ALL));
        if (run != null) {
            items.addAll(Gates.grouped(run.activations()).keySet());
        }
        if (!items.equals(List.of(only.getItems()))) {
            String chosen = only.getText();
            only.setItems(items.toArray(String[]::new));
            only.setText(chosen);
        }
        canvas.redraw();
    }

    /** The groups a person can choose from: all, then each group, an LSTM cell's gates together. */
    public List<String> choices() {
        return List.of(only.getItems());
    }

    /** The value drawn at a point of the canvas, as its tooltip says it; null elsewhere. */
    public String valueAt(int x, int y) {
        for (Cell c : drawn) {
            if (c.at().contains(x, y)) {
                return String.format(Locale.ROOT, "%s, unit %d, step %d: %.4g", Gates.name(c.group()), c.unit(), c.step(), c.value());
            }
        }
        return null;
    }

    private Map<String, double[][]> shown() {
        TrainingRun run = follower.run();
        Map<String, double[][]> groups = run == null ? Map.of() : Gates.grouped(run.activations());
        String chosen = only.getText().trim();
        return chosen.isEmpty() || ALL.equals(chosen) ? groups
                : groups.containsKey(chosen) ? Map.of(chosen, groups.get(chosen)) : Map.of();
    }

    private String csv() {
        StringBuilder out = new StringBuilder("group,unit,step,value\n");
        shown().forEach((group, values) -> {
            for (int t = 0; t < values.length; t++) {
                for (int u = 0; u < values[t].length; u++) {
                    out.append('"').append(group).append("\",").append(u).append(',').append(t).append(',').append(values[t][u]).append('\n');
                }
            }
        });
        return out.toString();
    }

    public Canvas canvas() {
        return canvas;
    }

    /** Chooses, as a person does, the sequence of the next run and the group shown (blank: all). */
    public void choose(int sequenceIndex, String groupId) {
        sequence.setSelection(sequenceIndex);
        TrainingChoices.setSequence(sequenceIndex);
        only.setText(groupId.isBlank() ? ALL : groupId);
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

    private void paint(Drawing gc) {
        Display d = canvas.getDisplay();
        gc.setBackground(d.getSystemColor(SWT.COLOR_WHITE));
        gc.fillRectangle(canvas.getClientArea());
        cells = 0;
        drawn.clear();
        Map<String, double[][]> groups = shown();
        if (groups.isEmpty()) {
            gc.setForeground(d.getSystemColor(SWT.COLOR_DARK_GRAY));
            gc.drawText("The units of every group over the first training sequence appear here while a model trains.", 10, 10, true);
            return;
        }
        int steps = groups.values().iterator().next().length;
        int width = canvas.getClientArea().width - LEFT - 10;
        int cell = Math.max(4, Math.min(28, width / Math.max(1, steps)));
        int y = 8 + legend(gc) + 8;
        gc.setForeground(d.getSystemColor(SWT.COLOR_BLACK));
        gc.drawText("step", LEFT - gc.textExtent("step ").x, y, true);
        for (int t = 0; t < steps; t++) {
            if (steps <= 40 || t % 5 == 0) {
                gc.drawText(Integer.toString(t), LEFT + t * cell, y, true);
            }
        }
        y += 18;
        int lineHeight = gc.getFontMetrics().getHeight();
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
            gc.drawText(Gates.name(e.getKey()) + (values[0].length > units ? " (first " + units + ")" : ""), 8, y, true);
            gc.setForeground(d.getSystemColor(SWT.COLOR_DARK_GRAY));
            gc.drawText(String.format(Locale.ROOT, "max |a| %.3g", max), 8, y + lineHeight, true);
            for (int u = 0; u < units; u++) {
                if (cell >= lineHeight - 2) {
                    String unit = "u" + u;
                    gc.drawText(unit, LEFT - 4 - gc.textExtent(unit).x, y + u * cell + (cell - lineHeight) / 2, true);
                }
                for (int t = 0; t < steps; t++) {
                    gc.setBackground(colour(d, values[t][u] / max));
                    gc.fillRectangle(LEFT + t * cell, y + u * cell, cell - 1, cell - 1);
                    drawn.add(new Cell(new Rectangle(LEFT + t * cell, y + u * cell, cell, cell), e.getKey(), u, t, values[t][u]));
                    cells++;
                }
            }
            y += Math.max(units * cell, 2 * lineHeight) + 10;
        }
    }

    /** Red for positive, blue for negative, white at 0; v is the value over its group's largest size. */
    private static Color colour(Display d, double v) {
        return new Color(d, v >= 0 ? new RGB(255, (int) (255 * (1 - v)), (int) (255 * (1 - v)))
                : new RGB((int) (255 * (1 + v)), (int) (255 * (1 + v)), 255));
    }

    /** A colour bar from -1 to +1 times each group's largest size; returns the height it took. */
    private int legend(Drawing gc) {
        Display d = canvas.getDisplay();
        String intro = "Scale, relative to each group's max |a|:";
        gc.setForeground(d.getSystemColor(SWT.COLOR_BLACK));
        gc.drawText(intro, 8, 8, true);
        int x = 8 + gc.textExtent(intro).x + 10;
        int barWidth = 200;
        int height = 14;
        for (int i = 0; i < barWidth; i++) {
            gc.setBackground(colour(d, 2.0 * i / (barWidth - 1) - 1));
            gc.fillRectangle(x + i, 8, 1, height);
        }
        gc.setForeground(d.getSystemColor(SWT.COLOR_DARK_GRAY));
        gc.drawRectangle(x, 8, barWidth, height);
        gc.drawText("-1", x - 2, 8 + height + 1, true);
        gc.drawText("0", x + barWidth / 2 - 3, 8 + height + 1, true);
        gc.drawText("+1", x + barWidth - 10, 8 + height + 1, true);
        return height + gc.getFontMetrics().getHeight() + 2;
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
