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
    private UnitGroup target;

    public CreateConnectionCommand(ModelDocument document, Connection connection, UnitGroup source) {
        super("Connect");
        this.document = document;
        this.connection = connection;
        connection.setFrom(source.id());
    }

    public void setTarget(UnitGroup target) {
        this.target = target;
    }

    @Override
    public boolean canExecute() {
        return target != null && !target.isInput();
    }

    @Override
    public void execute() {
        connection.setTo(target.id());
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
