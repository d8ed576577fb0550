package org.rnnstudio.ui.dynamics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.rnnstudio.ui.training.ChartMenus;
import org.rnnstudio.ui.training.Drawing;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.rnnstudio.engine.dynamics.Automaton;
import org.rnnstudio.engine.dynamics.FixedPoint;

/**
 * The phase portrait (trajectories with time as colour, from dark blue to yellow; fixed points as a filled
 * disc when stable, a ring when unstable, a half-filled disc for a saddle, a diamond when neutral) and beneath
 * it a strip chart of the chosen units over the first run's steps, drawn through a Drawing (so that it saves as SVG too); or a finite-state machine,
 * its states as circles on a ring (named, with the bit each writes) and its transitions as arrows labelled by
 * the input bits and how often each was taken, with the machine in words beside it.
 */
final class PortraitCanvas extends Canvas {

    private static final int SHADES = 32;
    private static final int MARGIN = 46;
    private static final RGB[] UNIT_COLOURS = {new RGB(0x1f, 0x77, 0xb4), new RGB(0xd6, 0x27, 0x28), new RGB(0x2c, 0xa0, 0x2c), new RGB(0x94, 0x67, 0xbd)};

    private final Color[] shades = new Color[SHADES];
    private final Color[] unitColours = new Color[UNIT_COLOURS.length];
    private final Color saddle;
    private final Color neutral;
    private final Color panel;
    private final Color writesOne;
    private final Color writesZero;
    private final Color label;
    private Picture picture;
    private Automaton machine;
    private String machineTitle;
    private String machineWords;

    PortraitCanvas(Composite parent) {
        super(parent, SWT.DOUBLE_BUFFERED);
        for (int i = 0; i < SHADES; i++) {
            float f = i / (SHADES - 1f);
            shades[i] = new Color(getDisplay(), new RGB(360 * (0.66f - 0.5f * f), 0.85f, 0.45f + 0.5f * f));
        }
        for (int i = 0; i < UNIT_COLOURS.length; i++) {
            unitColours[i] = new Color(getDisplay(), UNIT_COLOURS[i]);
        }
        saddle = new Color(getDisplay(), 0xff, 0x7f, 0x0e);
        neutral = new Color(getDisplay(), 0x2c, 0xa0, 0x2c);
        panel = new Color(getDisplay(), 0xf7, 0xf7, 0xf7);
        writesOne = new Color(getDisplay(), 0xfd, 0xe9, 0xa9);
        writesZero = new Color(getDisplay(), 0xdb, 0xe8, 0xf6);
        label = new Color(getDisplay(), 0x1f, 0x4e, 0x9c);
        setBackground(getDisplay().getSystemColor(SWT.COLOR_WHITE));
        addPaintListener(e -> paint(Drawing.on(e.gc)));
        ChartMenus.attach(this, this::paint, this::csv);
        addDisposeListener(e -> {
            for (Color c : shades) {
                c.dispose();
            }
            for (Color c : unitColours) {
                c.dispose();
            }
            saddle.dispose();
            neutral.dispose();
            panel.dispose();
            writesOne.dispose();
            writesZero.dispose();
            label.dispose();
        });
    }

    void show(Picture newPicture) {
        picture = newPicture;
        machine = null;
        redraw();
    }

    void showMachine(Automaton newMachine, String title, String words) {
        picture = null;
        machine = newMachine;
        machineTitle = title;
        machineWords = words;
        redraw();
    }

