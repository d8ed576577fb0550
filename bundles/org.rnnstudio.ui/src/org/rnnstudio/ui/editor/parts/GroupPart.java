package org.rnnstudio.ui.editor.parts;

import java.util.List;

import org.eclipse.draw2d.ChopboxAnchor;
import org.eclipse.draw2d.ConnectionAnchor;
import org.eclipse.draw2d.IFigure;
import org.eclipse.draw2d.geometry.Rectangle;
import org.eclipse.gef.ConnectionEditPart;
import org.eclipse.gef.EditPolicy;
import org.eclipse.gef.GraphicalEditPart;
import org.eclipse.gef.NodeEditPart;
import org.eclipse.gef.Request;
import org.eclipse.gef.RequestConstants;
import org.eclipse.gef.commands.Command;
import org.eclipse.gef.editparts.AbstractGraphicalEditPart;
import org.eclipse.gef.editpolicies.ComponentEditPolicy;
import org.eclipse.gef.editpolicies.DirectEditPolicy;
import org.eclipse.gef.editpolicies.GraphicalNodeEditPolicy;
import org.eclipse.gef.requests.CreateConnectionRequest;
import org.eclipse.gef.requests.DirectEditRequest;
import org.eclipse.gef.requests.GroupRequest;
import org.eclipse.gef.requests.ReconnectRequest;
import org.eclipse.ui.views.properties.IPropertySource;
import org.rnnstudio.model.Connection;
import org.rnnstudio.model.Diagnostic;
import org.rnnstudio.model.Model;
import org.rnnstudio.model.UnitGroup;
import org.rnnstudio.ui.editor.ModelDocument;
import org.rnnstudio.ui.editor.commands.ChangeCommand;
import org.rnnstudio.ui.editor.commands.CreateConnectionCommand;
import org.rnnstudio.ui.editor.commands.DeleteCommand;
import org.rnnstudio.ui.editor.properties.PropertySources;
import org.rnnstudio.ui.figures.UnitGroupFigure;

/** A unit group: its figure, its connections, and the edits a person makes to it. */
public class GroupPart extends AbstractGraphicalEditPart implements NodeEditPart {

    private final ModelDocument document;
    private ChopboxAnchor anchor;

    public GroupPart(ModelDocument document, UnitGroup group) {
        this.document = document;
        setModel(group);
    }

    public UnitGroup group() {
        return (UnitGroup) getModel();
    }

    @Override
    protected IFigure createFigure() {
        UnitGroup g = group();
        return new UnitGroupFigure(g.name(), g.size(), g.activation());
    }

    public UnitGroupFigure groupFigure() {
        return (UnitGroupFigure) getFigure();
    }

    @Override
    protected void createEditPolicies() {
        installEditPolicy(EditPolicy.COMPONENT_ROLE, new ComponentEditPolicy() {
            @Override
            protected Command createDeleteCommand(GroupRequest request) {
                return new DeleteCommand(document, group());
            }
        });
        installEditPolicy(EditPolicy.GRAPHICAL_NODE_ROLE, new GraphicalNodeEditPolicy() {
            @Override
            protected Command getConnectionCreateCommand(CreateConnectionRequest request) {
                Connection c = (Connection) request.getNewObject();
                CreateConnectionCommand command = new CreateConnectionCommand(document, c, group());
                request.setStartCommand(command);
                return command;
            }

            @Override
            protected Command getConnectionCompleteCommand(CreateConnectionRequest request) {
                CreateConnectionCommand command = (CreateConnectionCommand) request.getStartCommand();
                command.setTarget(group());
                return command;
            }

            @Override
            protected Command getReconnectSourceCommand(ReconnectRequest request) {
                Connection c = (Connection) request.getConnectionEditPart().getModel();
                return new ChangeCommand<String>("Reconnect", document, c::setFrom, c.from(), group().id());
            }

            @Override
            protected Command getReconnectTargetCommand(ReconnectRequest request) {
                Connection c = (Connection) request.getConnectionEditPart().getModel();
                if (group().isInput()) {
                    return null;
                }
                return new ChangeCommand<String>("Reconnect", document, c::setTo, c.to(), group().id());
            }
        });
        installEditPolicy(EditPolicy.DIRECT_EDIT_ROLE, new DirectEditPolicy() {
            @Override
            protected Command getDirectEditCommand(DirectEditRequest request) {
                String name = ((String) request.getCellEditor().getValue()).trim();
                UnitGroup g = group();
                return name.isEmpty() ? null : new ChangeCommand<String>("Rename " + g.name(), document, g::setName, g.name(), name);
            }

            @Override
            protected void showCurrentEditValue(DirectEditRequest request) {
                // the cell editor shows the text being typed; the figure updates when the command runs
            }
        });
    }

    @Override
    public void performRequest(Request request) {
        if (RequestConstants.REQ_DIRECT_EDIT.equals(request.getType()) || RequestConstants.REQ_OPEN.equals(request.getType())) {
            new NameEditManager(this).show();
        }
    }

    @Override
    protected void refreshVisuals() {
        UnitGroup g = group();
        UnitGroupFigure f = groupFigure();
        f.setGroup(g.name(), g.size(), g.activation());
        f.setKind(g.isInput(), g.isOutput(), g.combine() == UnitGroup.Combine.PRODUCT);
        List<Diagnostic> problems = document.diagnosticsFor(g.id());
        f.setProblem(problemColour(problems), problemText(problems));
        Model.Bounds b = document.model().bounds().get(g.id());
        Rectangle constraint = b == null ? defaultPlace() : new Rectangle(b.x(), b.y(), b.width(), b.height());
        ((GraphicalEditPart) getParent()).setLayoutConstraint(this, f, constraint);
    }

    /** Groups the file gives no place are put in a column on the left, in file order. */
    private Rectangle defaultPlace() {
        int index = document.model().groups().indexOf(group());
        return new Rectangle(40, 40 + 90 * Math.max(0, index), -1, -1);
    }

    static org.eclipse.swt.graphics.Color problemColour(List<Diagnostic> problems) {
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
        return document.connectionsFrom(group());
    }

    @Override
    protected List<Connection> getModelTargetConnections() {
        return document.connectionsTo(group());
    }

    private ConnectionAnchor anchor() {
        if (anchor == null) {
            anchor = new ChopboxAnchor(getFigure());
        }
        return anchor;
    }

    @Override
    public ConnectionAnchor getSourceConnectionAnchor(ConnectionEditPart connection) {
        return anchor();
    }

    @Override
    public ConnectionAnchor getTargetConnectionAnchor(ConnectionEditPart connection) {
        return anchor();
    }

    @Override
    public ConnectionAnchor getSourceConnectionAnchor(Request request) {
        return anchor();
    }

    @Override
    public ConnectionAnchor getTargetConnectionAnchor(Request request) {
        return anchor();
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Object getAdapter(Class key) {
        if (key == IPropertySource.class) {
            return PropertySources.forGroup(document, group());
        }
        return super.getAdapter(key);
    }
}
