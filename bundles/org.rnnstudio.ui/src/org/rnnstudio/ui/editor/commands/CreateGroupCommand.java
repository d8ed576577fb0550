package org.rnnstudio.ui.editor.commands;

import org.eclipse.gef.commands.Command;
import org.rnnstudio.model.Model;
import org.rnnstudio.model.UnitGroup;
import org.rnnstudio.ui.editor.ModelDocument;

/** Adds a unit group at a place on the diagram. */
public class CreateGroupCommand extends Command {

    private final ModelDocument document;
    private final UnitGroup group;
    private final Model.Bounds bounds;

    public CreateGroupCommand(ModelDocument document, UnitGroup group, Model.Bounds bounds) {
        super("Create " + group.name());
        this.document = document;
        this.group = group;
        this.bounds = bounds;
    }

    @Override
    public void execute() {
        boolean namedAfterId = group.name().equals(group.id());
        group.setId(document.freshId(group.id()));
        if (namedAfterId) {
            group.setName(group.id());
        }
        redo();
    }

    @Override
    public void redo() {
        document.model().groups().add(group);
        document.model().bounds().put(group.id(), bounds);
        document.changed();
    }

    @Override
    public void undo() {
        document.model().groups().remove(group);
        document.model().bounds().remove(group.id());
        document.changed();
    }
}
