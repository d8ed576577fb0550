package org.rnnstudio.ui.editor.parts;

import org.eclipse.gef.EditPart;
import org.eclipse.gef.EditPartFactory;
import org.rnnstudio.model.Connection;
import org.rnnstudio.model.Model;
import org.rnnstudio.model.UnitGroup;
import org.rnnstudio.ui.editor.ModelDocument;
import org.rnnstudio.ui.editor.hidden.HiddenStateParts;

/** Which edit part shows which model element. */
public class PartFactory implements EditPartFactory {

    private final ModelDocument document;

    public PartFactory(ModelDocument document) {
        this.document = document;
    }

    @Override
    public EditPart createEditPart(EditPart context, Object model) {
        if (model instanceof Model) {
            return new DiagramPart(document);
        }
        if (model instanceof UnitGroup g) {
            return new GroupPart(document, g);
        }
        if (model instanceof org.rnnstudio.model.Cell cell) {
            return new CellPart(document, cell);
        }
        if (model instanceof Connection c) {
            return new ConnectionPart(document, c);
        }
        EditPart hidden = HiddenStateParts.create(document, model);
        if (hidden != null) {
            return hidden;
        }
        throw new IllegalArgumentException("no edit part for " + model);
    }
}
