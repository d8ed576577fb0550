package org.rnnstudio.ui.editor.parts;

import java.util.List;

import org.eclipse.draw2d.IFigure;
import org.eclipse.gef.EditPolicy;
import org.eclipse.gef.Request;
import org.eclipse.gef.RequestConstants;
import org.eclipse.gef.commands.Command;
import org.eclipse.gef.editpolicies.DirectEditPolicy;
import org.eclipse.gef.requests.DirectEditRequest;
import org.eclipse.ui.views.properties.IPropertySource;
import org.rnnstudio.model.Diagnostic;
import org.rnnstudio.model.UnitGroup;
import org.rnnstudio.ui.editor.ModelDocument;
import org.rnnstudio.ui.editor.commands.ChangeCommand;
import org.rnnstudio.ui.editor.commands.DeleteCommand;
import org.rnnstudio.ui.editor.properties.PropertySources;
import org.rnnstudio.ui.figures.UnitGroupFigure;

/** A unit group: its figure, its connections, and the edits a person makes to it. */
public class GroupPart extends NodePart {

    public GroupPart(ModelDocument document, UnitGroup group) {
        super(document, group);
    }

    public UnitGroup group() {
        return (UnitGroup) getModel();
    }

    @Override
    public String id() {
        return group().id();
    }

    @Override
    protected boolean acceptsConnections() {
        return !group().isInput();
    }

    @Override
    protected Command deleteCommand() {
        return new DeleteCommand(document, group());
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
        super.createEditPolicies();
        installEditPolicy(EditPolicy.DIRECT_EDIT_ROLE, new DirectEditPolicy() {
            @Override
            protected Command getDirectEditCommand(DirectEditRequest request) {
                String name = ((String) request.getCellEditor().getValue()).trim();
                UnitGroup g = group();
                return name.isEmpty() ? null : new ChangeCommand<String>("Rename " + g.name(), document, ModelDocument.Change.SETTINGS, g::setName, g.name(), name);
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
        place(document.model().groups().indexOf(g));
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
