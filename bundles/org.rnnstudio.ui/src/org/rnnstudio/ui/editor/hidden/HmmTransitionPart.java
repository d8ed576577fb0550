package org.rnnstudio.ui.editor.hidden;

import java.util.Locale;

import org.eclipse.draw2d.AbstractRouter;
import org.eclipse.draw2d.Connection;
import org.eclipse.draw2d.ConnectionLocator;
import org.eclipse.draw2d.IFigure;
import org.eclipse.draw2d.Label;
import org.eclipse.draw2d.PolygonDecoration;
import org.eclipse.draw2d.PolylineConnection;
import org.eclipse.draw2d.geometry.Point;
import org.eclipse.draw2d.geometry.PointList;
import org.eclipse.gef.EditPolicy;
import org.eclipse.gef.commands.Command;
import org.eclipse.gef.editparts.AbstractConnectionEditPart;
import org.eclipse.gef.editpolicies.ConnectionEditPolicy;
import org.eclipse.gef.requests.GroupRequest;
import org.eclipse.ui.views.properties.IPropertySource;
import org.rnnstudio.model.HmmDescription;
import org.rnnstudio.ui.editor.ModelDocument;
import org.rnnstudio.ui.editor.properties.Properties;

/**
 * A transition of the HMM's graph: an arrow labelled with its probability, bent to its right so that the
 * arrows between two states in both directions stay apart. Deleting it makes it impossible (its probability
 * 0, the row rescaled); its probability is set in Properties.
 */
public class HmmTransitionPart extends AbstractConnectionEditPart {

    /** How far an arrow bends away from the straight line between its states, in pixels. */
    private static final int BEND = 18;

    private final ModelDocument document;
    private final Label label = new Label();

    public HmmTransitionPart(ModelDocument document, HmmTransition transition) {
        this.document = document;
        setModel(transition);
    }

    private HmmTransition transition() {
        return (HmmTransition) getModel();
    }

    /** The label on the arrow, for tests and screenshots. */
    public String text() {
        return label.getText();
    }

    @Override
    protected IFigure createFigure() {
        PolylineConnection c = new PolylineConnection();
        c.setTargetDecoration(new PolygonDecoration());
        c.setLineWidth(2);
        label.setOpaque(true);
        c.add(label, new ConnectionLocator(c, ConnectionLocator.MIDDLE));
        return c;
    }

    @Override
    protected void createEditPolicies() {
        installEditPolicy(EditPolicy.CONNECTION_ROLE, new ConnectionEditPolicy() {
            @Override
            protected Command getDeleteCommand(GroupRequest request) {
                HmmTransition t = transition();
                return new HiddenStateCommand("Remove transition", document, m -> HmmEdits.setTransition(m.hmm(), t.from(), t.to(), 0));
            }
        });
    }

    @Override
    protected void refreshVisuals() {
        // the connection layer gives every connection added to it its own router; an arrow keeps its bend
        if (!(getConnectionFigure().getConnectionRouter() instanceof BentToTheRight)) {
            getConnectionFigure().setConnectionRouter(new BentToTheRight());
        }
        HmmDescription h = document.model().hmm();
        HmmTransition t = transition();
        double[][] a = h == null ? null : h.parameters().get("A");
        label.setText(a == null || t.from() >= a.length || t.to() >= a.length ? "learned" : probability(a[t.from()][t.to()]));
    }

    /** Three significant digits, without the trailing zeros: 0.05, 0.333, 1e-05. */
    static String probability(double p) {
        String s = String.format(Locale.ROOT, "%.3g", p);
        return s.contains("e") || !s.contains(".") ? s : s.replaceAll("0+$", "").replaceAll("\\.$", "");
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Object getAdapter(Class key) {
        if (key == IPropertySource.class) {
            HmmDescription h = document.model().hmm();
            HmmTransition t = transition();
            return new Properties(document)
                    .readOnly("transition", "Transition", "Transition", () -> HmmStatePart.name(h, t.from()) + " -> " + HmmStatePart.name(h, t.to()))
                    .real("probability", "Probability (A[" + t.from() + "][" + t.to() + "])", "Transition",
                            () -> HmmEdits.transitions(h)[t.from()][t.to()], v -> HmmEdits.setTransition(h, t.from(), t.to(), v), 0, 1);
        }
        return super.getAdapter(key);
    }

    /** Routes through one point beside the middle of the straight line, on the right of the direction of travel. */
    private static final class BentToTheRight extends AbstractRouter {
        @Override
        public void route(Connection connection) {
            Point from = connection.getSourceAnchor().getReferencePoint();
            Point to = connection.getTargetAnchor().getReferencePoint();
            double dx = to.x - from.x;
            double dy = to.y - from.y;
            double length = Math.max(1, Math.hypot(dx, dy));
            Point middle = new Point((int) Math.round((from.x + to.x) / 2.0 - BEND * dy / length), (int) Math.round((from.y + to.y) / 2.0 + BEND * dx / length));
            Point start = connection.getSourceAnchor().getLocation(middle).getCopy();
            Point end = connection.getTargetAnchor().getLocation(middle).getCopy();
            connection.translateToRelative(start);
            connection.translateToRelative(end);
            Point bend = middle.getCopy();
            connection.translateToRelative(bend);
            PointList points = new PointList();
            points.addPoint(start);
            points.addPoint(bend);
            points.addPoint(end);
            connection.setPoints(points);
        }
    }
}
