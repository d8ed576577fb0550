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

    /** Fill colours that tell inputs, hidden groups and outputs apart at a glance. */
    public static final Color INPUT_FILL = new Color(null, 225, 242, 222);
    public static final Color OUTPUT_FILL = new Color(null, 222, 233, 248);
    public static final Color ERROR = new Color(null, 204, 0, 0);
    public static final Color WARNING = new Color(null, 214, 140, 0);

    private String name;
    private int size;
    private Activation activation;
    private boolean input;
    private boolean output;
    private boolean product;
    private Color problem;

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

    /** Inputs are drawn green with no glyph (they compute nothing), outputs blue; product groups carry ⊗. */
    public void setKind(boolean isInput, boolean isOutput, boolean isProduct) {
        input = isInput;
        output = isOutput;
        product = isProduct;
        setBackgroundColor(input ? INPUT_FILL : output ? OUTPUT_FILL : ColorConstants.white);
        repaint();
    }

    /** Marks the figure with the worst problem the validator found (ERROR or WARNING colour), or none. */
    public void setProblem(Color colour, String text) {
        problem = colour;
        setToolTip(text == null ? null : new ProblemTooltip(text));
        repaint();
    }

    public Color problem() {
        return problem;
    }

    public boolean isProduct() {
        return product;
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
        int width = Math.max(PAD + GLYPH + GAP + Math.max(1, slots) * (UNIT + GAP) + PAD, 8 * name.length() + 2 * PAD + 36);
        return new Dimension(width, PAD + TITLE + UNIT + PAD);
    }

    @Override
    protected void paintFigure(Graphics g) {
        Rectangle r = getBounds().getCopy();
        g.setAntialias(1);
        g.setBackgroundColor(getBackgroundColor());
        g.fillRoundRectangle(r.getResized(-1, -1), 10, 10);
        g.setForegroundColor(problem != null ? problem : getForegroundColor());
        g.setLineWidth(problem != null ? 2 : 1);
        g.drawRoundRectangle(r.getResized(-1, -1).shrink(problem != null ? 1 : 0, problem != null ? 1 : 0), 10, 10);
        g.setLineWidth(1);
        g.setForegroundColor(getForegroundColor());
        g.drawText(name, r.x + PAD, r.y + 3);
        if (product) {
            paintProductMark(g, new Rectangle(r.right() - PAD - 14, r.y + 4, 13, 13));
        }
        if (problem != null) {
            g.setBackgroundColor(problem);
            g.fillOval(r.right() - PAD - (product ? 32 : 14), r.y + 4, 13, 13);
            g.setForegroundColor(ColorConstants.white);
            g.drawText("!", r.right() - PAD - (product ? 32 : 14) + 5, r.y + 3);
            g.setForegroundColor(getForegroundColor());
        }

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
        if (!input) {
            paintGlyph(g, new Rectangle(r.x + PAD, r.y + PAD + TITLE - 2, GLYPH, GLYPH));
        }
    }

    /** ⊗: the group multiplies its inputs unit by unit. */
    private static void paintProductMark(Graphics g, Rectangle box) {
        g.drawOval(box);
        g.drawLine(box.x + 3, box.y + 3, box.right() - 3, box.bottom() - 3);
        g.drawLine(box.x + 3, box.bottom() - 3, box.right() - 3, box.y + 3);
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
