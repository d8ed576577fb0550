package org.rnnstudio.ui.editor.commands;

import org.eclipse.gef.commands.Command;
import org.rnnstudio.model.Model;
import org.rnnstudio.model.UnitGroup;
import org.rnnstudio.ui.editor.ModelDocument;

/** Moves or resizes a group on the diagram. */
public class SetBoundsCommand extends Command {

    private final ModelDocument document;
    private final UnitGroup group;
    private final Model.Bounds bounds;
    private Model.Bounds old;

    public SetBoundsCommand(ModelDocument document, UnitGroup group, Model.Bounds bounds) {
        super("Move " + group.name());
        this.document = document;
        this.group = group;
        this.bounds = bounds;
    }

    @Override
    public void execute() {
        old = document.model().bounds().get(group.id());
        redo();
    }

    @Override
    public void redo() {
        document.model().bounds().put(group.id(), bounds);
        document.changed(ModelDocument.Change.LAYOUT);
    }

    @Override
    public void undo() {
        if (old == null) {
            document.model().bounds().remove(group.id());
        } else {
            document.model().bounds().put(group.id(), old);
        }
        document.changed(ModelDocument.Change.LAYOUT);
    }
}
