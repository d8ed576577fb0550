package org.rnnstudio.ui.editor.actions;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.gef.ui.actions.Clipboard;
import org.eclipse.gef.ui.actions.SelectionAction;
import org.eclipse.ui.IWorkbenchPart;
import org.eclipse.ui.actions.ActionFactory;
import org.rnnstudio.model.UnitGroup;
import org.rnnstudio.ui.editor.ModelDocument;
import org.rnnstudio.ui.editor.commands.PasteCommand;
import org.rnnstudio.ui.editor.parts.GroupPart;

/** Copies the selected groups, and the connections among them, to GEF's clipboard in the file format. */
public class CopyAction extends SelectionAction {

    private final ModelDocument document;

    public CopyAction(IWorkbenchPart part, ModelDocument document) {
        super(part);
        this.document = document;
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
        Clipboard.getDefault().setContents(PasteCommand.copy(document.model(), selectedGroups()));
    }
}
