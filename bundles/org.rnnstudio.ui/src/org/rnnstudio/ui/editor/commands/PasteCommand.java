package org.rnnstudio.ui.editor.commands;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.gef.commands.Command;
import org.rnnstudio.model.Connection;
import org.rnnstudio.model.Model;
import org.rnnstudio.model.ModelFile;
import org.rnnstudio.model.UnitGroup;
import org.rnnstudio.ui.editor.ModelDocument;

/**
 * Pastes copied groups (a model fragment in the file format) with fresh ids, shifted so the copies do not
 * hide the originals; connections among the copied groups come along.
 */
public class PasteCommand extends Command {

    /** How far the pasted copy sits from the original. */
    public static final int OFFSET = 30;

    private final ModelDocument document;
    private final String fragment;
    private final List<UnitGroup> groups = new ArrayList<>();
    private final List<Connection> connections = new ArrayList<>();
    private final Map<String, Model.Bounds> bounds = new HashMap<>();

    public PasteCommand(ModelDocument document, String fragment) {
        super("Paste");
        this.document = document;
        this.fragment = fragment;
    }

    /** The copied groups and the connections among them, in the file format. */
    public static String copy(Model from, List<UnitGroup> selected) {
        Model fragment = new Model();
        for (UnitGroup g : selected) {
            fragment.groups().add(g);
            Model.Bounds b = from.bounds().get(g.id());
            if (b != null) {
                fragment.bounds().put(g.id(), b);
            }
        }
        for (Connection c : from.connections()) {
            if (selected.stream().anyMatch(g -> g.id().equals(c.from())) && selected.stream().anyMatch(g -> g.id().equals(c.to()))) {
                fragment.connections().add(c);
            }
        }
        return ModelFile.write(fragment);
    }

    @Override
    public boolean canExecute() {
        ModelFile.ReadResult read = ModelFile.read(fragment);
        return read.model() != null && !read.model().groups().isEmpty();
    }

    @Override
    public void execute() {
        Model copy = ModelFile.read(fragment).model();
        Map<String, String> newIds = new HashMap<>();
        List<String> taken = new ArrayList<>();
        for (UnitGroup g : copy.groups()) {
            String id = freshId(g.id(), taken);
            taken.add(id);
            newIds.put(g.id(), id);
            Model.Bounds b = copy.bounds().get(g.id());
            g.setId(id);
            groups.add(g);
            bounds.put(id, b == null ? new Model.Bounds(40 + OFFSET, 40 + OFFSET, -1, -1)
                    : new Model.Bounds(b.x() + OFFSET, b.y() + OFFSET, b.width(), b.height()));
        }
        for (Connection c : copy.connections()) {
            c.setFrom(newIds.get(c.from()));
            c.setTo(newIds.get(c.to()));
            String id = freshId(c.from() + "-" + c.to(), taken);
            taken.add(id);
            c.setId(id);
            connections.add(c);
        }
        redo();
    }

    private String freshId(String base, List<String> taken) {
        String id = document.freshId(base);
        for (int i = 2; taken.contains(id); i++) {
            id = document.freshId(base + i);
        }
        return id;
    }

    public List<UnitGroup> pasted() {
        return groups;
    }

    @Override
    public void redo() {
        document.model().groups().addAll(groups);
        document.model().bounds().putAll(bounds);
        document.model().connections().addAll(connections);
        document.changed();
    }

    @Override
    public void undo() {
        document.model().connections().removeAll(connections);
        document.model().groups().removeAll(groups);
        for (String id : bounds.keySet()) {
            document.model().bounds().remove(id);
        }
        document.changed();
    }
}
