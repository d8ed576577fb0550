package org.rnnstudio.ui.editor.actions;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.gef.ui.actions.Clipboard;
import org.eclipse.gef.ui.actions.SelectionAction;
import org.eclipse.ui.actions.ActionFactory;
import org.rnnstudio.model.UnitGroup;
import org.rnnstudio.ui.editor.RnnEditor;
import org.rnnstudio.ui.editor.commands.PasteCommand;
import org.rnnstudio.ui.editor.parts.GroupPart;

/**
 * Copies the selected groups, and the connections among them, to GEF's clipboard in the file format. It reads
 * the editor's model when it runs: a reload from disk gives the editor another one.
 */
public class CopyAction extends SelectionAction {

    private final RnnEditor editor;

    public CopyAction(RnnEditor editor) {
        super(editor);
        this.editor = editor;
        setId(ActionFactory.COPY.getId());
        setText("Copy");
    }

    private List<UnitGroup> selectedGroups() {
        List<UnitGroup> groups = new ArrayList<>();
        for (Object o : getSelectedObjects()) {
            if (o instanceof GroupPart part) {
                groups.add(part.group());
            }
        }
        return groups;
    }

    @Override
    protected boolean calculateEnabled() {
        return !selectedGroups().isEmpty();
    }

    @Override
    public void run() {
        Clipboard.getDefault().setContents(PasteCommand.copy(editor.document().model(), selectedGroups()));
    }
}
