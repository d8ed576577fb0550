package org.rnnstudio.export;

import java.awt.Color;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.rnnstudio.engine.Plan;
import org.rnnstudio.model.Activation;
import org.rnnstudio.model.Cell;
import org.rnnstudio.model.Connection;
import org.rnnstudio.model.Model;
import org.rnnstudio.model.UnitGroup;

/**
 * The editor's diagram and the unrolled view as pictures for papers and slides, drawn from the model's own
 * layout in the editor's style (the same colours, unit rows and activation glyphs, dashed "t-d" delayed
 * connections), the same in the studio and on the command line. PNG or SVG of the same shapes.
 */
public final class DiagramImage {

    /** Which picture. */
    public enum View {
        /** the model as the editor draws it, cells closed */
        DIAGRAM,
        /** the network unrolled through time, as the Unrolled in Time view draws it */
        UNROLLED
    }

    static final Color UNIT_FILL = new Color(255, 236, 179);
    static final Color INPUT_FILL = new Color(225, 242, 222);
    static final Color OUTPUT_FILL = new Color(222, 233, 248);
    static final Color HIDDEN_FILL = new Color(250, 250, 250);
    static final Color CELL_FILL = new Color(238, 232, 250);
    private static final int MARGIN = 20;
    private static final int MAX_DRAWN = 8;
    private static final int UNIT = 16;
    private static final int GAP = 5;
    private static final int PAD = 8;
    private static final int TITLE = 18;
    private static final int GLYPH = 20;
    private static final int COLUMN = 150;
    private static final int ROW = 64;
    private static final int NODE_W = 122;
    private static final int NODE_H = 34;

    private record Box(double x, double y, double w, double h) {
        double cx() {
            return x + w / 2;
        }

        double cy() {
            return y + h / 2;
        }
    }

    private DiagramImage() {
    }

    /** The picture's bytes, PNG or SVG. */
    public static byte[] write(TrainedModel trained, View view, int steps, boolean svg) {
        Picture p = view == View.DIAGRAM ? diagram(trained.model()) : unrolled(trained.plan(), steps);
        return svg ? p.svg() : p.png();
    }

    /** The picture's size in pixels, {width, height}. */
    public static int[] size(TrainedModel trained, View view, int steps) {
        Picture p = view == View.DIAGRAM ? diagram(trained.model()) : unrolled(trained.plan(), steps);
        return new int[] {p.width(), p.height()};
    }

    // --- the diagram ------------------------------------------------------------------------------------

    static Picture diagram(Model model) {
        Map<String, Box> boxes = new LinkedHashMap<>();
        int column = 0;
        for (UnitGroup g : model.groups()) {
            boxes.put(g.id(), place(model, g.id(), groupWidth(g), PAD + TITLE + UNIT + PAD, column++));
        }
        for (Cell c : model.cells()) {
            boxes.put(c.id(), place(model, c.id(), Math.max(190, 7 * c.summary().length() + 2 * PAD), 56, column++));
        }
        // the picture starts MARGIN before the leftmost and topmost element
        double minX = Double.MAX_VALUE;
        double minY = Double.MAX_VALUE;
        double maxX = 0;
        double maxY = 0;
        for (Box b : boxes.values()) {
            minX = Math.min(minX, b.x());
            minY = Math.min(minY, b.y() - 30);
            maxX = Math.max(maxX, b.x() + b.w());
            maxY = Math.max(maxY, b.y() + b.h());
        }
        for (List<Model.Point> points : model.bendPoints().values()) {
            for (Model.Point pt : points) {
                minX = Math.min(minX, pt.x());
                minY = Math.min(minY, pt.y());
                maxX = Math.max(maxX, pt.x());
                maxY = Math.max(maxY, pt.y());
            }
        }
        if (minX == Double.MAX_VALUE) {
            minX = minY = maxX = maxY = 0;
        }
        double dx = MARGIN - minX;
        double dy = MARGIN - minY;
        Map<String, Box> shifted = new HashMap<>();
        boxes.forEach((id, b) -> shifted.put(id, new Box(b.x() + dx, b.y() + dy, b.w(), b.h())));
        Picture p = new Picture((int) Math.ceil(maxX - minX + 2 * MARGIN), (int) Math.ceil(maxY - minY + 2 * MARGIN));
        for (Connection c : model.connections()) {
            connection(p, c, shifted.get(c.from()), shifted.get(c.to()), bendPoints(model, c.id(), dx, dy));
        }
        for (UnitGroup g : model.groups()) {
            group(p, g, shifted.get(g.id()));
        }
        for (Cell c : model.cells()) {
            Box b = shifted.get(c.id());
            p.add(new Picture.Box(b.x(), b.y(), b.w(), b.h(), 14, CELL_FILL, Picture.DARK_GRAY, 2));
            p.add(new Picture.Text(b.x() + PAD, b.y() + 17, c.name(), 13, Picture.BLACK, true));
            p.add(new Picture.Text(b.x() + PAD, b.y() + 38, c.summary(), 11, Picture.DARK_GRAY, false));
        }
        return p;
    }

