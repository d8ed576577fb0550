package org.rnnstudio.ui.editor.parts;

import org.eclipse.draw2d.ConnectionAnchor;
import org.eclipse.gef.ConnectionEditPart;
import org.eclipse.gef.NodeEditPart;
import org.eclipse.gef.Request;
import org.eclipse.gef.editparts.AbstractGraphicalEditPart;

/**
 * A node that arrows start and end on: one anchor on its figure's outline for every connection, drawn or
 * being drawn. The unit groups and cells of a network and the states of a hidden Markov model are such nodes.
 */
public abstract class AnchoredPart extends AbstractGraphicalEditPart implements NodeEditPart {

    private ConnectionAnchor anchor;

    /** The anchor that follows this node's outline (a box's, an ellipse's). */
    protected abstract ConnectionAnchor createAnchor();

    private ConnectionAnchor anchor() {
        if (anchor == null) {
            anchor = createAnchor();
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
}
