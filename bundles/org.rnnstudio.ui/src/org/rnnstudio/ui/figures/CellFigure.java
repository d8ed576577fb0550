package org.rnnstudio.ui.figures;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import org.eclipse.draw2d.ColorConstants;
import org.eclipse.draw2d.Figure;
import org.eclipse.draw2d.Graphics;
import org.eclipse.draw2d.geometry.Dimension;
import org.eclipse.draw2d.geometry.Point;
import org.eclipse.draw2d.geometry.Rectangle;
import org.eclipse.swt.graphics.Color;
import org.rnnstudio.engine.Reservoir;
import org.rnnstudio.model.Cell;
import org.rnnstudio.model.CellExpansion;
import org.rnnstudio.model.Connection;
import org.rnnstudio.model.Model;
import org.rnnstudio.model.UnitGroup;

/**
 * A composite cell. Closed: one block naming the cell and its gates. Open: the parts the engine runs, drawn
 * inside the block from the cell's expansion: gates as boxes, product units as ⊗, connections as arrows,
 * dashed when they reach back a step (the LSTM cell's self-loop through the keep gate, the recurrent h); an
 * open reservoir also shows its fixed recurrent weights as a sparse picture.
 */
public class CellFigure extends Figure {

    public static final Color CELL_FILL = new Color(null, 238, 232, 250);
    private static final int PAD = 8;
    private static final int TITLE = 34;
    private static final int COLUMN = 96;
    private static final int ROW = 56;
    private static final int BOX_W = 80;
    private static final int BOX_H = 24;

    /** Where each part sits when the cell is open: column and row (row 0 at the top), per kind. */
    private static final Map<Cell.Kind, Map<String, int[]>> PLACES = new HashMap<>();

    static {
        PLACES.put(Cell.Kind.LSTM, places("h", 2, 0, "squashed", 2, 1, "cell", 1, 1, "read", 3, 1, "kept", 0, 2, "written", 1, 2,
                "keep", 0, 3, "write", 1, 3, "candidate", 2, 3));
        PLACES.put(Cell.Kind.GRU, places("h", 1, 0, "update-h", 0, 1, "update-new", 2, 1, "update", 0, 2, "gated", 1, 2, "new", 2, 2,
                "reset", 0, 3, "hn", 1, 3));
        PLACES.put(Cell.Kind.ELMAN, places("h", 0, 0));
        PLACES.put(Cell.Kind.RESERVOIR, places("h", 0, 0, "candidate", 0, 1));
    }

    private static Map<String, int[]> places(Object... entries) {
        Map<String, int[]> map = new HashMap<>();
        for (int i = 0; i < entries.length; i += 3) {
            map.put((String) entries[i], new int[] {(Integer) entries[i + 1], (Integer) entries[i + 2]});
        }
        return map;
    }

    /** The side of an open reservoir's picture of its recurrent weights, in pixels; larger reservoirs show their first units. */
    private static final int PICTURE = 160;
    private static final Color POSITIVE = new Color(null, 180, 30, 30);
    private static final Color NEGATIVE = new Color(null, 30, 60, 180);

    private Cell cell;
    private boolean open;
    /** The reservoir's weights as drawn, and the size, connectivity and seed they were drawn for. */
    private double[] pattern;
    private String patternKey;
    private Color problem;

    public CellFigure(Cell cell) {
        this.cell = cell;
        setOpaque(true);
        setBackgroundColor(CELL_FILL);
        setForegroundColor(ColorConstants.black);
    }

    public void setCell(Cell newCell, Color problemColour, String problemText) {
        cell = newCell;
        problem = problemColour;
        setToolTip(problemText == null ? null : new ProblemTooltip(problemText));
        revalidate();
        repaint();
    }

    public boolean isOpen() {
        return open;
    }

    public void setOpen(boolean isOpen) {
        open = isOpen;
        revalidate();
        repaint();
    }

    public Color problem() {
        return problem;
    }

    /** The parts drawn when open, by name ("keep", "cell", ...), with their boxes relative to the figure. */
    public Map<String, Rectangle> partBoxes() {
        Map<String, Rectangle> boxes = new HashMap<>();
        if (!open) {
            return boxes;
        }
        for (Map.Entry<String, int[]> e : PLACES.get(cell.kind()).entrySet()) {
            int[] p = e.getValue();
            boxes.put(e.getKey(), new Rectangle(PAD + p[0] * COLUMN, TITLE + p[1] * ROW, BOX_W, BOX_H));
        }
        return boxes;
    }