    /** Where the layout puts an element; width and height -1 mean the figure's own size; unplaced ones go in a row. */
    private static Box place(Model model, String id, int width, int height, int column) {
        Model.Bounds b = model.bounds().get(id);
        if (b == null) {
            return new Box(40 + column * 220, 40, width, height);
        }
        return new Box(b.x(), b.y(), b.width() < 0 ? width : b.width(), b.height() < 0 ? height : b.height());
    }

    private static int groupWidth(UnitGroup g) {
        int slots = unitsDrawn(g.size()) + (g.size() > MAX_DRAWN ? 2 : 0);
        return Math.max(PAD + GLYPH + GAP + Math.max(1, slots) * (UNIT + GAP) + PAD, 8 * g.name().length() + 2 * PAD + 36);
    }

    private static int unitsDrawn(int size) {
        return size <= MAX_DRAWN ? size : MAX_DRAWN - 1;
    }

    private static double[] bendPoints(Model model, String id, double dx, double dy) {
        List<Model.Point> points = model.bendPoints().get(id);
        if (points == null) {
            return new double[0];
        }
        double[] xy = new double[2 * points.size()];
        for (int i = 0; i < points.size(); i++) {
            xy[2 * i] = points.get(i).x() + dx;
            xy[2 * i + 1] = points.get(i).y() + dy;
        }
        return xy;
    }

    private static void group(Picture p, UnitGroup g, Box b) {
        Color fill = g.isInput() ? INPUT_FILL : g.isOutput() ? OUTPUT_FILL : HIDDEN_FILL;
        p.add(new Picture.Box(b.x(), b.y(), b.w(), b.h(), 10, fill, Picture.BLACK, 1));
        p.add(new Picture.Text(b.x() + PAD, b.y() + 16, g.name(), 12, Picture.BLACK, false));
        if (g.combine() == UnitGroup.Combine.PRODUCT) {
            double cx = b.x() + b.w() - PAD - 7;
            double cy = b.y() + 11;
            p.add(new Picture.Circle(cx, cy, 6.5, fill, Picture.BLACK));
            p.add(new Picture.Line(new double[] {cx - 4, cy - 4, cx + 4, cy + 4}, Picture.BLACK, 1, false, false));
            p.add(new Picture.Line(new double[] {cx - 4, cy + 4, cx + 4, cy - 4}, Picture.BLACK, 1, false, false));
        }
        double unitsX = b.x() + PAD + GLYPH + GAP;
        double unitsY = b.y() + PAD + TITLE;
        for (int i = 0; i < unitsDrawn(g.size()); i++) {
            p.add(new Picture.Circle(unitsX + i * (UNIT + GAP) + UNIT / 2.0, unitsY + UNIT / 2.0, UNIT / 2.0, UNIT_FILL, Picture.BLACK));
        }
        if (g.size() > MAX_DRAWN) {
            p.add(new Picture.Text(unitsX + unitsDrawn(g.size()) * (UNIT + GAP), unitsY + 13, "\u2026 " + g.size(), 12, Picture.BLACK, false));
        }
        if (!g.isInput()) {
            glyph(p, g.activation(), b.x() + PAD, unitsY - 2);
        }
    }

