package org.rnnstudio.ui.figures;

import org.eclipse.draw2d.ColorConstants;
import org.eclipse.draw2d.Figure;
import org.eclipse.draw2d.Graphics;
import org.eclipse.draw2d.geometry.Dimension;
import org.eclipse.draw2d.geometry.Rectangle;
import org.eclipse.swt.graphics.Color;
import org.rnnstudio.model.Activation;

/**
 * A unit group as the lecture draws it: a row of units, with its activation's glyph at the left and its name
 * above. Past {@link #MAX_DRAWN} units the row ends in "… n" so a group of 500 stays readable.
 */
public class UnitGroupFigure extends Figure {

    public static final int MAX_DRAWN = 8;
    public static final Color UNIT_FILL = new Color(null, 255, 236, 179);

    private static final int UNIT = 16;
    private static final int GAP = 5;
    private static final int PAD = 8;
    private static final int TITLE = 18;
    private static final int GLYPH = 20;

    private String name;
    private int size;
    private Activation activation;

    public UnitGroupFigure(String name, int size, Activation activation) {
        this.name = name;
        this.size = size;
        this.activation = activation;
        setOpaque(true);
        setBackgroundColor(ColorConstants.white);
        setForegroundColor(ColorConstants.black);
    }

    public void setGroup(String newName, int newSize, Activation newActivation) {
        name = newName;
        size = newSize;
        activation = newActivation;
        revalidate();
        repaint();
    }

    /** How many unit circles are drawn: all of them up to {@link #MAX_DRAWN}, then one fewer and "… n". */
    public int unitsDrawn() {
        return size <= MAX_DRAWN ? size : MAX_DRAWN - 1;
    }

    /** The text after the drawn units, empty when every unit is drawn. */
    public String overflowLabel() {
        return size <= MAX_DRAWN ? "" : "\u2026 " + size;
    }

    /** Where unit i (0-based, i < unitsDrawn()) is drawn, relative to the figure's bounds. */
    public Rectangle unitBounds(int i) {
        return new Rectangle(PAD + GLYPH + GAP + i * (UNIT + GAP), PAD + TITLE, UNIT, UNIT);
    }

    @Override
    public Dimension getPreferredSize(int wHint, int hHint) {
        int slots = unitsDrawn() + (overflowLabel().isEmpty() ? 0 : 2);
        int width = Math.max(PAD + GLYPH + GAP + Math.max(1, slots) * (UNIT + GAP) + PAD, 8 * name.length() + 2 * PAD);
        return new Dimension(width, PAD + TITLE + UNIT + PAD);
    }

    @Override
    protected void paintFigure(Graphics g) {
        Rectangle r = getBounds().getCopy();
        g.setAntialias(1);
        g.setBackgroundColor(getBackgroundColor());
        g.fillRoundRectangle(r.getResized(-1, -1), 10, 10);
        g.setForegroundColor(getForegroundColor());
        g.drawRoundRectangle(r.getResized(-1, -1), 10, 10);
        g.drawText(name, r.x + PAD, r.y + 3);

        for (int i = 0; i < unitsDrawn(); i++) {
            Rectangle u = unitBounds(i).getTranslated(r.x, r.y);
            g.setBackgroundColor(UNIT_FILL);
            g.fillOval(u);
            g.drawOval(u.getResized(-1, -1));
        }
        if (!overflowLabel().isEmpty()) {
            Rectangle last = unitBounds(unitsDrawn()).getTranslated(r.x, r.y);
            g.drawText(overflowLabel(), last.x, last.y + 1);
        }
        paintGlyph(g, new Rectangle(r.x + PAD, r.y + PAD + TITLE - 2, GLYPH, GLYPH));
    }

    /** A small plot of the activation: what the lecture draws next to each kind of unit. */
    private void paintGlyph(Graphics g, Rectangle box) {
        g.setForegroundColor(ColorConstants.darkGray);
        int x0 = box.x;
        int x1 = box.right();
        int yMid = box.y + box.height / 2;
        switch (activation) {
        case LINEAR:
            g.drawLine(x0, box.bottom(), x1, box.y);
            break;
        case RELU:
            g.drawLine(x0, box.bottom() - 2, box.x + box.width / 2, box.bottom() - 2);
            g.drawLine(box.x + box.width / 2, box.bottom() - 2, x1, box.y);
            break;
        case LOGISTIC:
        case TANH:
            int bottom = activation == Activation.TANH ? box.bottom() : box.bottom() - 2;
            int prevX = x0;
            int prevY = sigmoidY(x0, box, bottom);
            for (int x = x0 + 1; x <= x1; x++) {
                int y = sigmoidY(x, box, bottom);
                g.drawLine(prevX, prevY, x, y);
                prevX = x;
                prevY = y;
            }
            if (activation == Activation.TANH) {
                g.setLineStyle(Graphics.LINE_DOT);
                g.drawLine(x0, yMid, x1, yMid);
                g.setLineStyle(Graphics.LINE_SOLID);
            }
            break;
        case SOFTMAX:
            // a distribution: bars that share out one unit of height
            int[] heights = {4, 12, 6};
            int bar = box.width / heights.length;
            g.setBackgroundColor(ColorConstants.darkGray);
            for (int i = 0; i < heights.length; i++) {
                g.fillRectangle(x0 + i * bar + 1, box.bottom() - heights[i], bar - 2, heights[i]);
            }
            break;
        default:
            throw new IllegalStateException(activation.name());
        }
        g.setForegroundColor(getForegroundColor());
    }

    private static int sigmoidY(int x, Rectangle box, int bottom) {
        double t = (x - box.x) / (double) box.width * 10 - 5;
        double s = 1 / (1 + Math.exp(-t));
        return (int) Math.round(bottom - s * (bottom - box.y));
    }
}