    @Override
    public Dimension getPreferredSize(int wHint, int hHint) {
        return open ? openSize() : new Dimension(Math.max(190, 7 * cell.summary().length() + 2 * PAD), TITLE + 22);
    }

    /** The size the cell takes when open, whether it is open now or not. */
    public Dimension openSize() {
        int columns = 0;
        int rows = 0;
        for (int[] p : PLACES.get(cell.kind()).values()) {
            columns = Math.max(columns, p[0] + 1);
            rows = Math.max(rows, p[1] + 1);
        }
        if (cell.kind() == Cell.Kind.RESERVOIR) {
            return new Dimension(2 * PAD + BOX_W + 40 + PICTURE, TITLE + PICTURE + 2 * PAD + 32);
        }
        return new Dimension(Math.max(190, 2 * PAD + (columns - 1) * COLUMN + BOX_W + 30), TITLE + (rows - 1) * ROW + BOX_H + PAD + 10);
    }

    @Override
    protected void paintFigure(Graphics g) {
        Rectangle r = getBounds().getCopy();
        g.setAntialias(1);
        g.setBackgroundColor(getBackgroundColor());
        g.fillRoundRectangle(r.getResized(-1, -1), 14, 14);
        g.setForegroundColor(problem != null ? problem : ColorConstants.darkGray);
        g.setLineWidth(problem != null ? 3 : 2);
        g.drawRoundRectangle(r.getResized(-2, -2).getTranslated(1, 1), 14, 14);
        g.setLineWidth(1);
        g.setForegroundColor(getForegroundColor());
        g.drawText(cell.name() + (open ? "" : "  ▸"), r.x + PAD, r.y + 3);
        g.setForegroundColor(ColorConstants.darkGray);
        g.drawText(cell.summary(), r.x + PAD, r.y + 17);
        if (!open) {
            g.drawText("double-click to open", r.x + PAD, r.y + TITLE + 2);
            return;
        }
        paintParts(g, r);
        if (cell.kind() == Cell.Kind.RESERVOIR) {
            paintReservoir(g, new Rectangle(r.x + 2 * PAD + BOX_W + 30, r.y + TITLE + 4, PICTURE, PICTURE));
        }
    }

    /**
     * The recurrent weights as a sparse picture: a dot where a weight is not zero, red when positive and blue
     * when negative; the same pattern the engine draws from the reservoir's seed (scaled to the spectral radius
     * there, which changes no sign and no place).
     */
    private void paintReservoir(Graphics g, Rectangle area) {
        String key = cell.size() + "/" + cell.connectivity() + "/" + cell.seed();
        if (!key.equals(patternKey)) {
            pattern = Reservoir.sparsePattern(cell.size(), cell.connectivity(), new Random(cell.seed()));
            patternKey = key;
        }
        int shown = Math.min(cell.size(), PICTURE);
        int dot = Math.max(1, PICTURE / shown);
        g.setBackgroundColor(ColorConstants.white);
        g.fillRectangle(area.x, area.y, shown * dot, shown * dot);
        for (int i = 0; i < shown; i++) {
            for (int j = 0; j < shown; j++) {
                double w = pattern[i * cell.size() + j];
                if (w != 0) {
                    g.setBackgroundColor(w > 0 ? POSITIVE : NEGATIVE);
                    g.fillRectangle(area.x + j * dot, area.y + i * dot, dot, dot);
                }
            }
        }
        g.setForegroundColor(ColorConstants.darkGray);
        g.drawRectangle(area.x, area.y, shown * dot, shown * dot);
        // on two lines: one would run past the cell's edge
        g.drawText(shown < cell.size() ? "recurrent weights,\nfirst " + shown + " of " + cell.size() + " units" : "recurrent weights",
                area.x, area.y + shown * dot + 2);
    }

    /**
     * The labels of the delayed connections between the parts drawn when open, by the part connection's id
     * without the cell's prefix: "t-1" where a part reads another one step back (the kept memory, the
     * recurrent h into the gates).
     */
    public Map<String, String> delayLabels() {
        Map<String, String> labels = new HashMap<>();
        String prefix = cell.id() + ".";
        Map<String, Rectangle> boxes = partBoxes();
        for (Connection c : CellExpansion.parts(cell).connections()) {
            if (c.delay() > 0 && boxes.containsKey(c.from().substring(prefix.length())) && boxes.containsKey(c.to().substring(prefix.length()))) {
                labels.put(c.id().substring(prefix.length()), "t-" + c.delay());
            }
        }
        return labels;
    }

