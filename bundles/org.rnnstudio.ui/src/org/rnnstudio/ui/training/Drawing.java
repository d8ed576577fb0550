package org.rnnstudio.ui.training;

import java.util.Locale;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.Device;
import org.eclipse.swt.graphics.FontMetrics;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Path;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.graphics.Transform;

/**
 * What the pictures of the inspection views draw with: the calls of a GC, passed on to it, and, when the
 * picture is being saved as SVG, written down as SVG elements as well. The views paint through one of these,
 * so the SVG is the very drawing on screen, measured with the same font.
 */
public final class Drawing {

    private final GC gc;
    private final StringBuilder svg;
    private RGB foreground;
    private RGB background;
    private int lineWidth = 1;
    private int lineStyle = SWT.LINE_SOLID;

    private Drawing(GC gc, StringBuilder svg) {
        this.gc = gc;
        this.svg = svg;
        foreground = gc.getForeground().getRGB();
        background = gc.getBackground().getRGB();
    }

    /** Drawing on screen (or into an image) only. */
    public static Drawing on(GC gc) {
        return new Drawing(gc, null);
    }

    /** Drawing into gc and, at the same time, into an SVG document of the given size (see {@link #svg()}). */
    public static Drawing recording(GC gc, int width, int height) {
        StringBuilder svg = new StringBuilder();
        svg.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\"",
                        width, height, width, height))
                .append(" font-family=\"").append(escape(gc.getFont().getFontData()[0].getName())).append("\">\n");
        return new Drawing(gc, svg);
    }

    /** The SVG document drawn so far, closed. */
    public String svg() {
        return svg + "</svg>\n";
    }

    public Device getDevice() {
        return gc.getDevice();
    }

    public FontMetrics getFontMetrics() {
        return gc.getFontMetrics();
    }

    public Point textExtent(String text) {
        return gc.textExtent(text);
    }

    public void setForeground(Color colour) {
        gc.setForeground(colour);
        foreground = colour.getRGB();
    }

    public void setBackground(Color colour) {
        gc.setBackground(colour);
        background = colour.getRGB();
    }

    public void setLineWidth(int width) {
        gc.setLineWidth(width);
        lineWidth = width;
    }

    /** SWT.LINE_SOLID, or a dashed or dotted style. */
    public void setLineStyle(int style) {
        gc.setLineStyle(style);
        lineStyle = style;
    }

    public void setAntialias(int option) {
        gc.setAntialias(option);
    }

    /** Opens a named group of elements in the SVG (a series, a diagram), so that a reader can find it. */
    public void beginGroup(String name) {
        if (svg != null) {
            svg.append("<g id=\"").append(escape(name.replaceAll("[^A-Za-z0-9_.-]", "_"))).append("\"><title>")
                    .append(escape(name)).append("</title>\n");
        }
    }

    public void endGroup() {
        if (svg != null) {
            svg.append("</g>\n");
        }
    }

    public void drawLine(int x1, int y1, int x2, int y2) {
        gc.drawLine(x1, y1, x2, y2);
        element("<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"%s/>", x1, y1, x2, y2, stroke());
    }

    /** Points x0, y0, x1, y1, ... joined by straight lines. */
    public void drawPolyline(int[] points) {
        gc.drawPolyline(points);
        if (svg != null && points.length >= 4) {
            element("<polyline points=\"%s\" fill=\"none\"%s/>", points(points), stroke());
        }
    }

    public void drawRectangle(int x, int y, int width, int height) {
        gc.drawRectangle(x, y, width, height);
        element("<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\"%s/>", x, y, width, height, stroke());
    }

    public void fillRectangle(int x, int y, int width, int height) {
        gc.fillRectangle(x, y, width, height);
        element("<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\"%s/>", x, y, width, height, fill());
    }

    public void fillRectangle(Rectangle r) {
        fillRectangle(r.x, r.y, r.width, r.height);
    }

    public void drawOval(int x, int y, int width, int height) {
        gc.drawOval(x, y, width, height);
        element("<ellipse cx=\"%s\" cy=\"%s\" rx=\"%s\" ry=\"%s\" fill=\"none\"%s/>", x + width / 2.0, y + height / 2.0, width / 2.0, height / 2.0, stroke());
    }

    public void fillOval(int x, int y, int width, int height) {
        gc.fillOval(x, y, width, height);
        element("<ellipse cx=\"%s\" cy=\"%s\" rx=\"%s\" ry=\"%s\"%s/>", x + width / 2.0, y + height / 2.0, width / 2.0, height / 2.0, fill());
    }

    /** A pie slice of the oval in (x, y, width, height), from startAngle degrees (0 at three o'clock, counter-clockwise) over arcAngle. */
    public void fillArc(int x, int y, int width, int height, int startAngle, int arcAngle) {
        gc.fillArc(x, y, width, height, startAngle, arcAngle);
        double cx = x + width / 2.0;
        double cy = y + height / 2.0;
        double a0 = Math.toRadians(startAngle);
        double a1 = Math.toRadians(startAngle + arcAngle);
        // SVG's y axis points down, so counter-clockwise on screen is sweep flag 0
        element("<path d=\"M %s %s L %s %s A %s %s 0 %d 0 %s %s Z\"%s/>", cx, cy, cx + width / 2.0 * Math.cos(a0), cy - height / 2.0 * Math.sin(a0),
                width / 2.0, height / 2.0, Math.abs(arcAngle) > 180 ? 1 : 0, cx + width / 2.0 * Math.cos(a1), cy - height / 2.0 * Math.sin(a1), fill());
    }

    public void fillPolygon(int[] points) {
        gc.fillPolygon(points);
        element("<polygon points=\"%s\"%s/>", points(points), fill());
    }

    /** A quadratic Bézier curve from (x0, y0) to (x1, y1), pulled towards (cx, cy). */
    public void drawCurve(float x0, float y0, float cx, float cy, float x1, float y1) {
        Path curve = new Path(gc.getDevice());
        try {
            curve.moveTo(x0, y0);
            curve.quadTo(cx, cy, x1, y1);
            gc.drawPath(curve);
        } finally {
            curve.dispose();
        }
        element("<path d=\"M %s %s Q %s %s %s %s\" fill=\"none\"%s/>", x0, y0, cx, cy, x1, y1, stroke());
    }

    /** Text with its top left corner at (x, y), a line per line break, in the foreground colour. */
    public void drawText(String text, int x, int y, boolean transparent) {
        gc.drawText(text, x, y, transparent);
        if (svg == null) {
            return;
        }
        FontMetrics metrics = gc.getFontMetrics();
        int lineHeight = metrics.getHeight();
        int baseline = y + metrics.getLeading() + metrics.getAscent();
        String[] lines = text.split("\r?\n", -1);
        if (!transparent) {
            Point extent = gc.textExtent(text);
            element("<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\"%s/>", x, y, extent.x, extent.y, fill());
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"%dpx\" fill=\"%s\" xml:space=\"preserve\">", x, baseline,
                metrics.getAscent() + metrics.getDescent() - 2, colour(foreground)));
        for (int i = 0; i < lines.length; i++) {
            svg.append(String.format(Locale.ROOT, "<tspan x=\"%d\" y=\"%d\">", x, baseline + i * lineHeight)).append(escape(lines[i])).append("</tspan>");
        }
        svg.append("</text>\n");
    }

    /** Text reading upwards, as a vertical axis's title, its first letter's bottom left corner at (x, y). */
    public void drawVerticalText(String text, int x, int y) {
        Transform turned = new Transform(gc.getDevice());
        try {
            turned.translate(x, y);
            turned.rotate(-90);
            gc.setTransform(turned);
            if (svg != null) {
                svg.append(String.format(Locale.ROOT, "<g transform=\"translate(%d %d) rotate(-90)\">%n", x, y));
            }
            drawText(text, 0, 0, true);
            if (svg != null) {
                svg.append("</g>\n");
            }
        } finally {
            gc.setTransform(null);
            turned.dispose();
        }
    }

    private String stroke() {
        return String.format(Locale.ROOT, " stroke=\"%s\" stroke-width=\"%d\"%s", colour(foreground), lineWidth,
                lineStyle == SWT.LINE_SOLID ? "" : String.format(Locale.ROOT, " stroke-dasharray=\"%d %d\"", lineStyle == SWT.LINE_DOT ? lineWidth : 3 * lineWidth, 2 * lineWidth));
    }

    private String fill() {
        return " fill=\"" + colour(background) + "\"";
    }

    private void element(String format, Object... arguments) {
        if (svg != null) {
            Object[] shown = arguments.clone();
            for (int i = 0; i < shown.length; i++) {
                if (shown[i] instanceof Double d) {
                    shown[i] = number(d);
                } else if (shown[i] instanceof Float f) {
                    shown[i] = number(f);
                }
            }
            svg.append(String.format(Locale.ROOT, format, shown)).append('\n');
        }
    }

    private static String number(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.2f", v);
    }

    private static String points(int[] xy) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i + 1 < xy.length; i += 2) {
            out.append(i == 0 ? "" : " ").append(xy[i]).append(',').append(xy[i + 1]);
        }
        return out.toString();
    }

    private static String colour(RGB c) {
        return String.format(Locale.ROOT, "#%02x%02x%02x", c.red, c.green, c.blue);
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                default -> {
                    // XML 1.0 has no place for the other control characters
                    if (c >= 0x20 || c == '\t') {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