    /** The small plot of the activation the editor draws beside the units. */
    private static void glyph(Picture p, Activation a, double x, double y) {
        double bottom = y + GLYPH;
        switch (a) {
        case LINEAR:
            p.add(new Picture.Line(new double[] {x, bottom, x + GLYPH, y}, Picture.DARK_GRAY, 1, false, false));
            break;
        case RELU:
            p.add(new Picture.Line(new double[] {x, bottom - 2, x + GLYPH / 2.0, bottom - 2, x + GLYPH, y}, Picture.DARK_GRAY, 1, false, false));
            break;
        case LOGISTIC:
        case TANH:
            double[] xy = new double[2 * (GLYPH + 1)];
            double low = a == Activation.TANH ? bottom : bottom - 2;
            for (int i = 0; i <= GLYPH; i++) {
                double s = 1 / (1 + Math.exp(-(i / (double) GLYPH * 10 - 5)));
                xy[2 * i] = x + i;
                xy[2 * i + 1] = low - s * (low - y);
            }
            p.add(new Picture.Line(xy, Picture.DARK_GRAY, 1, false, false));
            if (a == Activation.TANH) {
                p.add(new Picture.Line(new double[] {x, y + GLYPH / 2.0, x + GLYPH, y + GLYPH / 2.0}, Picture.DARK_GRAY, 1, true, false));
            }
            break;
        case SOFTMAX:
            int[] heights = {4, 12, 6};
            for (int i = 0; i < heights.length; i++) {
                p.add(new Picture.Box(x + i * 6 + 1, bottom - heights[i], 4, heights[i], 0, Picture.DARK_GRAY, Picture.DARK_GRAY, 0.5));
            }
            break;
        default:
            throw new IllegalStateException(a.name());
        }
    }

    private static void connection(Picture p, Connection c, Box from, Box to, double[] bends) {
        if (from == null || to == null) {
            return;
        }
        Color colour = c.sharedWeights() != null ? sharedColour(c.sharedWeights()) : c.kind() == Connection.Kind.IDENTITY ? Picture.GRAY : Picture.BLACK;
        boolean dashed = c.delay() > 0;
        double[] xy;
        if (from == to && bends.length == 0) {
            // a self loop round the top right corner, as the editor routes it
            double right = from.x() + from.w();
            xy = new double[] {right - 30, from.y(), right - 30, from.y() - 22, right + 18, from.y() - 22, right + 18, from.cy(), right, from.cy()};
        } else {
            double[] first = bends.length > 0 ? new double[] {bends[0], bends[1]} : new double[] {to.cx(), to.cy()};
            double[] last = bends.length > 0 ? new double[] {bends[bends.length - 2], bends[bends.length - 1]} : new double[] {from.cx(), from.cy()};
            double[] start = edge(from, first[0], first[1]);
            double[] end = edge(to, last[0], last[1]);
            xy = new double[bends.length + 4];
            xy[0] = start[0];
            xy[1] = start[1];
            System.arraycopy(bends, 0, xy, 2, bends.length);
            xy[xy.length - 2] = end[0];
            xy[xy.length - 1] = end[1];
        }
        p.add(new Picture.Line(xy, colour, c.sharedWeights() != null ? 2 : 1, dashed, true));
        StringBuilder label = new StringBuilder();
        if (c.delay() > 0) {
            // a reversed connection reads the future: t+d, and an arrow pointing back along the time axis
            label.append(c.reverse() ? "\u2190 t+" : "t-").append(c.delay());
        }
        if (c.kind() == Connection.Kind.ONE_TO_ONE) {
            label.append(label.length() > 0 ? " " : "").append("1:1");
        }
        if (c.sharedWeights() != null) {
            label.append(label.length() > 0 ? " " : "").append("w=").append(c.sharedWeights());
        }
        if (label.length() > 0) {
            int middle = (xy.length / 2) & ~1;
            double mx = xy.length == 4 ? (xy[0] + xy[2]) / 2 : xy[middle];
            double my = xy.length == 4 ? (xy[1] + xy[3]) / 2 : xy[middle + 1];
            p.add(new Picture.Text(mx + 4, my - 4, label.toString(), 11, colour, false));
        }
    }

