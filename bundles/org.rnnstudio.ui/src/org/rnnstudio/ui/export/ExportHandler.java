package org.rnnstudio.ui.export;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.commands.ExecutionException;
import org.eclipse.jface.wizard.WizardDialog;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.handlers.HandlerUtil;
import org.rnnstudio.ui.editor.RnnEditor;

/** The RNN Studio toolbar's Export: the export wizard for the active editor's model, any format. */
public class ExportHandler extends AbstractHandler {

    @Override
    public Object execute(ExecutionEvent event) throws ExecutionException {
        IEditorPart part = HandlerUtil.getActiveEditorChecked(event);
        if (!(part instanceof RnnEditor editor) || editor.file() == null) {
            throw new ExecutionException("the active editor shows no RNN Studio model");
        }
        WizardDialog dialog = new WizardDialog(HandlerUtil.getActiveShellChecked(event), ExportWizard.forModel(editor.file()));
        return dialog.open();
    }
}
