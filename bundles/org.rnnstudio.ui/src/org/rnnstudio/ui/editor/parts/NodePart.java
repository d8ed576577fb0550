package org.rnnstudio.ui.editor.parts;

import java.util.List;

import org.eclipse.draw2d.ChopboxAnchor;
import org.eclipse.draw2d.ConnectionAnchor;
import org.eclipse.draw2d.geometry.Rectangle;
import org.eclipse.gef.EditPolicy;
import org.eclipse.gef.GraphicalEditPart;
import org.eclipse.gef.commands.Command;
import org.eclipse.gef.editpolicies.ComponentEditPolicy;
import org.eclipse.gef.editpolicies.GraphicalNodeEditPolicy;
import org.eclipse.gef.requests.CreateConnectionRequest;
import org.eclipse.gef.requests.GroupRequest;
import org.eclipse.gef.requests.ReconnectRequest;
import org.eclipse.swt.graphics.Color;
import org.rnnstudio.model.Connection;
import org.rnnstudio.model.Diagnostic;
import org.rnnstudio.model.Model;
import org.rnnstudio.ui.editor.ModelDocument;
import org.rnnstudio.ui.editor.commands.ChangeCommand;
import org.rnnstudio.ui.editor.commands.CreateConnectionCommand;
import org.rnnstudio.ui.figures.UnitGroupFigure;

/** What groups and cells share on the canvas: a place, connections in and out, deletion, problems. */
public abstract class NodePart extends AnchoredPart {

    /** The farthest a node is drawn from the origin, in pixels. */
    public static final int MAX_COORDINATE = 100_000;
    /** The largest width or height a node is drawn with, in pixels. */
    public static final int MAX_SIZE = 5_000;

    protected final ModelDocument document;
    private ChopboxAnchor anchor;
    /** The layout the figure was last placed at (null: a default place). */
    private Model.Bounds placed;

    protected NodePart(ModelDocument document, Object model) {
        this.document = document;
        setModel(model);
    }

    /** The id connections use to name this node. */
    public abstract String id();

    /** Whether connections may end here (not into input groups). */
    protected abstract boolean acceptsConnections();

    protected abstract Command deleteCommand();

    @Override
    protected void createEditPolicies() {
        installEditPolicy(EditPolicy.COMPONENT_ROLE, new ComponentEditPolicy() {
            @Override
            protected Command createDeleteCommand(GroupRequest request) {
                return deleteCommand();
            }
        });
        installEditPolicy(EditPolicy.GRAPHICAL_NODE_ROLE, new GraphicalNodeEditPolicy() {
            @Override
            protected Command getConnectionCreateCommand(CreateConnectionRequest request) {
                Connection c = (Connection) request.getNewObject();
                CreateConnectionCommand command = new CreateConnectionCommand(document, c, id());
                request.setStartCommand(command);
                return command;
            }

            @Override
            protected Command getConnectionCompleteCommand(CreateConnectionRequest request) {
                CreateConnectionCommand command = (CreateConnectionCommand) request.getStartCommand();
                command.setTarget(id());
                return command;
            }

            @Override
            protected Command getReconnectSourceCommand(ReconnectRequest request) {
                Connection c = (Connection) request.getConnectionEditPart().getModel();
                return new ChangeCommand<String>("Reconnect", document, c::setFrom, c.from(), id());
            }

            @Override
            protected Command getReconnectTargetCommand(ReconnectRequest request) {
                Connection c = (Connection) request.getConnectionEditPart().getModel();
                return acceptsConnections() ? new ChangeCommand<String>("Reconnect", document, c::setTo, c.to(), id()) : null;
            }
        });
    }

    /**
     * Redraws what a layout change moved: this node's place and the bend points of its connections, where they
     * differ from what is drawn. A move changes one node of many: redrawing every node and connection made a
     * move of one group in a 1,000-element model take 250 ms (docs/benchmarks.md, "The editor at scale").
     */
    void layoutChanged() {
        if (!java.util.Objects.equals(document.model().bounds().get(id()), placed)) {
            refreshVisuals();
        }
        for (Object connection : getSourceConnections()) {
            ((ConnectionPart) connection).layoutChanged();
        }
    }

    /** Puts the figure where the layout says, or in a default place when the file gives none. */
    protected void place(int defaultIndex) {
        Model.Bounds b = document.model().bounds().get(id());
        placed = b;
        Rectangle constraint = b == null ? new Rectangle(40, 40 + 90 * Math.max(0, defaultIndex), -1, -1) : drawable(b);
        ((GraphicalEditPart) getParent()).setLayoutConstraint(this, getFigure(), constraint);
    }

    /**
     * The place of a node as the canvas can draw it: Draw2d adds coordinates in ints, so a place near
     * Integer.MAX_VALUE overflows and the node vanishes. Places stay within {@link #MAX_COORDINATE} and a
     * size within {@link #MAX_SIZE} (a size of 0 or less means "as large as its content").
     */
    public static Rectangle drawable(Model.Bounds b) {
        return new Rectangle(coordinate(b.x()), coordinate(b.y()),
                b.width() <= 0 ? -1 : Math.min(b.width(), MAX_SIZE), b.height() <= 0 ? -1 : Math.min(b.height(), MAX_SIZE));
    }

    /** A coordinate of the layout as the canvas can draw it. */
    static int coordinate(int v) {
        return Math.max(-MAX_COORDINATE, Math.min(MAX_COORDINATE, v));
    }

    static Color problemColour(List<Diagnostic> problems) {
        if (problems.isEmpty()) {
            return null;
        }
        return problems.stream().anyMatch(Diagnostic::isError) ? UnitGroupFigure.ERROR : UnitGroupFigure.WARNING;
    }

    static String problemText(List<Diagnostic> problems) {
        if (problems.isEmpty()) {
            return null;
        }
        StringBuilder text = new StringBuilder();
        for (Diagnostic d : problems) {
            text.append(text.length() > 0 ? "\n" : "").append(d.severity().name().toLowerCase(java.util.Locale.ROOT)).append(": ").append(d.message());
        }
        return text.toString();
    }

    @Override
    protected List<Connection> getModelSourceConnections() {
        return document.connectionsFrom(id());
    }

    @Override
    protected List<Connection> getModelTargetConnections() {
        return document.connectionsTo(id());
    }

    @Override
    protected ConnectionAnchor createAnchor() {
        return new ChopboxAnchor(getFigure());
    }
}