    private void paintParts(Graphics g, Rectangle r) {
        Model parts = CellExpansion.parts(cell);
        String prefix = cell.id() + ".";
        Map<String, Rectangle> boxes = partBoxes();
        Map<Point, String> delayed = new HashMap<>();
        for (Connection c : parts.connections()) {
            Rectangle from = boxes.get(c.from().substring(prefix.length()));
            Rectangle to = boxes.get(c.to().substring(prefix.length()));
            if (from == null || to == null) {
                continue;
            }
            from = from.getTranslated(r.x, r.y);
            to = to.getTranslated(r.x, r.y);
            g.setForegroundColor(c.kind() == Connection.Kind.IDENTITY ? ColorConstants.gray : ColorConstants.black);
            g.setLineStyle(c.delay() > 0 ? Graphics.LINE_DASH : Graphics.LINE_SOLID);
            if (from.equals(to)) {
                // a part reading itself one step back: a loop on its right
                Point a = from.getRight();
                g.drawLine(a.x, a.y, a.x + 12, a.y);
                g.drawLine(a.x + 12, a.y, a.x + 12, from.y - 8);
                g.drawLine(a.x + 12, from.y - 8, from.getTop().x, from.y - 8);
                g.drawLine(from.getTop().x, from.y - 8, from.getTop().x, from.y);
                g.drawText((c.reverse() ? "t+" : "t-") + c.delay(), a.x + 14, from.y - 6);
            } else {
                Point a = from.getCenter();
                Point b = to.getCenter();
                Point start = edge(from, b);
                Point end = edge(to, a);
                g.drawLine(start, end);
                arrowHead(g, a, end);
                if (c.delay() > 0) {
                    // near the reading end: the lines of the recurrent h into the gates share their start
                    delayed.put(new Point(start.x + (end.x - start.x) * 3 / 4 - 8, start.y + (end.y - start.y) * 3 / 4 - 7), "t-" + c.delay());
                }
            }
            g.setLineStyle(Graphics.LINE_SOLID);
        }
        for (Map.Entry<String, Rectangle> e : boxes.entrySet()) {
            Rectangle box = e.getValue().getTranslated(r.x, r.y);
            UnitGroup part = parts.group(prefix + e.getKey());
            boolean product = part != null && part.combine() == UnitGroup.Combine.PRODUCT;
            g.setBackgroundColor(product ? ColorConstants.white : UnitGroupFigure.UNIT_FILL);
            g.fillRoundRectangle(box, 8, 8);
            g.setForegroundColor(ColorConstants.darkGray);
            g.drawRoundRectangle(box.getResized(-1, -1), 8, 8);
            g.setForegroundColor(ColorConstants.black);
            g.drawText((product ? "⊗ " : "") + e.getKey(), box.x + 5, box.y + 4);
        }
        // over the boxes, so that no part hides a delay
        g.setForegroundColor(ColorConstants.black);
        g.setBackgroundColor(getBackgroundColor());
        for (Map.Entry<Point, String> e : delayed.entrySet()) {
            g.fillText(e.getValue(), e.getKey().x, e.getKey().y);
        }
    }

    /** Where the line towards a point leaves a box. */
    private static Point edge(Rectangle box, Point towards) {
        Point c = box.getCenter();
        double dx = towards.x - c.x;
        double dy = towards.y - c.y;
        if (dx == 0 && dy == 0) {
            return c;
        }
        double scale = Math.min(box.width / 2.0 / Math.max(Math.abs(dx), 1e-9), box.height / 2.0 / Math.max(Math.abs(dy), 1e-9));
        return new Point((int) Math.round(c.x + dx * scale), (int) Math.round(c.y + dy * scale));
    }

    private static void arrowHead(Graphics g, Point from, Point tip) {
        double angle = Math.atan2(tip.y - from.y, tip.x - from.x);
        int size = 6;
        int x1 = (int) Math.round(tip.x - size * Math.cos(angle - 0.4));
        int y1 = (int) Math.round(tip.y - size * Math.sin(angle - 0.4));
        int x2 = (int) Math.round(tip.x - size * Math.cos(angle + 0.4));
        int y2 = (int) Math.round(tip.y - size * Math.sin(angle + 0.4));
        g.setBackgroundColor(g.getForegroundColor());
        g.fillPolygon(new int[] {tip.x, tip.y, x1, y1, x2, y2});
    }
}
