package org.rnnstudio.ui.editor.parts;

import java.util.List;

import org.eclipse.draw2d.IFigure;
import org.eclipse.gef.Request;
import org.eclipse.gef.RequestConstants;
import org.eclipse.gef.commands.Command;
import org.eclipse.ui.views.properties.IPropertySource;
import org.rnnstudio.model.Cell;
import org.rnnstudio.model.Diagnostic;
import org.rnnstudio.ui.editor.ModelDocument;
import org.rnnstudio.ui.editor.commands.CellCommands;
import org.rnnstudio.ui.editor.properties.PropertySources;
import org.rnnstudio.ui.figures.CellFigure;

/** A composite cell: a block that a double click opens, in place, to show its gates and its loops. */
public class CellPart extends NodePart {

    public CellPart(ModelDocument document, Cell cell) {
        super(document, cell);
    }

    public Cell cell() {
        return (Cell) getModel();
    }

    @Override
    public String id() {
        return cell().id();
    }

    @Override
    protected boolean acceptsConnections() {
        return true;
    }

    @Override
    protected Command deleteCommand() {
        return CellCommands.delete(document, cell());
    }

    @Override
    protected IFigure createFigure() {
        return new CellFigure(cell());
    }

    public CellFigure cellFigure() {
        return (CellFigure) getFigure();
    }

    /** Opens or closes the block; a view of the same model, so not an edit to undo. */
    public void setOpen(boolean open) {
        cellFigure().setOpen(open);
        refreshVisuals();
    }

    @Override
    public void performRequest(Request request) {
        if (RequestConstants.REQ_OPEN.equals(request.getType())) {
            setOpen(!cellFigure().isOpen());
        }
    }

    @Override
    protected void refreshVisuals() {
        Cell c = cell();
        List<Diagnostic> problems = document.diagnosticsFor(c.id());
        cellFigure().setCell(c, problemColour(problems), problemText(problems));
        org.rnnstudio.model.Model.Bounds b = document.model().bounds().get(c.id());
        if (b != null && cellFigure().isOpen()) {
            // an open cell takes the room its parts need, whatever size the closed block had
            ((org.eclipse.gef.GraphicalEditPart) getParent()).setLayoutConstraint(this, getFigure(),
                    new org.eclipse.draw2d.geometry.Rectangle(b.x(), b.y(), -1, -1));
        } else {
            place(document.model().groups().size() + document.model().cells().indexOf(c));
        }
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Object getAdapter(Class key) {
        if (key == IPropertySource.class) {
            return PropertySources.forCell(document, cell());
        }
        return super.getAdapter(key);
    }
}
