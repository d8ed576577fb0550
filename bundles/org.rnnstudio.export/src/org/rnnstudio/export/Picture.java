package org.rnnstudio.export;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.imageio.ImageIO;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * A drawing made of the few shapes a diagram needs (rounded boxes, circles, lines with arrow heads, text),
 * written out as SVG through the JDK's XML writer or painted as PNG through Java 2D and ImageIO. One list
 * of shapes for both, so the two files show the same picture.
 */
final class Picture {

    sealed interface Shape permits Box, Circle, Line, Text {
    }

    record Box(double x, double y, double w, double h, double arc, Color fill, Color stroke, double strokeWidth) implements Shape {
    }

    record Circle(double cx, double cy, double r, Color fill, Color stroke) implements Shape {
    }

    /** A polyline; dashed when it carries across time steps; with an arrow head at its end when {@code arrow}. */
    record Line(double[] xy, Color stroke, double width, boolean dashed, boolean arrow) implements Shape {
    }

    record Text(double x, double y, String text, double size, Color colour, boolean bold) implements Shape {
    }

    static final Color BLACK = Color.BLACK;
    static final Color DARK_GRAY = new Color(64, 64, 64);
    static final Color GRAY = new Color(128, 128, 128);
    static final Color LIGHT_GRAY = new Color(192, 192, 192);
    static final Color WHITE = Color.WHITE;

    private final int width;
    private final int height;
    private final List<Shape> shapes = new ArrayList<>();

    Picture(int width, int height) {
        this.width = width;
        this.height = height;
    }

    int width() {
        return width;
    }

    int height() {
        return height;
    }

    void add(Shape s) {
        shapes.add(s);
    }

