package org.rnnstudio.ui.dynamics;

import java.util.List;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.rnnstudio.engine.dynamics.FixedPoint;

/**
 * The phase portrait (trajectories with time as colour, from dark blue to yellow; fixed points as a filled
 * disc when stable, a ring when unstable, a half-filled disc for a saddle, a diamond when neutral) and beneath
 * it a strip chart of the chosen units over the first run's steps, drawn with GC.
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
    private Picture picture;

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
        setBackground(getDisplay().getSystemColor(SWT.COLOR_WHITE));
        addPaintListener(e -> paint(e.gc));
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
        });
    }

    void show(Picture newPicture) {
        picture = newPicture;
        redraw();
    }

    private void paint(GC gc) {
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
        legend(gc, area.width - 160, 14);

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
            gc.drawText(picture.stripUnits()[u], area.width - 160, area.height - stripHeight - 6 + 16 * u, true);
        }
        gc.setLineWidth(1);
    }

    private void legend(GC gc, int x, int y) {
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
    }

    private void fixedPoint(GC gc, FixedPoint.Stability kind, int x, int y) {
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

        void draw(GC gc, String xLabel, String yLabel) {
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
