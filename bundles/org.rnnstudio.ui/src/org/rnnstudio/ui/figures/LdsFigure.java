package org.rnnstudio.ui.figures;

import org.eclipse.draw2d.ColorConstants;
import org.eclipse.draw2d.Figure;
import org.eclipse.draw2d.Graphics;
import org.eclipse.draw2d.Label;
import org.eclipse.draw2d.geometry.Dimension;
import org.eclipse.draw2d.geometry.Point;
import org.eclipse.draw2d.geometry.PointList;
import org.eclipse.draw2d.geometry.Rectangle;

/**
 * A linear dynamical system as the lecture draws it (figure 7-1-2), unrolled over three steps: driving inputs
 * at the bottom, the hidden state above them with its transition A to the next step, the observations on top;
 * the noise of each, Gaussian, written on the elements it enters (w ~ N(0, Q) on the state, v ~ N(0, R) on
 * the observations).
 */
public class LdsFigure extends Figure {

    private static final int STEPS = 3;
    private static final int COLUMN = 190;
    private static final int BOX_W = 130;
    private static final int BOX_H = 46;

    private int state = 1;
    private int observation = 1;
    private int input;
    private String stateNoise = "";
    private String observationNoise = "";
    private final Label tooltip = new Label();

    public LdsFigure() {
        setPreferredSize(new Dimension(STEPS * COLUMN + 40, 330));
        setToolTip(tooltip);
    }

    public void setSystem(int state, int observation, int input, String stateNoise, String observationNoise, String details) {
        this.state = state;
        this.observation = observation;
        this.input = input;
        this.stateNoise = stateNoise;
        this.observationNoise = observationNoise;
        setPreferredSize(new Dimension(STEPS * COLUMN + 40, input > 0 ? 330 : 230));
        tooltip.setText(details);
        repaint();
    }

    @Override
    protected void paintFigure(Graphics g) {
        Rectangle r = getBounds();
        g.setAntialias(1);
        g.setForegroundColor(ColorConstants.black);
        g.drawText("linear dynamical system: x(t) = A x(t-1) + B u(t) + w,  y(t) = C x(t) + D u(t) + v", r.x + 10, r.y + 2);
        int top = r.y + 36;
        for (int t = 0; t < STEPS; t++) {
            int x = r.x + 20 + t * COLUMN;
            String step = t == 0 ? "t-1" : t == 1 ? "t" : "t+1";
            Rectangle y = new Rectangle(x, top, BOX_W, BOX_H);
            Rectangle h = new Rectangle(x, top + 110, BOX_W, BOX_H);
            box(g, y, UnitGroupFigure.OUTPUT_FILL, "output y(" + step + "): " + observation, "+ v ~ N(0, R " + observationNoise + ")");
            box(g, h, UnitGroupFigure.UNIT_FILL, "hidden x(" + step + "): " + state, "+ w ~ N(0, Q " + stateNoise + ")");
            arrow(g, new Point(h.x + BOX_W / 2, h.y), new Point(y.x + BOX_W / 2, y.bottom()), "C");
            if (input > 0) {
                Rectangle u = new Rectangle(x, top + 220, BOX_W, BOX_H);
                box(g, u, UnitGroupFigure.INPUT_FILL, "driving input u(" + step + "): " + input, null);
                arrow(g, new Point(u.x + BOX_W / 2, u.y), new Point(h.x + BOX_W / 2, h.bottom()), "B");
                arrow(g, new Point(u.right() - 10, u.y), new Point(y.right() - 10, y.bottom()), "D");
            }
            if (t + 1 < STEPS) {
                arrow(g, new Point(h.right(), h.y + BOX_H / 2), new Point(h.right() + COLUMN - BOX_W, h.y + BOX_H / 2), "A");
            }
        }
        g.setForegroundColor(ColorConstants.black);
        g.drawText("x(1) ~ N(mu0, V0); time runs to the right", r.x + 10, r.bottom() - 20);
    }

    private static void box(Graphics g, Rectangle b, org.eclipse.swt.graphics.Color fill, String label, String noise) {
        g.setBackgroundColor(fill);
        g.fillRoundRectangle(b, 10, 10);
        g.setForegroundColor(ColorConstants.darkGray);
        g.drawRoundRectangle(b, 10, 10);
        g.setForegroundColor(ColorConstants.black);
        g.drawText(label, b.x + 6, b.y + 4);
        if (noise != null) {
            g.setForegroundColor(ColorConstants.darkGreen);
            g.drawText(noise, b.x + 6, b.y + 24);
            g.setForegroundColor(ColorConstants.black);
        }
    }

    private static void arrow(Graphics g, Point from, Point to, String label) {
        g.setForegroundColor(ColorConstants.darkGray);
        g.drawLine(from, to);
        double angle = Math.atan2(to.y - from.y, to.x - from.x);
        PointList head = new PointList();
        head.addPoint(to);
        head.addPoint(to.x - (int) Math.round(9 * Math.cos(angle - 0.4)), to.y - (int) Math.round(9 * Math.sin(angle - 0.4)));
        head.addPoint(to.x - (int) Math.round(9 * Math.cos(angle + 0.4)), to.y - (int) Math.round(9 * Math.sin(angle + 0.4)));
        g.setBackgroundColor(ColorConstants.darkGray);
        g.fillPolygon(head);
        g.setForegroundColor(ColorConstants.blue);
        g.drawText(label, (from.x + to.x) / 2 + 4, (from.y + to.y) / 2 - 8);
    }
}
