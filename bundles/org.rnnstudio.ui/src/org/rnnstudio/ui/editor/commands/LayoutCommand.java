package org.rnnstudio.ui.editor.commands;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.gef.commands.Command;
import org.rnnstudio.model.Model;
import org.rnnstudio.ui.editor.ModelDocument;

/** Puts groups at new places and drops the bend points that no longer fit; undo restores both. */
public class LayoutCommand extends Command {

    private final ModelDocument document;
    private final Map<String, Model.Bounds> newBounds;
    private Map<String, Model.Bounds> oldBounds;
    private Map<String, List<Model.Point>> oldBends;

    public LayoutCommand(ModelDocument document, Map<String, Model.Bounds> newBounds) {
        super("Auto Layout");
        this.document = document;
        this.newBounds = newBounds;
    }

    @Override
    public void execute() {
        oldBounds = new LinkedHashMap<>(document.model().bounds());
        oldBends = new LinkedHashMap<>(document.model().bendPoints());
        redo();
    }

    @Override
    public void redo() {
        document.model().bounds().putAll(newBounds);
        document.model().bendPoints().clear();
        document.changed(ModelDocument.Change.LAYOUT);
    }

    @Override
    public void undo() {
        document.model().bounds().clear();
        document.model().bounds().putAll(oldBounds);
        document.model().bendPoints().putAll(oldBends);
        document.changed(ModelDocument.Change.LAYOUT);
    }
}
