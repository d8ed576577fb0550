package org.rnnstudio.ui.figures;

import org.eclipse.draw2d.ColorConstants;
import org.eclipse.draw2d.MarginBorder;
import org.eclipse.draw2d.geometry.Dimension;
import org.eclipse.draw2d.text.FlowPage;
import org.eclipse.draw2d.text.TextFlow;

/**
 * What an element's tooltip says is wrong with it, wrapped to at most {@link #MAX_WIDTH} pixels: Draw2d
 * keeps a tooltip as wide as it asks to be, and a long message on one line ran off the screen.
 */
public class ProblemTooltip extends FlowPage {

    public static final int MAX_WIDTH = 480;

    public ProblemTooltip(String text) {
        setBorder(new MarginBorder(2, 4, 2, 4));
        setOpaque(true);
        setBackgroundColor(ColorConstants.tooltipBackground);
        setForegroundColor(ColorConstants.tooltipForeground);
        add(new TextFlow(text));
    }

    @Override
    public Dimension getPreferredSize(int wHint, int hHint) {
        int limit = wHint > 0 ? Math.min(wHint, MAX_WIDTH) : MAX_WIDTH;
        Dimension natural = super.getPreferredSize(-1, hHint);
        return natural.width <= limit ? natural : super.getPreferredSize(limit, hHint);
    }
}
