package org.rnnstudio.ui.figures;

import org.eclipse.draw2d.ColorConstants;
import org.eclipse.draw2d.Graphics;
import org.eclipse.draw2d.Label;
import org.eclipse.draw2d.MidpointLocator;
import org.eclipse.draw2d.PolygonDecoration;
import org.eclipse.draw2d.PolylineConnection;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.RGB;

/**
 * A connection as the lecture draws it: an arrow; dashed, and labelled "t-d", when it reaches back d steps;
 * coloured and labelled with its weight group's name when its weights are shared (every connection of one
 * group gets the same colour); an identity connection is thin and grey, a one-to-one connection carries "1:1".
 */
public class ConnectionFigure extends PolylineConnection {

    private final Label label = new Label();
    private int delay;
    private String shared;

    public ConnectionFigure() {
        PolygonDecoration arrow = new PolygonDecoration();
        arrow.setTemplate(PolygonDecoration.TRIANGLE_TIP);
        setTargetDecoration(arrow);
        label.setOpaque(true);
        label.setBackgroundColor(ColorConstants.white);
        add(label, new MidpointLocator(this, 0));
    }

    /**
     * kind is "full", "one-to-one" or "identity"; with reverse the delay reaches into the future (labelled t+d with an
     * arrow back along time); problem is the colour of the worst diagnostic, or null.
     */
    public void setConnection(String kind, int newDelay, boolean reverse, String sharedWeights, Color problem, String problemText) {
        delay = newDelay;
        shared = sharedWeights;
        setLineStyle(delay > 0 ? Graphics.LINE_DASH : Graphics.LINE_SOLID);
        setLineWidth(kind.equals("identity") ? 1 : 2);
        Color colour = problem != null ? problem : shared != null ? sharedColour(shared)
                : kind.equals("identity") ? ColorConstants.gray : ColorConstants.black;
        setForegroundColor(colour);
        StringBuilder text = new StringBuilder();
        if (delay > 0) {
            text.append(reverse ? "\u2190 t+" : "t-").append(delay);
        }
        if (kind.equals("one-to-one")) {
            text.append(text.length() > 0 ? " " : "").append("1:1");
        }
        if (shared != null) {
            text.append(text.length() > 0 ? " " : "").append("w=").append(shared);
        }
        label.setText(text.toString());
        label.setForegroundColor(colour);
        label.setVisible(text.length() > 0);
        setToolTip(problemText == null ? null : new ProblemTooltip(problemText));
    }

    public int delay() {
        return delay;
    }

    public String labelText() {
        return label.isVisible() ? label.getText() : "";
    }

    /** A colour per weight group name, the same in the editor and the unrolled view. */
    public static Color sharedColour(String name) {
        float hue = (name.hashCode() & 0x7fffffff) % 360;
        return ColourCache.get(new RGB(hue, 0.75f, 0.65f));
    }
}
