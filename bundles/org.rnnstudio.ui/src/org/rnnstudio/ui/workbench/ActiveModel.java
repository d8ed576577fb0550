package org.rnnstudio.ui.workbench;

import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.commands.ExecutionException;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.runtime.Adapters;
import org.eclipse.jface.viewers.ISelection;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.handlers.HandlerUtil;
import org.eclipse.ui.ide.IDE;
import org.rnnstudio.ui.editor.RnnEditor;

/** The model a command acts on: the active RNN Studio editor's, or a selected .rnn file opened in one. */
public final class ActiveModel {

    private ActiveModel() {
    }

    /** The active editor when it is an RNN Studio editor with a readable model. */
    public static RnnEditor editor(ExecutionEvent event) throws ExecutionException {
        IEditorPart part = HandlerUtil.getActiveEditorChecked(event);
        if (!(part instanceof RnnEditor editor) || editor.document() == null) {
            throw new ExecutionException("the active editor shows no RNN Studio model");
        }
        return editor;
    }

    /** The .rnn file of a selection of one element, or null. */
    public static IFile selectedModel(ISelection selection) {
        if (!(selection instanceof IStructuredSelection s) || s.size() != 1) {
            return null;
        }
        IFile file = Adapters.adapt(s.getFirstElement(), IFile.class);
        return file != null && "rnn".equals(file.getFileExtension()) ? file : null;
    }

    /** Opens (or brings up) the file in the RNN Studio editor and makes it the active part. */
    public static RnnEditor open(IWorkbenchPage page, IFile file) throws ExecutionException {
        try {
            IEditorPart part = IDE.openEditor(page, file, RnnEditor.ID, true);
            if (!(part instanceof RnnEditor editor) || editor.document() == null) {
                throw new ExecutionException(file.getFullPath() + " is not a readable RNN Studio model");
            }
            return editor;
        } catch (PartInitException e) {
            throw new ExecutionException("cannot open " + file.getFullPath(), e);
        }
    }
}