    private void paint(Drawing gc) {
        if (machine != null) {
            paintMachine(gc);
        }
        if (picture == null) {
            return;
        }
        gc.setAntialias(SWT.ON);
        Rectangle area = getClientArea();
        int stripHeight = Math.max(80, area.height / 4);
        Frame portrait = new Frame(MARGIN, 8, area.width - MARGIN - 170, area.height - stripHeight - 50, box(picture.runs(), picture.points()));
        portrait.draw(gc, picture.xLabel(), picture.yLabel());
        for (double[][] run : picture.runs()) {
            for (int t = 1; t < run.length; t++) {
                gc.setForeground(shades[(int) Math.round((SHADES - 1) * t / (double) (run.length - 1))]);
                gc.drawLine(portrait.x(run[t - 1][0]), portrait.y(run[t - 1][1]), portrait.x(run[t][0]), portrait.y(run[t][1]));
            }
        }
        for (int i = 0; i < picture.points().size(); i++) {
            double[] p = picture.points().get(i);
            fixedPoint(gc, picture.kinds().get(i), portrait.x(p[0]), portrait.y(p[1]));
        }
        int legendBottom = legend(gc, area.width - 160, 14);

        double[] range = {0, 1, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        for (double[] unit : picture.strip()) {
            range[1] = Math.max(range[1], unit.length - 1);
            for (double v : unit) {
                range[2] = Math.min(range[2], v);
                range[3] = Math.max(range[3], v);
            }
        }
        Frame strip = new Frame(MARGIN, area.height - stripHeight - 10, area.width - MARGIN - 170, stripHeight - 20, range);
        strip.draw(gc, "step (first run)", "");
        gc.setLineWidth(2);
        for (int u = 0; u < picture.strip().length; u++) {
            double[] values = picture.strip()[u];
            gc.setForeground(unitColours[u % unitColours.length]);
            for (int t = 1; t < values.length; t++) {
                gc.drawLine(strip.x(t - 1), strip.y(values[t - 1]), strip.x(t), strip.y(values[t]));
            }
            // beside the strip, but below the legend when the view is too short for both side by side
            gc.drawText(picture.stripUnits()[u], area.width - 160, Math.max(area.height - stripHeight - 6, legendBottom + 6) + 16 * u, true);
        }
        gc.setLineWidth(1);
    }

    /** The numbers drawn: the machine's transitions, or each run's projected states, the fixed points and the strip. */
    private String csv() {
        StringBuilder out = new StringBuilder();
        if (machine != null) {
            out.append("from,input,to,times taken\n");
            for (Automaton.Transition t : machine.transitions()) {
                out.append(Automaton.name(t.from())).append(',').append(t.input()).append(',').append(Automaton.name(t.to())).append(',')
                        .append(t.count()).append('\n');
            }
            return out.toString();
        }
        if (picture == null) {
            return out.toString();
        }
        out.append("what,run or unit,step,").append(picture.xLabel().replace(',', ' ')).append(',').append(picture.yLabel().replace(',', ' '))
                .append('\n');
        for (int r = 0; r < picture.runs().size(); r++) {
            double[][] run = picture.runs().get(r);
            for (int t = 0; t < run.length; t++) {
                out.append("run,").append(r).append(',').append(t).append(',').append(run[t][0]).append(',').append(run[t][1]).append('\n');
            }
        }
        for (int i = 0; i < picture.points().size(); i++) {
            double[] p = picture.points().get(i);
            out.append(picture.kinds().get(i).words().replace(',', ' ')).append(",,,").append(p[0]).append(',').append(p[1]).append('\n');
        }
        for (int u = 0; u < picture.strip().length; u++) {
            for (int t = 0; t < picture.strip()[u].length; t++) {
                out.append("strip,").append(picture.stripUnits()[u]).append(',').append(t).append(',').append(picture.strip()[u][t]).append(",\n");
            }
        }
        return out.toString();
    }

    private void paintMachine(Drawing gc) {
        gc.setAntialias(SWT.ON);
        Rectangle area = getClientArea();
        Color black = getDisplay().getSystemColor(SWT.COLOR_BLACK);
        gc.setForeground(black);
        gc.drawText(machineTitle + " as a finite-state machine", 10, 6, true);
        gc.drawText("state: the bit it writes; arrow: the input bits read (times taken)", 10, 24, true);
        int size = Math.max(200, Math.min(area.width * 3 / 5, area.height - 50));
        int n = machine.states().size();
        double cx = size / 2.0 + 10;
        double cy = size / 2.0 + 46;
        double ring = size * 0.3;
        int radius = Math.max(18, Math.min(42, (int) (ring * Math.sin(Math.PI / Math.max(n, 2)) * 0.6)));
        double[][] at = new double[n][];
        for (int i = 0; i < n; i++) {
            double angle = -Math.PI / 2 + 2 * Math.PI * i / n + Math.PI / 4;
            at[i] = new double[] {cx + ring * Math.cos(angle), cy + ring * Math.sin(angle)};
        }
        // one arrow per pair of states, carrying every input that takes it
        Map<String, String> labels = new LinkedHashMap<>();
        for (Automaton.Transition t : machine.transitions()) {
            labels.merge(t.from() + " " + t.to(), t.input() + " (" + t.count() + ")", (a, b) -> a + ", " + b);
        }
        gc.setLineWidth(2);
        for (Map.Entry<String, String> e : labels.entrySet()) {
            String[] ends = e.getKey().split(" ");
            int from = Integer.parseInt(ends[0]);
            int to = Integer.parseInt(ends[1]);
            gc.setForeground(getDisplay().getSystemColor(SWT.COLOR_DARK_GRAY));
            gc.setBackground(getDisplay().getSystemColor(SWT.COLOR_DARK_GRAY));
            if (from == to) {
                double dx = at[from][0] - cx;
                double dy = at[from][1] - cy;
                double len = Math.max(Math.hypot(dx, dy), 1e-9);
                int lx = (int) Math.round(at[from][0] + dx / len * (radius + 16));
                int ly = (int) Math.round(at[from][1] + dy / len * (radius + 16));
                gc.drawOval(lx - 20, ly - 20, 40, 40);
                centred(gc, e.getValue(), lx + dx / len * 36, ly + dy / len * 36);
                continue;
            }
            // two arrows between the same states bend to opposite sides
            double x0 = at[from][0];
            double y0 = at[from][1];
            double x1 = at[to][0];
            double y1 = at[to][1];
            double len = Math.hypot(x1 - x0, y1 - y0);
            double nx = -(y1 - y0) / len;
            double ny = (x1 - x0) / len;
            double mx = (x0 + x1) / 2 + nx * 30;
            double my = (y0 + y1) / 2 + ny * 30;
            double sx = x0 + (mx - x0) / Math.hypot(mx - x0, my - y0) * radius;
            double sy = y0 + (my - y0) / Math.hypot(mx - x0, my - y0) * radius;
            double ex = x1 + (mx - x1) / Math.hypot(mx - x1, my - y1) * radius;
            double ey = y1 + (my - y1) / Math.hypot(mx - x1, my - y1) * radius;
            gc.drawCurve((float) sx, (float) sy, (float) mx, (float) my, (float) ex, (float) ey);
            double ax = (ex - mx) / Math.hypot(ex - mx, ey - my);
            double ay = (ey - my) / Math.hypot(ex - mx, ey - my);
            gc.fillPolygon(new int[] {(int) Math.round(ex), (int) Math.round(ey), (int) Math.round(ex - 11 * ax + 5 * ay),
                    (int) Math.round(ey - 11 * ay - 5 * ax), (int) Math.round(ex - 11 * ax - 5 * ay), (int) Math.round(ey - 11 * ay + 5 * ax)});
            centred(gc, e.getValue(), mx + nx * 14, my + ny * 14);
        }
        for (int i = 0; i < n; i++) {
            Automaton.State s = machine.states().get(i);
            int x = (int) Math.round(at[i][0]);
            int y = (int) Math.round(at[i][1]);
            gc.setBackground(s.written().contains("1") ? writesOne : writesZero);
            gc.fillOval(x - radius, y - radius, 2 * radius, 2 * radius);
            gc.setForeground(black);
            gc.drawOval(x - radius, y - radius, 2 * radius, 2 * radius);
            String name = Automaton.name(i);
            gc.drawText(name, x - gc.textExtent(name).x / 2, y - 16, true);
            String writes = "writes " + s.written();
            gc.drawText(writes, x - gc.textExtent(writes).x / 2, y + 1, true);
        }
        gc.setLineWidth(1);
        gc.setForeground(black);
        gc.drawText(machineWords, size + 40, 50, true);
    }

    private void centred(Drawing gc, String text, double x, double y) {
        gc.setForeground(label);
        org.eclipse.swt.graphics.Point extent = gc.textExtent(text);
        gc.drawText(text, (int) Math.round(x - extent.x / 2.0), (int) Math.round(y - extent.y / 2.0), true);
    }

    /** The fixed points' symbols and the time ramp; returns the y below them. */
    private int legend(Drawing gc, int x, int y) {
        FixedPoint.Stability[] kinds = FixedPoint.Stability.values();
        for (int i = 0; i < kinds.length; i++) {
            fixedPoint(gc, kinds[i], x + 7, y + 9 + 20 * i);
            gc.setForeground(getDisplay().getSystemColor(SWT.COLOR_BLACK));
            gc.drawText(kinds[i].words(), x + 20, y + 1 + 20 * i, true);
        }
        int barY = y + 20 * kinds.length + 4;
        for (int i = 0; i < 60; i++) {
            gc.setBackground(shades[i * (SHADES - 1) / 59]);
            gc.fillRectangle(x + i, barY, 1, 10);
        }
        gc.setForeground(getDisplay().getSystemColor(SWT.COLOR_BLACK));
        gc.drawText("time", x + 66, barY - 3, true);
        return barY + 14;
    }

    private void fixedPoint(Drawing gc, FixedPoint.Stability kind, int x, int y) {
        gc.setLineWidth(2);
        switch (kind) {
        case STABLE -> {
            gc.setBackground(getDisplay().getSystemColor(SWT.COLOR_BLACK));
            gc.fillOval(x - 6, y - 6, 12, 12);
        }
        case UNSTABLE -> {
            gc.setBackground(getDisplay().getSystemColor(SWT.COLOR_WHITE));
            gc.fillOval(x - 6, y - 6, 12, 12);
            gc.setForeground(getDisplay().getSystemColor(SWT.COLOR_DARK_RED));
            gc.drawOval(x - 6, y - 6, 12, 12);
        }
        case SADDLE -> {
            gc.setBackground(getDisplay().getSystemColor(SWT.COLOR_WHITE));
            gc.fillOval(x - 6, y - 6, 12, 12);
            gc.setBackground(saddle);
            gc.fillArc(x - 6, y - 6, 12, 12, 90, 180);
            gc.setForeground(saddle);
            gc.drawOval(x - 6, y - 6, 12, 12);
        }
        case NEUTRAL -> {
            gc.setBackground(neutral);
            gc.fillPolygon(new int[] {x, y - 7, x + 7, y, x, y + 7, x - 7, y});
        }
        default -> throw new IllegalStateException(kind.name());
        }
        gc.setLineWidth(1);
    }

    private static double[] box(List<double[][]> runs, List<double[]> points) {
        double[] box = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        for (double[][] run : runs) {
            for (double[] p : run) {
                grow(box, p);
            }
        }
        for (double[] p : points) {
            grow(box, p);
        }
        return box;
    }

    private static void grow(double[] box, double[] p) {
        if (Double.isFinite(p[0]) && Double.isFinite(p[1])) {
            box[0] = Math.min(box[0], p[0]);
            box[1] = Math.max(box[1], p[0]);
            box[2] = Math.min(box[2], p[1]);
            box[3] = Math.max(box[3], p[1]);
        }
    }

    /** A rectangle of the canvas showing [xmin, xmax] x [ymin, ymax], with a little room round the data. */
    private final class Frame {
        private final int left;
        private final int top;
        private final int width;
        private final int height;
        private final double[] box;

        Frame(int left, int top, int width, int height, double[] data) {
            this.left = left;
            this.top = top;
            this.width = Math.max(width, 10);
            this.height = Math.max(height, 10);
            box = data.clone();
            for (int a = 0; a < 4; a += 2) {
                if (!(box[a + 1] > box[a])) {
                    box[a] -= 1;
                    box[a + 1] += 1;
                }
                double pad = 0.05 * (box[a + 1] - box[a]);
                box[a] -= pad;
                box[a + 1] += pad;
            }
        }

        int x(double v) {
            return (int) Math.round(left + (v - box[0]) / (box[1] - box[0]) * width);
        }

        int y(double v) {
            return (int) Math.round(top + height - (v - box[2]) / (box[3] - box[2]) * height);
        }

        void draw(Drawing gc, String xLabel, String yLabel) {
            gc.setBackground(panel);
            gc.fillRectangle(left, top, width, height);
            gc.setForeground(getDisplay().getSystemColor(SWT.COLOR_GRAY));
            gc.drawRectangle(left, top, width, height);
            gc.setForeground(getDisplay().getSystemColor(SWT.COLOR_BLACK));
            gc.drawText(String.format(java.util.Locale.ROOT, "%.3g", box[3]), 2, top, true);
            gc.drawText(String.format(java.util.Locale.ROOT, "%.3g", box[2]), 2, top + height - 14, true);
            gc.drawText(xLabel, left + width / 2 - gc.textExtent(xLabel).x / 2, top + height + 2, true);
            if (!yLabel.isEmpty()) {
                gc.drawText(yLabel, left + 4, top + 2, true);
            }
        }
    }
}
