package org.rnnstudio.ui.editor.parts;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.draw2d.ConnectionLayer;
import org.eclipse.draw2d.FreeformLayer;
import org.eclipse.draw2d.FreeformLayout;
import org.eclipse.draw2d.IFigure;
import org.eclipse.draw2d.MarginBorder;
import org.eclipse.draw2d.geometry.Rectangle;
import org.eclipse.gef.EditPart;
import org.eclipse.gef.EditPolicy;
import org.eclipse.gef.LayerConstants;
import org.eclipse.gef.commands.Command;
import org.eclipse.gef.editparts.AbstractGraphicalEditPart;
import org.eclipse.gef.editpolicies.RootComponentEditPolicy;
import org.eclipse.gef.editpolicies.XYLayoutEditPolicy;
import org.eclipse.gef.requests.CreateRequest;
import org.eclipse.ui.views.properties.IPropertySource;
import org.rnnstudio.model.Cell;
import org.rnnstudio.model.Model;
import org.rnnstudio.model.UnitGroup;
import org.rnnstudio.ui.editor.ModelDocument;
import org.rnnstudio.ui.editor.commands.CellCommands;
import org.rnnstudio.ui.editor.commands.CreateGroupCommand;
import org.rnnstudio.ui.editor.commands.SetBoundsCommand;
import org.rnnstudio.ui.editor.properties.PropertySources;
import org.rnnstudio.ui.figures.DiagramRouter;

/** The canvas: groups where the model file's layout puts them; a move redraws places, any other change everything. */
public class DiagramPart extends AbstractGraphicalEditPart implements ModelDocument.Listener {

    private final ModelDocument document;

    public DiagramPart(ModelDocument document) {
        this.document = document;
        setModel(document.model());
    }

    @Override
    protected IFigure createFigure() {
        FreeformLayer layer = new FreeformLayer();
        layer.setLayoutManager(new FreeformLayout());
        layer.setBorder(new MarginBorder(20));
        return layer;
    }

    @Override
    protected void createEditPolicies() {
        installEditPolicy(EditPolicy.COMPONENT_ROLE, new RootComponentEditPolicy());
        installEditPolicy(EditPolicy.LAYOUT_ROLE, new XYLayoutEditPolicy() {
            @Override
            protected Command getCreateCommand(CreateRequest request) {
                Object created = request.getNewObject();
                Rectangle r = (Rectangle) getConstraintFor(request);
                if (created instanceof UnitGroup group) {
                    return new CreateGroupCommand(document, group, new Model.Bounds(r.x, r.y, -1, -1));
                }
                if (created instanceof Cell cell) {
                    return CellCommands.create(document, cell, new Model.Bounds(r.x, r.y, -1, -1));
                }
                return null;
            }

            @Override
            protected Command createChangeConstraintCommand(EditPart child, Object constraint) {
                Rectangle r = (Rectangle) constraint;
                Model.Bounds bounds = new Model.Bounds(r.x, r.y, r.width, r.height);
                if (child.getModel() instanceof Cell cell) {
                    return CellCommands.move(document, cell, bounds);
                }
                return new SetBoundsCommand(document, (UnitGroup) child.getModel(), bounds);
            }

            @Override
            protected Command getDeleteDependantCommand(org.eclipse.gef.Request request) {
                return null;
            }
        });
    }

    @Override
    protected void refreshVisuals() {
        ConnectionLayer connections = (ConnectionLayer) getLayer(LayerConstants.CONNECTION_LAYER);
        if (!(connections.getConnectionRouter() instanceof DiagramRouter)) {
            connections.setConnectionRouter(new DiagramRouter());
        }
    }

    @Override
    protected List<Object> getModelChildren() {
        List<Object> children = new ArrayList<>(document.model().groups());
        children.addAll(document.model().cells());
        return children;
    }

    @Override
    public void activate() {
        super.activate();
        document.addListener(this);
    }

    @Override
    public void deactivate() {
        document.removeListener(this);
        super.deactivate();
    }

    @Override
    public void modelChanged(ModelDocument changed, ModelDocument.Change change) {
        if (change == ModelDocument.Change.LAYOUT) {
            for (Object child : getChildren()) {
                ((NodePart) child).layoutChanged();
            }
            return;
        }
        refreshChildren();
        for (Object child : getChildren()) {
            NodePart node = (NodePart) child;
            node.refresh();
            // a node's refresh adds and removes its connection parts but does not redraw the ones it keeps
            for (Object connection : node.getSourceConnections()) {
                ((EditPart) connection).refresh();
            }
        }
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Object getAdapter(Class key) {
        if (key == IPropertySource.class) {
            return PropertySources.forModel(document);
        }
        return super.getAdapter(key);
    }
}
