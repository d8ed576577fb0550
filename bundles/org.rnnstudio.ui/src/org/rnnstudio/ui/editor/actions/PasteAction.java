package org.rnnstudio.ui.editor.actions;

import org.eclipse.gef.ui.actions.Clipboard;
import org.eclipse.gef.ui.actions.SelectionAction;
import org.eclipse.ui.actions.ActionFactory;
import org.rnnstudio.ui.editor.ModelDocument;
import org.rnnstudio.ui.editor.RnnEditor;
import org.rnnstudio.ui.editor.commands.PasteCommand;

/** Pastes what {@link CopyAction} copied, as one undoable command, into the model the editor shows when it runs. */
public class PasteAction extends SelectionAction {

    private final RnnEditor editor;

    public PasteAction(RnnEditor editor) {
        super(editor);
        this.editor = editor;
        setId(ActionFactory.PASTE.getId());
        setText("Paste");
    }

    private PasteCommand command() {
        Object contents = Clipboard.getDefault().getContents();
        ModelDocument document = editor.document();
        return contents instanceof String text && document != null ? new PasteCommand(document, text) : null;
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