    /** Where the line from the box's centre towards (x, y) leaves the box. */
    private static double[] edge(Box b, double x, double y) {
        double dx = x - b.cx();
        double dy = y - b.cy();
        if (dx == 0 && dy == 0) {
            return new double[] {b.cx(), b.cy()};
        }
        double scale = Math.min(dx == 0 ? Double.MAX_VALUE : (b.w() / 2) / Math.abs(dx), dy == 0 ? Double.MAX_VALUE : (b.h() / 2) / Math.abs(dy));
        return new double[] {b.cx() + dx * scale, b.cy() + dy * scale};
    }

    /** The editor's colour for a shared weight group: a hue from its name. */
    static Color sharedColour(String name) {
        float hue = (name.hashCode() & 0x7fffffff) % 360;
        return Color.getHSBColor(hue / 360f, 0.75f, 0.65f);
    }

    // --- unrolled through time -----------------------------------------------------------------------------

    static Picture unrolled(Plan plan, int steps) {
        Plan.Unrolled u = plan.unroll(steps);
        int earliest = 0;
        int latest = steps - 1;
        for (Plan.Node n : u.nodes()) {
            earliest = Math.min(earliest, n.step());
            latest = Math.max(latest, n.step());
        }
        List<UnitGroup> groups = plan.groups();
        int columns = latest + 1 - earliest;
        Picture p = new Picture(MARGIN + (columns - 1) * COLUMN + NODE_W + MARGIN, 30 + (groups.size() - 1) * ROW + NODE_H + MARGIN + 4);
        for (int t = earliest; t <= latest; t++) {
            String header = t < 0 ? "initial" + (earliest < -1 ? " t" + t : "") : t >= steps ? "initial" + (latest > steps ? " t" + t : "") : "t = " + t;
            p.add(new Picture.Text(MARGIN + (t - earliest) * COLUMN, 20, header, 12, Picture.BLACK, false));
        }
        Map<Plan.Node, Box> boxes = new HashMap<>();
        for (Plan.Node n : u.nodes()) {
            int row = groups.size() - 1 - plan.groupIndex(n.groupId());
            boxes.put(n, new Box(MARGIN + (n.step() - earliest) * COLUMN, 30 + row * ROW, NODE_W, NODE_H));
        }
        for (Plan.Edge e : u.edges()) {
            Box from = boxes.get(e.from());
            Box to = boxes.get(e.to());
            double[] start = edge(from, to.cx(), to.cy());
            double[] end = edge(to, from.cx(), from.cy());
            boolean shared = e.weights() != null && e.weights().startsWith("shared:");
            Color colour = shared ? sharedColour(e.weights().substring("shared:".length())) : Picture.BLACK;
            p.add(new Picture.Line(new double[] {start[0], start[1], end[0], end[1]}, colour, shared ? 2 : 1, e.from().step() != e.to().step(), true));
        }
        for (Plan.Node n : u.nodes()) {
            UnitGroup g = groups.get(plan.groupIndex(n.groupId()));
            Box b = boxes.get(n);
            boolean initial = u.isInitialState(n);
            Color fill = initial ? Picture.WHITE : g.isInput() ? INPUT_FILL : g.isOutput() ? OUTPUT_FILL : UNIT_FILL;
            p.add(new Picture.Box(b.x(), b.y(), b.w(), b.h(), 0, fill, initial ? Picture.LIGHT_GRAY : Picture.DARK_GRAY, 1));
            // named as the editor and the Unrolled in Time view name it
            String label = g.name() == null || g.name().isBlank() ? n.groupId() : g.name();
            p.add(new Picture.Text(b.x() + 6, b.y() + 22, label, 12, Picture.BLACK, false));
        }
        return p;
    }
}