    byte[] svg() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            XMLStreamWriter w = XMLOutputFactory.newFactory().createXMLStreamWriter(bytes, "UTF-8");
            w.writeStartDocument("UTF-8", "1.0");
            w.writeCharacters("\n");
            w.writeStartElement("svg");
            w.writeDefaultNamespace("http://www.w3.org/2000/svg");
            w.writeAttribute("width", Integer.toString(width));
            w.writeAttribute("height", Integer.toString(height));
            w.writeAttribute("viewBox", "0 0 " + width + " " + height);
            w.writeAttribute("font-family", "DejaVu Sans, Arial, sans-serif");
            w.writeCharacters("\n");
            w.writeEmptyElement("rect");
            w.writeAttribute("width", "100%");
            w.writeAttribute("height", "100%");
            w.writeAttribute("fill", "#ffffff");
            w.writeCharacters("\n");
            for (Shape s : shapes) {
                svgShape(w, s);
                w.writeCharacters("\n");
            }
            w.writeEndElement();
            w.writeEndDocument();
            w.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("the JDK's XML writer failed on an in-memory stream", e);
        }
        return bytes.toByteArray();
    }

    private static void svgShape(XMLStreamWriter w, Shape s) throws XMLStreamException {
        if (s instanceof Box b) {
            w.writeEmptyElement("rect");
            attributes(w, "x", b.x(), "y", b.y(), "width", b.w(), "height", b.h(), "rx", b.arc() / 2, "stroke-width", b.strokeWidth());
            w.writeAttribute("fill", hex(b.fill()));
            w.writeAttribute("stroke", hex(b.stroke()));
        } else if (s instanceof Circle c) {
            w.writeEmptyElement("circle");
            attributes(w, "cx", c.cx(), "cy", c.cy(), "r", c.r());
            w.writeAttribute("fill", hex(c.fill()));
            w.writeAttribute("stroke", hex(c.stroke()));
        } else if (s instanceof Line l) {
            w.writeEmptyElement("polyline");
            StringBuilder points = new StringBuilder();
            for (int i = 0; i < l.xy().length; i += 2) {
                points.append(i == 0 ? "" : " ").append(number(l.xy()[i])).append(',').append(number(l.xy()[i + 1]));
            }
            w.writeAttribute("points", points.toString());
            w.writeAttribute("fill", "none");
            w.writeAttribute("stroke", hex(l.stroke()));
            attributes(w, "stroke-width", l.width());
            if (l.dashed()) {
                w.writeAttribute("stroke-dasharray", "6,4");
            }
            if (l.arrow()) {
                w.writeCharacters("\n");
                double[] head = arrowHead(l.xy());
                w.writeEmptyElement("polygon");
                w.writeAttribute("points", number(head[0]) + "," + number(head[1]) + " " + number(head[2]) + "," + number(head[3]) + " "
                        + number(head[4]) + "," + number(head[5]));
                w.writeAttribute("fill", hex(l.stroke()));
            }
        } else if (s instanceof Text t) {
            w.writeStartElement("text");
            attributes(w, "x", t.x(), "y", t.y(), "font-size", t.size());
            w.writeAttribute("fill", hex(t.colour()));
            if (t.bold()) {
                w.writeAttribute("font-weight", "bold");
            }
            w.writeCharacters(t.text());
            w.writeEndElement();
        }
    }

    byte[] png() {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(WHITE);
            g.fillRect(0, 0, width, height);
            for (Shape s : shapes) {
                paint(g, s);
            }
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", bytes);
        } catch (IOException e) {
            throw new IllegalStateException("ImageIO failed on an in-memory stream", e);
        }
        return bytes.toByteArray();
    }

    private static void paint(Graphics2D g, Shape s) {
        if (s instanceof Box b) {
            RoundRectangle2D r = new RoundRectangle2D.Double(b.x(), b.y(), b.w(), b.h(), b.arc(), b.arc());
            g.setColor(b.fill());
            g.fill(r);
            g.setColor(b.stroke());
            g.setStroke(new BasicStroke((float) b.strokeWidth()));
            g.draw(r);
        } else if (s instanceof Circle c) {
            Ellipse2D e = new Ellipse2D.Double(c.cx() - c.r(), c.cy() - c.r(), 2 * c.r(), 2 * c.r());
            g.setColor(c.fill());
            g.fill(e);
            g.setColor(c.stroke());
            g.setStroke(new BasicStroke(1));
            g.draw(e);
        } else if (s instanceof Line l) {
            Path2D path = new Path2D.Double();
            path.moveTo(l.xy()[0], l.xy()[1]);
            for (int i = 2; i < l.xy().length; i += 2) {
                path.lineTo(l.xy()[i], l.xy()[i + 1]);
            }
            g.setColor(l.stroke());
            g.setStroke(l.dashed() ? new BasicStroke((float) l.width(), BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 4}, 0)
                    : new BasicStroke((float) l.width()));
            g.draw(path);
            if (l.arrow()) {
                double[] h = arrowHead(l.xy());
                Path2D head = new Path2D.Double();
                head.moveTo(h[0], h[1]);
                head.lineTo(h[2], h[3]);
                head.lineTo(h[4], h[5]);
                head.closePath();
                g.fill(head);
            }
        } else if (s instanceof Text t) {
            g.setColor(t.colour());
            g.setFont(new Font(Font.SANS_SERIF, t.bold() ? Font.BOLD : Font.PLAIN, (int) Math.round(t.size())));
            g.drawString(t.text(), (float) t.x(), (float) t.y());
        }
    }

    /** A triangle at the polyline's end pointing along its last segment: tip, then the two back corners. */
    private static double[] arrowHead(double[] xy) {
        int n = xy.length;
        double tx = xy[n - 2];
        double ty = xy[n - 1];
        double dx = tx - xy[n - 4];
        double dy = ty - xy[n - 3];
        double length = Math.max(1e-9, Math.hypot(dx, dy));
        double ux = dx / length;
        double uy = dy / length;
        return new double[] {tx, ty, tx - 9 * ux + 4 * uy, ty - 9 * uy - 4 * ux, tx - 9 * ux - 4 * uy, ty - 9 * uy + 4 * ux};
    }

    private static void attributes(XMLStreamWriter w, Object... pairs) throws XMLStreamException {
        for (int i = 0; i < pairs.length; i += 2) {
            w.writeAttribute((String) pairs[i], number((Double) pairs[i + 1]));
        }
    }

    private static String number(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.2f", v);
    }

    private static String hex(Color c) {
        return String.format(Locale.ROOT, "#%02x%02x%02x", c.getRed(), c.getGreen(), c.getBlue());
    }
}
