package org.rnnstudio.ui.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;
import org.eclipse.ui.part.ViewPart;

/**
 * Hinton diagrams of the weights of the active model's latest run, one per connection matrix (and
 * diagonal): a square per weight, its area in proportion to the weight's size, white for positive and black
 * for negative, on grey; a row per sending unit and a column per receiving unit, numbered, with a scale of
 * square sizes and the weight under the mouse in the tooltip. An LSTM cell's connections are grouped by gate.
 * The header names the model and the run.
 */
public class WeightsView extends ViewPart implements TrainingRun.Listener {

    public static final String ID = "org.rnnstudio.ui.weights";
    public static final String ALL = "all connections";
    private static final int GAP = 28;
    private static final int LABEL = 18;

    private Canvas canvas;
    private Combo connection;
    private Redraws redraws;
    private ModelFollower follower;
    private int squares;
    /** where each weight was drawn by the last paint, for the value under the mouse */
    private final List<Square> drawn = new ArrayList<>();

    private record Square(Rectangle at, String matrix, int row, int column, double value) {
    }

    @Override
    public void createPartControl(Composite parent) {
        org.eclipse.ui.PlatformUI.getWorkbench().getHelpSystem().setHelp(parent, "org.rnnstudio.help.weights");
        parent.setLayout(new GridLayout(2, false));
        new Label(parent, SWT.NONE).setText("Connection:");
        connection = new Combo(parent, SWT.READ_ONLY);
        connection.setItems(ALL);
        connection.select(0);
        connection.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        connection.addListener(SWT.Selection, e -> canvas.redraw());
        canvas = new Canvas(parent, SWT.DOUBLE_BUFFERED);
        canvas.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true, 2, 1));
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
        String chosen = connection.getText();
        List<String> items = new ArrayList<>(List.of(ALL));
        if (run != null) {
            items.addAll(Gates.grouped(run.weights()).keySet());
        }
        if (!items.equals(List.of(connection.getItems()))) {
            connection.setItems(items.toArray(String[]::new));
            connection.select(Math.max(0, items.indexOf(chosen)));
        }
        canvas.redraw();
    }

    public Canvas canvas() {
        return canvas;
    }

    /** Shows one connection's matrix only, as a person chooses it in the view; ALL shows every one. */
    public void choose(String matrix) {
        connection.select(List.of(connection.getItems()).indexOf(matrix));
        canvas.redraw();
    }

    public List<String> choices() {
        return List.of(connection.getItems());
    }

    /** How many weight squares the last paint drew. */
    public int squaresDrawn() {
        return squares;
    }

    /** The weight drawn at a point of the canvas, as its tooltip says it; null between the squares. */
    public String valueAt(int x, int y) {
        for (Square s : drawn) {
            if (s.at().contains(x, y)) {
                return String.format(Locale.ROOT, "%s: from unit %d to unit %d, weight %.4g", label(s.matrix()), s.row(), s.column(), s.value());
            }
        }
        return null;
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

    private static String label(String matrix) {
        return Gates.name(matrix.replaceFirst("^connection:", ""));
    }

    private Map<String, double[][]> shown() {
        TrainingRun run = follower.run();
        Map<String, double[][]> weights = run == null ? Map.of() : Gates.grouped(run.weights());
        String chosen = connection.getText();
        return ALL.equals(chosen) || !weights.containsKey(chosen) ? weights : Map.of(chosen, weights.get(chosen));
    }

    private String csv() {
        StringBuilder out = new StringBuilder("connection,from unit,to unit,weight\n");
        shown().forEach((name, m) -> {
            for (int r = 0; r < m.length; r++) {
                for (int c = 0; c < m[r].length; c++) {
                    out.append('"').append(name).append("\",").append(r).append(',').append(c).append(',').append(m[r][c]).append('\n');
                }
            }
        });
        return out.toString();
    }

    private void paint(Drawing gc) {
        Display d = canvas.getDisplay();
        gc.setBackground(d.getSystemColor(SWT.COLOR_WHITE));
        gc.fillRectangle(canvas.getClientArea());
        squares = 0;
        drawn.clear();
        Map<String, double[][]> weights = shown();
        if (weights.isEmpty()) {
            gc.setForeground(d.getSystemColor(SWT.COLOR_DARK_GRAY));
            gc.drawText("The weights of a training run appear here, one Hinton diagram per connection.", 10, 10, true);
            return;
        }
        double max = 1e-12;
        for (double[][] m : weights.values()) {
            for (double[] row : m) {
                for (double v : row) {
                    max = Math.max(max, Math.abs(v));
                }
            }
        }
        int y = 10 + legend(gc, max) + 12;
        int x = 10;
        int rowHeight = 0;
        int width = canvas.getClientArea().width;
        for (Map.Entry<String, double[][]> e : weights.entrySet()) {
            double[][] m = e.getValue();
            // small matrices get big squares, large ones stay on screen
            int cell = Math.max(4, Math.min(36, 240 / Math.max(m.length, m[0].length)));
            int w = m[0].length * cell;
            int h = m.length * cell;
            String title = label(e.getKey());
            int titleWidth = gc.textExtent(title).x;
            if (x > 10 && x + LABEL + Math.max(w, titleWidth) > width - 10) {
                x = 10;
                y += rowHeight + GAP;
                rowHeight = 0;
            }
            gc.setForeground(d.getSystemColor(SWT.COLOR_BLACK));
            gc.drawText(title, x, y, true);
            int left = x + LABEL;
            int top = y + 2 * LABEL;
            unitNumbers(gc, m.length, m[0].length, cell, left, top);
            gc.setBackground(d.getSystemColor(SWT.COLOR_GRAY));
            gc.fillRectangle(left, top, w, h);
            for (int r = 0; r < m.length; r++) {
                for (int c = 0; c < m[r].length; c++) {
                    double v = m[r][c];
                    int side = side(v, max, cell);
                    gc.setBackground(d.getSystemColor(v >= 0 ? SWT.COLOR_WHITE : SWT.COLOR_BLACK));
                    gc.fillRectangle(left + c * cell + (cell - side) / 2, top + r * cell + (cell - side) / 2, side, side);
                    drawn.add(new Square(new Rectangle(left + c * cell, top + r * cell, cell, cell), e.getKey(), r, c, v));
                    squares++;
                }
            }
            x += LABEL + Math.max(w, titleWidth) + GAP;
            rowHeight = Math.max(rowHeight, h + 2 * LABEL);
        }
    }

    private static int side(double v, double max, int cell) {
        return (int) Math.round(Math.sqrt(Math.abs(v) / max) * (cell - 2));
    }

    /** Numbers the sending units down the left and the receiving units along the top, when the squares are big enough. */
    private void unitNumbers(Drawing gc, int rows, int columns, int cell, int left, int top) {
        if (cell < 12) {
            return;
        }
        gc.setForeground(canvas.getDisplay().getSystemColor(SWT.COLOR_DARK_GRAY));
        for (int r = 0; r < rows; r++) {
            gc.drawText(Integer.toString(r), left - LABEL + 2, top + r * cell + (cell - gc.getFontMetrics().getHeight()) / 2, true);
        }
        for (int c = 0; c < columns; c++) {
            gc.drawText(Integer.toString(c), left + c * cell + cell / 2 - 3, top - LABEL, true);
        }
    }

    /** Squares for the largest weight, half and a tenth of it, each sign; returns the height it took. */
    private int legend(Drawing gc, double max) {
        Display d = canvas.getDisplay();
        int cell = 24;
        int x = 10;
        gc.setForeground(d.getSystemColor(SWT.COLOR_BLACK));
        String intro = "Scale (rows: from unit, columns: to unit):";
        gc.drawText(intro, x, 10 + 4, true);
        x += gc.textExtent(intro).x + 10;
        for (double v : new double[] {max, max / 2, max / 10, -max / 10, -max / 2, -max}) {
            gc.setBackground(d.getSystemColor(SWT.COLOR_GRAY));
            gc.fillRectangle(x, 10, cell, cell);
            int side = side(v, max, cell);
            gc.setBackground(d.getSystemColor(v >= 0 ? SWT.COLOR_WHITE : SWT.COLOR_BLACK));
            gc.fillRectangle(x + (cell - side) / 2, 10 + (cell - side) / 2, side, side);
            String text = String.format(Locale.ROOT, "%+.3g", v);
            gc.drawText(text, x + cell + 3, 10 + 4, true);
            x += cell + gc.textExtent(text).x + 14;
        }
        return cell;
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
