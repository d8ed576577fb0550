package org.rnnstudio.ui.figures;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.draw2d.AbstractRouter;
import org.eclipse.draw2d.Connection;
import org.eclipse.draw2d.IFigure;
import org.eclipse.draw2d.geometry.Point;
import org.eclipse.draw2d.geometry.PointList;
import org.eclipse.draw2d.geometry.Rectangle;

/**
 * Routes connections through the bend points stored in the model file (the routing constraint, a list of
 * points in diagram coordinates); a recurrent connection from a group to itself without bend points loops
 * out of its right side and back in at its top; two connections between the same groups in opposite
 * directions bow apart, each to its own right, so both can be seen and clicked; everything else is a
 * straight line.
 */
public class DiagramRouter extends AbstractRouter {

    private static final int LOOP = 26;
    /** How far the middle of each of two opposite connections bows away from the line between the groups. */
    static final int SPREAD = 18;

    private final Map<Connection, Object> constraints = new HashMap<>();
    /** The figures each connection joins (source, target) as of its last constraint, and how many join each such pair. */
    private final Map<Connection, List<IFigure>> ends = new HashMap<>();
    private final Map<List<IFigure>, Integer> joining = new HashMap<>();

    @Override
    public Object getConstraint(Connection connection) {
        return constraints.get(connection);
    }

    /** The edit parts set a constraint whenever a connection is made or changes its ends, so its ends are noted here. */
    @Override
    public void setConstraint(Connection connection, Object constraint) {
        constraints.put(connection, constraint);
        forget(connection);
        IFigure source = connection.getSourceAnchor() == null ? null : connection.getSourceAnchor().getOwner();
        IFigure target = connection.getTargetAnchor() == null ? null : connection.getTargetAnchor().getOwner();
        if (source != null && target != null) {
            List<IFigure> pair = List.of(source, target);
            ends.put(connection, pair);
            joining.merge(pair, 1, Integer::sum);
        }
    }

    @Override
    public void remove(Connection connection) {
        constraints.remove(connection);
        forget(connection);
    }

    private void forget(Connection connection) {
        List<IFigure> pair = ends.remove(connection);
        if (pair != null) {
            joining.computeIfPresent(pair, (k, n) -> n == 1 ? null : n - 1);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public void route(Connection conn) {
        PointList points = conn.getPoints();
        points.removeAllPoints();
        List<Point> bends = (List<Point>) getConstraint(conn);
        IFigure source = conn.getSourceAnchor().getOwner();
        IFigure target = conn.getTargetAnchor().getOwner();
        if ((bends == null || bends.isEmpty()) && source != null && source == target) {
            Rectangle r = source.getBounds().getCopy();
            source.translateToAbsolute(r);
            conn.translateToRelative(r);
            int y = r.y + r.height / 2;
            int x = r.x + r.width / 2;
            points.addPoint(r.right(), y);
            points.addPoint(r.right() + LOOP, y);
            points.addPoint(r.right() + LOOP, r.y - LOOP);
            points.addPoint(x, r.y - LOOP);
            points.addPoint(x, r.y);
            conn.setPoints(points);
            return;
        }
        if ((bends == null || bends.isEmpty()) && source != null && target != null && hasOpposite(source, target)) {
            Point bend = bowed(source, target);
            Point start = conn.getSourceAnchor().getLocation(bend).getCopy();
            Point end = conn.getTargetAnchor().getLocation(bend).getCopy();
            conn.translateToRelative(start);
            conn.translateToRelative(bend);
            conn.translateToRelative(end);
            points.addPoint(start);
            points.addPoint(bend);
            points.addPoint(end);
            conn.setPoints(points);
            return;
        }
        Point firstReference = bends == null || bends.isEmpty() ? null : absolute(conn, bends.get(0));
        Point lastReference = bends == null || bends.isEmpty() ? null : absolute(conn, bends.get(bends.size() - 1));
        Point start = firstReference == null ? getStartPoint(conn) : conn.getSourceAnchor().getLocation(firstReference).getCopy();
        Point end = lastReference == null ? getEndPoint(conn) : conn.getTargetAnchor().getLocation(lastReference).getCopy();
        conn.translateToRelative(start);
        conn.translateToRelative(end);
        points.addPoint(start);
        if (bends != null) {
            for (Point b : bends) {
                points.addPoint(b);
            }
        }
        points.addPoint(end);
        conn.setPoints(points);
    }

    private boolean hasOpposite(IFigure source, IFigure target) {
        return joining.containsKey(List.of(target, source));
    }

    /** The middle of the line between the two figures' centres, moved SPREAD to the right of the direction of travel. */
    private static Point bowed(IFigure source, IFigure target) {
        Point from = centre(source);
        Point to = centre(target);
        double dx = to.x - from.x;
        double dy = to.y - from.y;
        double length = Math.max(1, Math.hypot(dx, dy));
        return new Point((int) Math.round((from.x + to.x) / 2.0 - SPREAD * dy / length),
                (int) Math.round((from.y + to.y) / 2.0 + SPREAD * dx / length));
    }

    private static Point centre(IFigure figure) {
        Rectangle r = figure.getBounds().getCopy();
        figure.translateToAbsolute(r);
        return r.getCenter();
    }

    private static Point absolute(Connection conn, Point relative) {
        Point p = relative.getCopy();
        conn.translateToAbsolute(p);
        return p;
    }
}
