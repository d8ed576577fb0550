package org.rnnstudio.ui.editor.parts;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.draw2d.IFigure;
import org.eclipse.draw2d.geometry.Point;
import org.eclipse.gef.EditPolicy;
import org.eclipse.gef.commands.Command;
import org.eclipse.gef.editparts.AbstractConnectionEditPart;
import org.eclipse.gef.editpolicies.ConnectionEditPolicy;
import org.eclipse.gef.editpolicies.ConnectionEndpointEditPolicy;
import org.eclipse.gef.requests.GroupRequest;
import org.eclipse.ui.views.properties.IPropertySource;
import org.rnnstudio.model.Connection;
import org.rnnstudio.model.Diagnostic;
import org.rnnstudio.model.Model;
import org.rnnstudio.model.ModelFile;
import org.rnnstudio.ui.editor.ModelDocument;
import org.rnnstudio.ui.editor.commands.DeleteCommand;
import org.rnnstudio.ui.editor.properties.PropertySources;
import org.rnnstudio.ui.figures.ConnectionFigure;

/** A connection: dashed with "t-d" when delayed, coloured by its shared weight group, red when wrong. */
public class ConnectionPart extends AbstractConnectionEditPart {

    private final ModelDocument document;
    /** The bend points drawn, as the layout gave them. */
    private List<Model.Point> drawn = List.of();

    public ConnectionPart(ModelDocument document, Connection connection) {
        this.document = document;
        setModel(connection);
    }

    public Connection connection() {
        return (Connection) getModel();
    }

    @Override
    protected IFigure createFigure() {
        return new ConnectionFigure();
    }

    public ConnectionFigure connectionFigure() {
        return (ConnectionFigure) getFigure();
    }

    @Override
    protected void createEditPolicies() {
        installEditPolicy(EditPolicy.CONNECTION_ENDPOINTS_ROLE, new ConnectionEndpointEditPolicy());
        installEditPolicy(EditPolicy.CONNECTION_ROLE, new ConnectionEditPolicy() {
            @Override
            protected Command getDeleteCommand(GroupRequest request) {
                return new DeleteCommand(document, connection());
            }
        });
    }

    @Override
    protected void refreshVisuals() {
        Connection c = connection();
        List<Diagnostic> problems = document.diagnosticsFor(c.id());
        connectionFigure().setConnection(ModelFile.fileName(c.kind()), c.delay(), c.reverse(), c.sharedWeights(), NodePart.problemColour(problems),
                NodePart.problemText(problems));
        drawn = List.copyOf(document.model().bendPoints().getOrDefault(c.id(), List.of()));
        List<Point> bends = new ArrayList<>();
        for (Model.Point p : drawn) {
            bends.add(new Point(NodePart.coordinate(p.x()), NodePart.coordinate(p.y())));
        }
        getConnectionFigure().setRoutingConstraint(bends);
    }

    /** Redraws the connection after a layout change only when its bend points are not those drawn: its ends follow their figures. */
    void layoutChanged() {
        if (!document.model().bendPoints().getOrDefault(connection().id(), List.of()).equals(drawn)) {
            refreshVisuals();
        }
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Object getAdapter(Class key) {
        if (key == IPropertySource.class) {
            return PropertySources.forConnection(document, connection());
        }
        return super.getAdapter(key);
    }
}
