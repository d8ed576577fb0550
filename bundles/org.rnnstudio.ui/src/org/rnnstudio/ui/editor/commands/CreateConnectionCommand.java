package org.rnnstudio.ui.editor.commands;

import org.eclipse.gef.commands.Command;
import org.rnnstudio.model.Connection;
import org.rnnstudio.model.UnitGroup;
import org.rnnstudio.ui.editor.ModelDocument;

/**
 * Connects two groups. Connections that can never be right are refused while drawing (into an input
 * group); the rest (an undelayed cycle, a size mismatch) are drawn and marked, so that a person can fix them
 * by changing a delay, a kind or a size, and the Problems view and the figure say why.
 */
public class CreateConnectionCommand extends Command {

    private final ModelDocument document;
    private final Connection connection;
    private String target;

    /** source is the id of a group or cell. */
    public CreateConnectionCommand(ModelDocument document, Connection connection, String source) {
        super("Connect");
        this.document = document;
        this.connection = connection;
        connection.setFrom(source);
    }

    /** target is the id of a group or cell. */
    public void setTarget(String target) {
        this.target = target;
    }

    @Override
    public boolean canExecute() {
        if (target == null) {
            return false;
        }
        UnitGroup group = document.model().group(target);
        return group == null || !group.isInput();
    }

    @Override
    public void execute() {
        connection.setTo(target);
        connection.setId(document.freshId(connection.from() + "-" + connection.to()));
        redo();
    }

    @Override
    public void redo() {
        document.model().connections().add(connection);
        document.changed();
    }

    @Override
    public void undo() {
        document.model().connections().remove(connection);
        document.changed();
    }
}
