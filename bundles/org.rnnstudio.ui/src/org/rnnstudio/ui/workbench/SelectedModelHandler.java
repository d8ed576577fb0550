package org.rnnstudio.ui.workbench;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.commands.ExecutionException;
import org.eclipse.core.commands.NotEnabledException;
import org.eclipse.core.commands.NotHandledException;
import org.eclipse.core.commands.common.NotDefinedException;
import org.eclipse.core.resources.IFile;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.handlers.HandlerUtil;
import org.eclipse.ui.handlers.IHandlerService;

/**
 * A model command on a .rnn file selected in Project Explorer: the file opens in the diagram editor, as it
 * would on a double click, and the same command then runs there. So Train on a file trains exactly what
 * the editor shows, unsaved changes and all, and every editor command works from the file's context menu.
 */
public class SelectedModelHandler extends AbstractHandler {

    @Override
    public Object execute(ExecutionEvent event) throws ExecutionException {
        IFile file = ActiveModel.selectedModel(HandlerUtil.getCurrentSelection(event));
        if (file == null) {
            throw new ExecutionException("no .rnn file is selected");
        }
        IWorkbenchWindow window = HandlerUtil.getActiveWorkbenchWindowChecked(event);
        ActiveModel.open(window.getActivePage(), file);
        try {
            return window.getService(IHandlerService.class).executeCommand(event.getCommand().getId(), null);
        } catch (NotDefinedException | NotEnabledException | NotHandledException e) {
            throw new ExecutionException(event.getCommand().getId() + " cannot run on " + file.getName() + ": " + e.getMessage(), e);
        }
    }
}
