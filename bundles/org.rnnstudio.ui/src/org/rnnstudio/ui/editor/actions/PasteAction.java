package org.rnnstudio.ui.editor.actions;

import org.eclipse.gef.ui.actions.Clipboard;
import org.eclipse.gef.ui.actions.SelectionAction;
import org.eclipse.ui.IWorkbenchPart;
import org.eclipse.ui.actions.ActionFactory;
import org.rnnstudio.ui.editor.ModelDocument;
import org.rnnstudio.ui.editor.commands.PasteCommand;

/** Pastes what {@link CopyAction} copied, as one undoable command. */
public class PasteAction extends SelectionAction {

    private final ModelDocument document;

    public PasteAction(IWorkbenchPart part, ModelDocument document) {
        super(part);
        this.document = document;
        setId(ActionFactory.PASTE.getId());
        setText("Paste");
    }

    private PasteCommand command() {
        Object contents = Clipboard.getDefault().getContents();
        return contents instanceof String text ? new PasteCommand(document, text) : null;
    }

    @Override
    protected boolean calculateEnabled() {
        PasteCommand command = command();
        return command != null && command.canExecute();
    }

    @Override
    public void run() {
        execute(command());
    }
}
