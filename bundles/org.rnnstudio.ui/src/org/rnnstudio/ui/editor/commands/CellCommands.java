package org.rnnstudio.ui.editor.commands;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.gef.commands.Command;
import org.rnnstudio.model.Cell;
import org.rnnstudio.model.Connection;
import org.rnnstudio.model.Model;
import org.rnnstudio.ui.editor.ModelDocument;

/** Adding, moving and deleting cells, as commands. */
public final class CellCommands {

    private CellCommands() {
    }

    public static Command create(ModelDocument document, Cell cell, Model.Bounds bounds) {
        return new Command("Create " + cell.kind().name() + " cell") {
            @Override
            public void execute() {
                boolean namedAfterId = cell.name().equals(cell.id());
                cell.setId(document.freshId(cell.id()));
                if (namedAfterId) {
                    cell.setName(cell.id());
                }
                redo();
            }

            @Override
            public void redo() {
                document.model().cells().add(cell);
                document.model().bounds().put(cell.id(), bounds);
                document.changed();
            }

            @Override
            public void undo() {
                document.model().cells().remove(cell);
                document.model().bounds().remove(cell.id());
                document.changed();
            }
        };
    }

    public static Command move(ModelDocument document, Cell cell, Model.Bounds bounds) {
        Model.Bounds old = document.model().bounds().get(cell.id());
        return new Command("Move " + cell.name()) {
            @Override
            public void execute() {
                document.model().bounds().put(cell.id(), bounds);
                document.changed(ModelDocument.Change.LAYOUT);
            }

            @Override
            public void undo() {
                if (old == null) {
                    document.model().bounds().remove(cell.id());
                } else {
                    document.model().bounds().put(cell.id(), old);
                }
                document.changed(ModelDocument.Change.LAYOUT);
            }
        };
    }

    /**
     * Opens a cell and moves its neighbours out of the room it then takes, as one step: undo moves them back
     * and closes the cell. Which cell is open is the editor's view, not the file's, so open says how to show it.
     */
    public static Command open(ModelDocument document, Cell cell, java.util.function.Consumer<Boolean> open, Map<String, Model.Bounds> moved) {
        return new Command("Open " + cell.name()) {
            private final Map<String, Model.Bounds> old = new HashMap<>();

            @Override
            public void execute() {
                for (String id : moved.keySet()) {
                    old.put(id, document.model().bounds().get(id));
                }
                redo();
            }

            @Override
            public void redo() {
                document.model().bounds().putAll(moved);
                open.accept(true);
                document.changed(ModelDocument.Change.LAYOUT);
            }

            @Override
            public void undo() {
                for (Map.Entry<String, Model.Bounds> e : old.entrySet()) {
                    if (e.getValue() == null) {
                        document.model().bounds().remove(e.getKey());
                    } else {
                        document.model().bounds().put(e.getKey(), e.getValue());
                    }
                }
                open.accept(false);
                document.changed(ModelDocument.Change.LAYOUT);
            }
        };
    }

    /** Deletes a cell and every connection that touches it; undo puts them back in place. */
    public static Command delete(ModelDocument document, Cell cell) {
        return new Command("Delete " + cell.name()) {
            private int index;
            private Model.Bounds bounds;
            private final List<Connection> connections = new ArrayList<>();
            private final List<Integer> positions = new ArrayList<>();

            @Override
            public void execute() {
                Model m = document.model();
                index = m.cells().indexOf(cell);
                bounds = m.bounds().get(cell.id());
                for (Connection c : m.connections()) {
                    if (cell.id().equals(c.from()) || cell.id().equals(c.to())) {
                        connections.add(c);
                        positions.add(m.connections().indexOf(c));
                    }
                }
                redo();
            }

            @Override
            public void redo() {
                Model m = document.model();
                m.connections().removeAll(connections);
                m.cells().remove(cell);
                m.bounds().remove(cell.id());
                document.changed();
            }

            @Override
            public void undo() {
                Model m = document.model();
                m.cells().add(index, cell);
                if (bounds != null) {
                    m.bounds().put(cell.id(), bounds);
                }
                for (int i = 0; i < connections.size(); i++) {
                    m.connections().add(Math.min(positions.get(i), m.connections().size()), connections.get(i));
                }
                document.changed();
            }
        };
    }
}
