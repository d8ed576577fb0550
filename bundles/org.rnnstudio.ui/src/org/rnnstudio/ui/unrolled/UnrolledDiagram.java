package org.rnnstudio.ui.unrolled;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.draw2d.ChopboxAnchor;
import org.eclipse.draw2d.ColorConstants;
import org.eclipse.draw2d.Figure;
import org.eclipse.draw2d.Graphics;
import org.eclipse.draw2d.IFigure;
import org.eclipse.draw2d.Label;
import org.eclipse.draw2d.LineBorder;
import org.eclipse.draw2d.PolygonDecoration;
import org.eclipse.draw2d.PolylineConnection;
import org.eclipse.draw2d.XYLayout;
import org.eclipse.draw2d.geometry.Rectangle;
import org.rnnstudio.engine.Plan;
import org.rnnstudio.model.UnitGroup;
import org.rnnstudio.ui.figures.ConnectionFigure;
import org.rnnstudio.ui.figures.UnitGroupFigure;

/**
 * Draws an unrolled plan, exactly as {@link Plan#unroll(int)} lists it: one column per time step (initial
 * states to the left of step 0), one row per group (inputs at the bottom, outputs at the top), an arrow per
 * edge, dashed when it crosses steps, in its weight group's colour when its weights are shared.
 */
public final class UnrolledDiagram extends Figure {

    static final int COLUMN = 150;
    static final int ROW = 64;
    static final int NODE_W = 122;
    static final int NODE_H = 34;
    private static final int LEFT = 20;
    private static final int TOP = 30;

    private final Map<Plan.Node, IFigure> nodes = new HashMap<>();
    private int edges;

    public UnrolledDiagram(Plan plan, Plan.Unrolled unrolled) {
        setLayoutManager(new XYLayout());
        int earliest = 0;
        int latest = unrolled.steps() - 1;
        for (Plan.Node n : unrolled.nodes()) {
            earliest = Math.min(earliest, n.step());
            latest = Math.max(latest, n.step());
        }
        List<UnitGroup> groups = plan.groups();
        Map<String, Integer> row = new HashMap<>();
        for (int i = 0; i < groups.size(); i++) {
            row.put(groups.get(i).id(), groups.size() - 1 - i);
        }
        // a group reading the future (a reversed connection) reads its initial state after the last step
        for (int t = earliest; t <= latest; t++) {
            boolean several = t < 0 ? earliest < -1 : latest > unrolled.steps();
            Label header = new Label(t >= 0 && t < unrolled.steps() ? "t = " + t : "initial" + (several ? " t" + t : ""));
            add(header, new Rectangle(LEFT + (t - earliest) * COLUMN, 4, NODE_W, 20));
        }
        for (Plan.Node n : unrolled.nodes()) {
            UnitGroup g = groups.get(plan.groupIndex(n.groupId()));
            // named as in the editor, so that the two pictures side by side read alike
            Label node = new Label(g.name() == null || g.name().isBlank() ? n.groupId() : g.name());
            node.setOpaque(true);
            boolean initial = unrolled.isInitialState(n);
            node.setBackgroundColor(initial ? ColorConstants.white
                    : g.isInput() ? UnitGroupFigure.INPUT_FILL : g.isOutput() ? UnitGroupFigure.OUTPUT_FILL : UnitGroupFigure.UNIT_FILL);
            node.setBorder(new LineBorder(initial ? ColorConstants.lightGray : ColorConstants.darkGray, 1));
            node.setToolTip(new Label(n.groupId() + (initial ? ": initial state (" + g.initialState().name().toLowerCase() + ")"
                    : " at step " + n.step())));
            add(node, new Rectangle(LEFT + (n.step() - earliest) * COLUMN, TOP + row.get(n.groupId()) * ROW, NODE_W, NODE_H));
            nodes.put(n, node);
        }
        for (Plan.Edge e : unrolled.edges()) {
            PolylineConnection line = new PolylineConnection();
            line.setSourceAnchor(new ChopboxAnchor(nodes.get(e.from())));
            line.setTargetAnchor(new ChopboxAnchor(nodes.get(e.to())));
            PolygonDecoration arrow = new PolygonDecoration();
            arrow.setTemplate(PolygonDecoration.TRIANGLE_TIP);
            line.setTargetDecoration(arrow);
            if (e.from().step() != e.to().step()) {
                line.setLineStyle(Graphics.LINE_DASH);
            }
            if (e.weights() != null && e.weights().startsWith("shared:")) {
                line.setForegroundColor(ConnectionFigure.sharedColour(e.weights().substring("shared:".length())));
                line.setLineWidth(2);
            }
            line.setToolTip(new Label(e.connectionId() + ": " + e.from().groupId() + " at " + e.from().step() + " -> "
                    + e.to().groupId() + " at " + e.to().step() + (e.weights() == null ? "" : ", weights " + e.weights())));
            add(line);
            edges++;
        }
    }

    public int nodeCount() {
        return nodes.size();
    }

    public int edgeCount() {
        return edges;
    }

    /** The figure drawn for a node, or null. */
    public IFigure node(Plan.Node node) {
        return nodes.get(node);
    }
}
