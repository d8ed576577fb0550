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
import org.rnnstudio.model.Model;
import org.rnnstudio.model.UnitGroup;
import org.rnnstudio.ui.editor.ModelDocument;
import org.rnnstudio.ui.editor.commands.CreateGroupCommand;
import org.rnnstudio.ui.editor.commands.SetBoundsCommand;
import org.rnnstudio.ui.editor.properties.PropertySources;
import org.rnnstudio.ui.figures.DiagramRouter;

/** The canvas: groups where the model file's layout puts them; refreshes everything on every change. */
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
                if (!(created instanceof UnitGroup group)) {
                    return null;
                }
                Rectangle r = (Rectangle) getConstraintFor(request);
                return new CreateGroupCommand(document, group, new Model.Bounds(r.x, r.y, -1, -1));
            }

            @Override
            protected Command createChangeConstraintCommand(EditPart child, Object constraint) {
                Rectangle r = (Rectangle) constraint;
                return new SetBoundsCommand(document, (UnitGroup) child.getModel(), new Model.Bounds(r.x, r.y, r.width, r.height));
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
    protected List<UnitGroup> getModelChildren() {
        return new ArrayList<>(document.model().groups());
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
    public void modelChanged(ModelDocument changed) {
        refreshChildren();
        for (Object child : getChildren()) {
            GroupPart group = (GroupPart) child;
            group.refresh();
            // a group's refresh adds and removes its connection parts but does not redraw the ones it keeps
            for (Object connection : group.getSourceConnections()) {
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
