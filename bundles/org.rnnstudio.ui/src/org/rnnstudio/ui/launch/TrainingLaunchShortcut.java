package org.rnnstudio.ui.launch;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.ui.DebugUITools;
import org.eclipse.debug.ui.ILaunchShortcut2;
import org.eclipse.jface.dialogs.ErrorDialog;
import org.eclipse.jface.viewers.ISelection;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.PlatformUI;
import org.rnnstudio.ui.editor.RnnEditor;
import org.rnnstudio.ui.workbench.ActiveModel;

/**
 * Run As > RNN Training on a .rnn file or in its editor: reuses the model's configuration (the newest one
 * that trains that file), or makes one without overrides. Ctrl+F11 comes here too, through Eclipse's
 * "launch the selected resource or active editor".
 */
public class TrainingLaunchShortcut implements ILaunchShortcut2 {

    @Override
    public void launch(ISelection selection, String mode) {
        launch(ActiveModel.selectedModel(selection), mode);
    }

    @Override
    public void launch(IEditorPart editor, String mode) {
        launch(editor instanceof RnnEditor e ? e.file() : null, mode);
    }

    private void launch(IFile model, String mode) {
        if (model == null) {
            return;
        }
        if (PlatformUI.getWorkbench().getActiveWorkbenchWindow() != null) {
            IEditorPart dirty = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage().findEditor(new org.eclipse.ui.part.FileEditorInput(model));
            if (dirty != null && dirty.isDirty()) {
                dirty.doSave(null);
            }
        }
        try {
            ILaunchConfiguration config = configurationOf(model);
            DebugUITools.launch(config != null ? config : TrainingLaunch.newFor(model).doSave(), mode);
        } catch (CoreException e) {
            ErrorDialog.openError(null, "RNN Training", "Cannot launch " + model.getName(), e.getStatus());
        }
    }

    /** The configuration that trains this model, or null. */
    public static ILaunchConfiguration configurationOf(IFile model) throws CoreException {
        for (ILaunchConfiguration c : DebugPlugin.getDefault().getLaunchManager().getLaunchConfigurations(TrainingLaunch.type())) {
            if (model.getFullPath().toString().equals(c.getAttribute(TrainingLaunch.MODEL, ""))) {
                return c;
            }
        }
        return null;
    }

    @Override
    public ILaunchConfiguration[] getLaunchConfigurations(ISelection selection) {
        return configurations(ActiveModel.selectedModel(selection));
    }

    @Override
    public ILaunchConfiguration[] getLaunchConfigurations(IEditorPart editor) {
        return configurations(editor instanceof RnnEditor e ? e.file() : null);
    }

    private static ILaunchConfiguration[] configurations(IFile model) {
        try {
            ILaunchConfiguration c = model == null ? null : configurationOf(model);
            return c == null ? null : new ILaunchConfiguration[] {c};
        } catch (CoreException e) {
            return null;
        }
    }

    @Override
    public IResource getLaunchableResource(ISelection selection) {
        return ActiveModel.selectedModel(selection);
    }

    @Override
    public IResource getLaunchableResource(IEditorPart editor) {
        return editor instanceof RnnEditor e ? e.file() : null;
    }
}
