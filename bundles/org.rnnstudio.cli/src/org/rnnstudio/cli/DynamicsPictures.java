package org.rnnstudio.cli;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;

import javax.imageio.ImageIO;

import org.rnnstudio.engine.dynamics.Automaton;
import org.rnnstudio.engine.dynamics.Dynamics;
import org.rnnstudio.engine.dynamics.FixedPoint;
import org.rnnstudio.engine.dynamics.Projection;
import org.rnnstudio.model.AtomicFiles;

/**
 * PNG pictures of what {@code dynamics} finds, drawn with Java 2D: the phase portrait (trajectories with time
 * as colour over the first 300 steps, fixed points by their class, the verdict, a strip chart of the first run
 * beneath) and the
 * finite-state machine of a driven network.
 */
final class DynamicsPictures {

    private static final int WIDTH = 900;
    private static final int PORTRAIT = 560;
    private static final int STRIP = 170;
    private static final int MARGIN = 60;
    private static final int STRIP_STEPS = 200;
    /** More steps than this would bury a chaotic portrait in lines and a picture file in bytes. */
    private static final int PORTRAIT_STEPS = 300;
    private static final int LEGEND = 160;
    private static final Color[] UNIT_COLOURS = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0x9467bd)};

    private DynamicsPictures() {
    }

    /** Early steps dark blue, late steps yellow: time as colour along a trajectory. */
    static Color timeColour(double fraction) {
        float f = (float) Math.max(0, Math.min(1, fraction));
        return Color.getHSBColor(0.66f - 0.5f * f, 0.85f, 0.45f + 0.5f * f);
    }

    static void writePortrait(Dynamics.Report report, Projection projection, String title, Path file) throws IOException {
        int height = 70 + PORTRAIT + STRIP + 60;
        BufferedImage image = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = start(image);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 17));
        g.drawString(title, MARGIN, 28);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        List<String> lines = wrap(report.verdict(), g.getFontMetrics(), WIDTH - 2 * MARGIN);
        for (int i = 0; i < Math.min(2, lines.size()); i++) {
            g.drawString(lines.get(i), MARGIN, 48 + 16 * i);
        }

        List<double[][]> runs = report.runs();
        double[][][] points = new double[runs.size()][][];
        double[] box = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        for (int r = 0; r < runs.size(); r++) {
            points[r] = new double[Math.min(runs.get(r).length, PORTRAIT_STEPS)][];
            for (int t = 0; t < points[r].length; t++) {
                points[r][t] = projection.project(runs.get(r)[t]);
                grow(box, points[r][t]);
            }
        }
        for (FixedPoint p : report.fixedPoints()) {
            grow(box, projection.project(p.state()));
        }
        Plot plot = new Plot(MARGIN, 80, WIDTH - 2 * MARGIN - LEGEND, PORTRAIT - 50, box);
        plot.frame(g, projection.label(0), projection.label(1));
        g.setStroke(new BasicStroke(1.1f));
        for (double[][] run : points) {
            for (int t = 1; t < run.length; t++) {
                g.setColor(timeColour(t / (double) (run.length - 1)));
                g.draw(new Line2D.Double(plot.x(run[t - 1][0]), plot.y(run[t - 1][1]), plot.x(run[t][0]), plot.y(run[t][1])));
            }
            g.setColor(Color.DARK_GRAY);
            g.fill(new Ellipse2D.Double(plot.x(run[0][0]) - 2, plot.y(run[0][1]) - 2, 4, 4));
        }
        for (FixedPoint p : report.fixedPoints()) {
            double[] xy = projection.project(p.state());
            drawFixedPoint(g, p.stability(), plot.x(xy[0]), plot.y(xy[1]));
        }
        legend(g, WIDTH - MARGIN - LEGEND + 14, 90);

        int top = 70 + PORTRAIT + 20;
        double[][] first = java.util.Arrays.copyOf(runs.get(0), Math.min(runs.get(0).length, STRIP_STEPS));
        int units = Math.min(first[0].length, UNIT_COLOURS.length);
        double[] range = {0, first.length - 1, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        for (double[] h : first) {
            for (int u = 0; u < units; u++) {
                range[2] = Math.min(range[2], h[u]);
                range[3] = Math.max(range[3], h[u]);
            }
        }
        Plot strip = new Plot(MARGIN, top, WIDTH - 2 * MARGIN - 40, STRIP, range);
        strip.frame(g, "step (run 1, the first " + first.length + " steps)", "units");
        for (int u = 0; u < units; u++) {
            Path2D.Double line = new Path2D.Double();
            for (int t = 0; t < first.length; t++) {
                if (t == 0) {
                    line.moveTo(strip.x(t), strip.y(first[t][u]));
                } else {
                    line.lineTo(strip.x(t), strip.y(first[t][u]));
                }
            }
            g.setColor(UNIT_COLOURS[u]);
            g.draw(line);
            g.drawString(report.map().unitName(u), WIDTH - MARGIN - 34, top + 12 + 15 * u);
        }
        g.dispose();
        save(image, file);
    }

    private static void legend(Graphics2D g, int x, int y) {
        FixedPoint.Stability[] kinds = FixedPoint.Stability.values();
        for (int i = 0; i < kinds.length; i++) {
            drawFixedPoint(g, kinds[i], x + 8, y + 12 + 20 * i);
            g.setColor(Color.BLACK);
            g.drawString(kinds[i].words() + " fixed point", x + 22, y + 17 + 20 * i);
        }
        int barY = y + 20 * kinds.length + 6;
        for (int i = 0; i < 60; i++) {
            g.setColor(timeColour(i / 59.0));
            g.fillRect(x + 4 + i, barY, 1, 10);
        }
        g.setColor(Color.BLACK);
        g.drawString("time", x + 72, barY + 10);
    }

    /** Stable: a filled disc; unstable: a ring; saddle: a half-filled disc; neutral: a diamond. */
    static void drawFixedPoint(Graphics2D g, FixedPoint.Stability kind, double x, double y) {
        Ellipse2D.Double disc = new Ellipse2D.Double(x - 6, y - 6, 12, 12);
        g.setStroke(new BasicStroke(2f));
        switch (kind) {
        case STABLE -> {
            g.setColor(Color.BLACK);
            g.fill(disc);
        }
        case UNSTABLE -> {
            g.setColor(Color.WHITE);
            g.fill(disc);
            g.setColor(Color.RED.darker());
            g.draw(disc);
        }
        case SADDLE -> {
            g.setColor(Color.WHITE);
            g.fill(disc);
            g.setColor(new Color(0xff7f0e));
            g.fillArc((int) x - 6, (int) y - 6, 12, 12, 90, 180);
            g.draw(disc);
        }
        case NEUTRAL -> {
            Path2D.Double diamond = new Path2D.Double();
            diamond.moveTo(x, y - 7);
            diamond.lineTo(x + 7, y);
            diamond.lineTo(x, y + 7);
            diamond.lineTo(x - 7, y);
            diamond.closePath();
            g.setColor(new Color(0x2ca02c));
            g.fill(diamond);
        }
        default -> throw new IllegalStateException(kind.name());
        }
        g.setStroke(new BasicStroke(1.1f));
    }

    /** The machine's states on a circle, each with the bit it writes, and arrows labelled with the input bits. */
    static void writeAutomaton(Automaton machine, String title, Path file) throws IOException {
        int size = 720;
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = start(image);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 17));
        g.drawString(title + " as a finite-state machine", 30, 30);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        g.drawString("state: the bit it writes; arrow: the input bits read", 30, 50);
        int n = machine.states().size();
        double cx = size / 2.0;
        double cy = size / 2.0 + 20;
        double ring = size * 0.3;
        double[][] at = new double[n][];
        for (int i = 0; i < n; i++) {
            double angle = -Math.PI / 2 + 2 * Math.PI * i / n + Math.PI / 4;
            at[i] = new double[] {cx + ring * Math.cos(angle), cy + ring * Math.sin(angle)};
        }
        double radius = 42;
        Map<String, String> labels = new LinkedHashMap<>();
        for (Automaton.Transition t : machine.transitions()) {
            labels.merge(t.from() + " " + t.to(), t.input(), (a, b) -> a + "," + b);
        }
        g.setStroke(new BasicStroke(1.6f));
        for (Map.Entry<String, String> e : labels.entrySet()) {
            String[] ends = e.getKey().split(" ");
            int from = Integer.parseInt(ends[0]);
            int to = Integer.parseInt(ends[1]);
            g.setColor(new Color(0x444444));
            if (from == to) {
                double dx = at[from][0] - cx;
                double dy = at[from][1] - cy;
                double len = Math.hypot(dx, dy);
                double lx = at[from][0] + dx / len * (radius + 18);
                double ly = at[from][1] + dy / len * (radius + 18);
                g.draw(new Ellipse2D.Double(lx - 20, ly - 20, 40, 40));
                g.setColor(new Color(0x1f4e9c));
                g.drawString(e.getValue(), (float) (lx + dx / len * 28 - 14), (float) (ly + dy / len * 28 + 5));
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
            double bend = 30;
            double mx = (x0 + x1) / 2 + nx * bend;
            double my = (y0 + y1) / 2 + ny * bend;
            double sx = x0 + (mx - x0) / Math.hypot(mx - x0, my - y0) * radius;
            double sy = y0 + (my - y0) / Math.hypot(mx - x0, my - y0) * radius;
            double ex = x1 + (mx - x1) / Math.hypot(mx - x1, my - y1) * radius;
            double ey = y1 + (my - y1) / Math.hypot(mx - x1, my - y1) * radius;
            Path2D.Double curve = new Path2D.Double();
            curve.moveTo(sx, sy);
            curve.quadTo(mx, my, ex, ey);
            g.draw(curve);
            double ax = ex - mx;
            double ay = ey - my;
            double al = Math.hypot(ax, ay);
            ax /= al;
            ay /= al;
            Path2D.Double head = new Path2D.Double();
            head.moveTo(ex, ey);
            head.lineTo(ex - 11 * ax + 5 * ay, ey - 11 * ay - 5 * ax);
            head.lineTo(ex - 11 * ax - 5 * ay, ey - 11 * ay + 5 * ax);
            head.closePath();
            g.fill(head);
            g.setColor(new Color(0x1f4e9c));
            g.drawString(e.getValue(), (float) (mx + nx * 10 - 12), (float) (my + ny * 10 + 5));
        }
        for (int i = 0; i < n; i++) {
            Automaton.State s = machine.states().get(i);
            Ellipse2D.Double circle = new Ellipse2D.Double(at[i][0] - radius, at[i][1] - radius, 2 * radius, 2 * radius);
            g.setColor(s.written().contains("1") ? new Color(0xfde9a9) : new Color(0xdbe8f6));
            g.fill(circle);
            g.setColor(Color.BLACK);
            g.draw(circle);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
            g.drawString(Automaton.name(i), (float) at[i][0] - 5, (float) at[i][1] - 6);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            g.drawString("writes " + s.written(), (float) at[i][0] - 26, (float) at[i][1] + 14);
        }
        g.dispose();
        save(image, file);
    }

    /** The words of text in lines no wider than width. */
    static List<String> wrap(String text, java.awt.FontMetrics metrics, int width) {
        List<String> lines = new java.util.ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (line.length() > 0 && metrics.stringWidth(line + " " + word) > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            line.append(line.length() > 0 ? " " : "").append(word);
        }
        lines.add(line.toString());
        return lines;
    }

    private static Graphics2D start(BufferedImage image) {
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.setColor(Color.BLACK);
        return g;
    }

    private static void grow(double[] box, double[] xy) {
        if (Double.isFinite(xy[0]) && Double.isFinite(xy[1])) {
            box[0] = Math.min(box[0], xy[0]);
            box[1] = Math.max(box[1], xy[0]);
            box[2] = Math.min(box[2], xy[1]);
            box[3] = Math.max(box[3], xy[1]);
        }
    }

    /** Written through a temporary file, as every file RNN Studio writes. */
    static void save(BufferedImage image, Path file) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(image, "png", bytes);
        AtomicFiles.write(file, bytes.toByteArray());
    }

    /** A rectangle of the picture showing [xmin, xmax] x [ymin, ymax], with a little room round the data. */
    static final class Plot {
        final int left;
        final int top;
        final int width;
        final int height;
        final double[] box;

        Plot(int left, int top, int width, int height, double[] data) {
            this.left = left;
            this.top = top;
            this.width = width;
            this.height = height;
            double[] b = data.clone();
            for (int a = 0; a < 4; a += 2) {
                if (!(b[a + 1] > b[a])) {
                    b[a] -= 1;
                    b[a + 1] += 1;
                }
                double pad = 0.05 * (b[a + 1] - b[a]);
                b[a] -= pad;
                b[a + 1] += pad;
            }
            this.box = b;
        }

        double x(double v) {
            return left + (v - box[0]) / (box[1] - box[0]) * width;
        }

        double y(double v) {
            return top + height - (v - box[2]) / (box[3] - box[2]) * height;
        }

        void frame(Graphics2D g, String xLabel, String yLabel) {
            g.setColor(new Color(0xf7f7f7));
            g.fillRect(left, top, width, height);
            g.setColor(Color.GRAY);
            g.drawRect(left, top, width, height);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            g.drawString(String.format(Locale.ROOT, "%.3g", box[0]), left, top + height + 15);
            String right = String.format(Locale.ROOT, "%.3g", box[1]);
            g.drawString(right, left + width - g.getFontMetrics().stringWidth(right), top + height + 15);
            g.drawString(xLabel, left + width / 2 - g.getFontMetrics().stringWidth(xLabel) / 2, top + height + 15);
            g.drawString(String.format(Locale.ROOT, "%.3g", box[3]), left - 52, top + 12);
            g.drawString(String.format(Locale.ROOT, "%.3g", box[2]), left - 52, top + height);
            Graphics2D turned = (Graphics2D) g.create();
            turned.rotate(-Math.PI / 2);
            turned.drawString(yLabel, -(top + height / 2 + g.getFontMetrics().stringWidth(yLabel) / 2), left - 10);
            turned.dispose();
        }
    }
}
