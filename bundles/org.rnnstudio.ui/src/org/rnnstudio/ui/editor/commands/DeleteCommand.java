package org.rnnstudio.ui.editor.commands;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.gef.commands.Command;
import org.rnnstudio.model.Connection;
import org.rnnstudio.model.Model;
import org.rnnstudio.model.UnitGroup;
import org.rnnstudio.ui.editor.ModelDocument;

/** Deletes a group with every connection that touches it, or one connection; undo puts all back in place. */
public class DeleteCommand extends Command {

    private final ModelDocument document;
    private final UnitGroup group;
    private final List<Connection> connections = new ArrayList<>();
    private final List<Integer> connectionIndexes = new ArrayList<>();
    private int groupIndex;
    private Model.Bounds bounds;

    public DeleteCommand(ModelDocument document, UnitGroup group) {
        super("Delete " + group.name());
        this.document = document;
        this.group = group;
    }

    public DeleteCommand(ModelDocument document, Connection connection) {
        super("Delete connection " + connection.id());
        this.document = document;
        this.group = null;
        connections.add(connection);
    }

    @Override
    public void execute() {
        Model model = document.model();
        if (group != null) {
            connections.addAll(document.connectionsFrom(group.id()));
            for (Connection c : document.connectionsTo(group.id())) {
                if (!connections.contains(c)) {
                    connections.add(c);
                }
            }
            groupIndex = model.groups().indexOf(group);
            bounds = model.bounds().get(group.id());
        }
        connectionIndexes.clear();
        for (Connection c : connections) {
            connectionIndexes.add(model.connections().indexOf(c));
        }
        redo();
    }

    @Override
    public void redo() {
        Model model = document.model();
        model.connections().removeAll(connections);
        if (group != null) {
            model.groups().remove(group);
            model.bounds().remove(group.id());
        }
        document.changed();
    }

    @Override
    public void undo() {
        Model model = document.model();
        if (group != null) {
            model.groups().add(groupIndex, group);
            if (bounds != null) {
                model.bounds().put(group.id(), bounds);
            }
        }
        // put connections back at their old places, lowest index first so later indexes stay right
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < connections.size(); i++) {
            order.add(i);
        }
        order.sort((a, b) -> Integer.compare(connectionIndexes.get(a), connectionIndexes.get(b)));
        for (int i : order) {
            model.connections().add(Math.min(connectionIndexes.get(i), model.connections().size()), connections.get(i));
        }
        document.changed();
    }
}
