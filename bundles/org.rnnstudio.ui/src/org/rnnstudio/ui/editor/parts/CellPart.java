package org.rnnstudio.ui.editor.parts;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.draw2d.IFigure;
import org.eclipse.draw2d.geometry.Dimension;
import org.eclipse.draw2d.geometry.Rectangle;
import org.eclipse.gef.Request;
import org.eclipse.gef.RequestConstants;
import org.eclipse.gef.commands.Command;
import org.eclipse.ui.views.properties.IPropertySource;
import org.rnnstudio.model.Cell;
import org.rnnstudio.model.Diagnostic;
import org.rnnstudio.model.Model;
import org.rnnstudio.ui.editor.ModelDocument;
import org.rnnstudio.ui.editor.commands.CellCommands;
import org.rnnstudio.ui.editor.properties.PropertySources;
import org.rnnstudio.ui.figures.CellFigure;

/**
 * A composite cell: a block that a double click opens, in place, to show its gates and its loops. Opening
 * makes room: the groups and cells to its right and below move away as far as it grows, in one undoable
 * step, so that it covers none of them.
 */
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
        if (!RequestConstants.REQ_OPEN.equals(request.getType())) {
            return;
        }
        if (cellFigure().isOpen()) {
            setOpen(false);
            return;
        }
        Map<String, Model.Bounds> moved = room();
        if (moved.isEmpty()) {
            setOpen(true);
        } else {
            getViewer().getEditDomain().getCommandStack().execute(CellCommands.open(document, cell(), this::setOpen, moved));
        }
    }

    /** Between the open cell and what was moved out of its way. */
    static final int GAP = 30;

    /**
     * Where the neighbours go so that the open cell covers none of them: everything to the right of the closed
     * block moves right, and everything below it moves down, by as much as the nearest one in the way needs.
     */
    private Map<String, Model.Bounds> room() {
        Rectangle closed = getFigure().getBounds().getCopy();
        Dimension size = cellFigure().openSize();
        Rectangle opened = new Rectangle(closed.x, closed.y, Math.max(size.width, closed.width), Math.max(size.height, closed.height));
        Rectangle needed = opened.getExpanded(GAP, GAP);
        int dx = 0;
        int dy = 0;
        for (NodePart node : neighbours()) {
            Rectangle r = node.getFigure().getBounds();
            if (!r.intersects(needed)) {
                continue;
            }
            if (r.x >= closed.right()) {
                dx = Math.max(dx, opened.right() + GAP - r.x);
            } else if (r.y >= closed.bottom()) {
                dy = Math.max(dy, opened.bottom() + GAP - r.y);
            }
        }
        Map<String, Model.Bounds> moved = new HashMap<>();
        for (NodePart node : neighbours()) {
            Rectangle r = node.getFigure().getBounds();
            int x = r.x >= closed.right() ? r.x + dx : r.x;
            int y = r.y >= closed.bottom() ? r.y + dy : r.y;
            if (x != r.x || y != r.y) {
                Model.Bounds b = document.model().bounds().get(node.id());
                moved.put(node.id(), new Model.Bounds(x, y, b == null ? -1 : b.width(), b == null ? -1 : b.height()));
            }
        }
        return moved;
    }

    private List<NodePart> neighbours() {
        List<NodePart> nodes = new ArrayList<>();
        for (Object child : getParent().getChildren()) {
            if (child != this && child instanceof NodePart node) {
                nodes.add(node);
            }
        }
        return nodes;
    }

    @Override
    protected void refreshVisuals() {
        Cell c = cell();
        List<Diagnostic> problems = document.diagnosticsFor(c.id());
        cellFigure().setCell(c, problemColour(problems), problemText(problems));
        Model.Bounds b = document.model().bounds().get(c.id());
        if (b != null && cellFigure().isOpen()) {
            // an open cell takes the room its parts need, whatever size the closed block had
            Rectangle place = drawable(b);
            ((org.eclipse.gef.GraphicalEditPart) getParent()).setLayoutConstraint(this, getFigure(), new Rectangle(place.x, place.y, -1, -1));
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
