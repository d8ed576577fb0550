package org.rnnstudio.ui.figures;

import java.util.Locale;

import org.eclipse.draw2d.ColorConstants;
import org.eclipse.draw2d.Figure;
import org.eclipse.draw2d.Graphics;
import org.eclipse.draw2d.Label;
import org.eclipse.draw2d.geometry.Dimension;
import org.eclipse.draw2d.geometry.Rectangle;

/**
 * A state of an HMM's state graph: an ellipse with the state's name, the probability of staying (the
 * self-transition, which an arrow would only hide), and its emission: a bar per symbol for a categorical
 * one, the mean and variance of each dimension for a Gaussian one.
 */
public class HmmStateFigure extends Figure {

    public static final Dimension SIZE = new Dimension(150, 96);

    private String name = "";
    private double stay = Double.NaN;
    private double start = Double.NaN;
    private double[] symbols;
    private String gaussian;
    private final Label tooltip = new Label();

    public HmmStateFigure() {
        setPreferredSize(SIZE);
        setToolTip(tooltip);
    }

    /**
     * @param symbols  the categorical emission's probabilities, or null
     * @param gaussian the Gaussian emission in words, or null
     */
    public void setState(String name, double start, double stay, double[] symbols, String gaussian, String details) {
        this.name = name;
        this.start = start;
        this.stay = stay;
        this.symbols = symbols;
        this.gaussian = gaussian;
        tooltip.setText(details);
        repaint();
    }

    @Override
    protected void paintFigure(Graphics g) {
        Rectangle r = getBounds().getCopy().shrink(1, 1);
        g.setAntialias(1);
        g.setBackgroundColor(UnitGroupFigure.UNIT_FILL);
        g.fillOval(r);
        g.setForegroundColor(ColorConstants.darkGray);
        g.setLineWidth(2);
        g.drawOval(r);
        g.setForegroundColor(ColorConstants.black);
        int line = g.getFontMetrics().getHeight();
        centred(g, name, r, r.y + 8);
        String numbers = (Double.isNaN(stay) ? "" : String.format(Locale.ROOT, "stay %.3g", stay))
                + (Double.isNaN(start) ? "" : String.format(Locale.ROOT, "  start %.3g", start));
        centred(g, numbers, r, r.y + 8 + line);
        if (symbols != null) {
            int width = Math.min(14, (r.width - 40) / Math.max(1, symbols.length));
            int height = r.height - 2 * line - 26;
            int x = r.x + (r.width - width * symbols.length) / 2;
            int base = r.bottom() - 12;
            g.setBackgroundColor(ColorConstants.darkBlue);
            for (int k = 0; k < symbols.length; k++) {
                int h = (int) Math.round(height * Math.max(0, Math.min(1, symbols[k])));
                g.fillRectangle(x + k * width + 1, base - h, Math.max(1, width - 2), h);
            }
            g.setForegroundColor(ColorConstants.gray);
            g.drawLine(x, base, x + width * symbols.length, base);
        } else if (gaussian != null) {
            centred(g, gaussian, r, r.y + 8 + 2 * line);
        }
    }

    private static void centred(Graphics g, String text, Rectangle r, int y) {
        int w = org.eclipse.draw2d.FigureUtilities.getTextWidth(text, g.getFont());
        g.drawText(text, r.x + (r.width - w) / 2, y);
    }
}
