package org.rnnstudio.ui.training;

import java.util.List;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.commands.ExecutionException;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.handlers.HandlerUtil;
import org.rnnstudio.engine.TrainingSession;
import org.rnnstudio.model.Diagnostic;
import org.rnnstudio.ui.editor.RnnEditor;
import org.rnnstudio.ui.unrolled.UnrolledView;

/** The handlers of the editor toolbar's commands; each is enabled only for an active RNN Studio editor. */
public final class TrainingHandlers {

    private TrainingHandlers() {
    }

    static RnnEditor editor(ExecutionEvent event) throws ExecutionException {
        IEditorPart part = HandlerUtil.getActiveEditorChecked(event);
        if (!(part instanceof RnnEditor editor) || editor.document() == null) {
            throw new ExecutionException("the active editor shows no RNN Studio model");
        }
        return editor;
    }

    /** Train: a background job on a snapshot of the model, from fresh weights; the Training view shows it. */
    public static class Train extends AbstractHandler {
        @Override
        public Object execute(ExecutionEvent event) throws ExecutionException {
            return start(event, false);
        }
    }

    /** Continue Training: the same, from the trained weights beside the model. */
    public static class ContinueTraining extends AbstractHandler {
        @Override
        public Object execute(ExecutionEvent event) throws ExecutionException {
            return start(event, true);
        }
    }

    private static TrainingJob start(ExecutionEvent event, boolean continuing) throws ExecutionException {
        RnnEditor editor = editor(event);
        String title = continuing ? "Continue Training" : "Train";
        if (org.rnnstudio.model.Validator.hasErrors(editor.document().diagnostics())) {
            MessageDialog.openInformation(HandlerUtil.getActiveShell(event), title, "The model has errors (see the Problems view); fix them before training.");
            return null;
        }
        if (continuing && !weightsBeside(editor).exists()) {
            MessageDialog.openInformation(HandlerUtil.getActiveShell(event), title,
                    "There are no trained weights beside " + editor.file().getName() + " (" + weightsBeside(editor).getName() + ") to continue from: Train first.");
            return null;
        }
        TrainingJob job = new TrainingJob(editor.file(), editor.document().model(), continuing);
        job.schedule();
        try {
            HandlerUtil.getActiveWorkbenchWindowChecked(event).getActivePage().showView(TrainingView.ID, null, IWorkbenchPage.VIEW_VISIBLE);
        } catch (PartInitException e) {
            throw new ExecutionException("the Training view could not be shown", e);
        }
        return job;
    }

    private static org.eclipse.core.resources.IFile weightsBeside(RnnEditor editor) {
        String name = TrainingSession.weightsBeside(editor.file().getLocation().toFile().toPath()).getFileName().toString();
        return editor.file().getParent().getFile(new org.eclipse.core.runtime.Path(name));
    }

    /** Training Settings: a dialog; OK is one undoable command on the editor's stack. */
    public static class Settings extends AbstractHandler {
        @Override
        public Object execute(ExecutionEvent event) throws ExecutionException {
            RnnEditor editor = editor(event);
            org.rnnstudio.model.Model model = editor.document().model();
            TrainingSettingsDialog dialog = new TrainingSettingsDialog(HandlerUtil.getActiveShell(event), model.training(), editor.file());
            if (dialog.open() == org.eclipse.jface.window.Window.OK) {
                apply(editor, dialog.result());
            }
            return null;
        }

        /** Puts new settings into the model through the editor's command stack. */
        public static void apply(RnnEditor editor, org.rnnstudio.model.TrainingSettings settings) {
            org.rnnstudio.model.Model model = editor.document().model();
            editor.getCommandStack().execute(new org.rnnstudio.ui.editor.commands.ChangeCommand<org.rnnstudio.model.TrainingSettings>(
                    "Training Settings", editor.document(), model::setTraining, model.training(), settings));
        }
    }

    /** Stop: cancels every training run; each stops within one step and keeps its weights. Enabled while one runs. */
    public static class Stop extends AbstractHandler {
        private final org.eclipse.core.runtime.jobs.IJobChangeListener training = new org.eclipse.core.runtime.jobs.JobChangeAdapter() {
            @Override
            public void scheduled(org.eclipse.core.runtime.jobs.IJobChangeEvent event) {
                changed(event);
            }

            @Override
            public void done(org.eclipse.core.runtime.jobs.IJobChangeEvent event) {
                changed(event);
            }
        };

        public Stop() {
            Job.getJobManager().addJobChangeListener(training);
        }

        private void changed(org.eclipse.core.runtime.jobs.IJobChangeEvent event) {
            if (event.getJob().belongsTo(TrainingJob.FAMILY)) {
                org.eclipse.swt.widgets.Display.getDefault().asyncExec(() -> {
                    fireHandlerChanged(new org.eclipse.core.commands.HandlerEvent(this, true, false));
                    // the toolbar's buttons take a handler's news only when asked to look again
                    org.eclipse.e4.core.services.events.IEventBroker broker = org.eclipse.ui.PlatformUI.getWorkbench()
                            .getService(org.eclipse.e4.core.services.events.IEventBroker.class);
                    if (broker != null) {
                        broker.send(org.eclipse.e4.ui.workbench.UIEvents.REQUEST_ENABLEMENT_UPDATE_TOPIC,
                                org.eclipse.e4.ui.workbench.UIEvents.ALL_ELEMENT_ID);
                    }
                });
            }
        }

        @Override
        public boolean isEnabled() {
            return Job.getJobManager().find(TrainingJob.FAMILY).length > 0;
        }

        @Override
        public void dispose() {
            Job.getJobManager().removeJobChangeListener(training);
            super.dispose();
        }

        @Override
        public Object execute(ExecutionEvent event) {
            Job.getJobManager().cancel(TrainingJob.FAMILY);
            return null;
        }
    }

    /**
     * Reset Weights: deletes the trained weights beside the model, so that Continue Training has nothing to go
     * on from and Export writes the initial weights, until the next Train.
     */
    public static class ResetWeights extends AbstractHandler {
        @Override
        public Object execute(ExecutionEvent event) throws ExecutionException {
            org.eclipse.core.resources.IFile weights = weightsBeside(editor(event));
            try {
                if (weights.exists()) {
                    weights.delete(true, null);
                }
            } catch (org.eclipse.core.runtime.CoreException e) {
                throw new ExecutionException("could not delete " + weights.getFullPath(), e);
            }
            return null;
        }
    }

    /** Validate: says in a dialog whether the engine can run the model, and what is wrong if not. */
    public static class Validate extends AbstractHandler {
        @Override
        public Object execute(ExecutionEvent event) throws ExecutionException {
            RnnEditor editor = editor(event);
            List<Diagnostic> found = editor.document().diagnostics();
            StringBuilder text = new StringBuilder();
            for (Diagnostic d : found) {
                text.append(d).append('\n');
            }
            MessageDialog.openInformation(HandlerUtil.getActiveShell(event), "Validate " + editor.file().getName(),
                    found.isEmpty() ? "The model is valid: the engine can run it." : text.toString());
            return found;
        }
    }

    /** Show unrolled: opens the Unrolled in Time view for the active model. */
    public static class ShowUnrolled extends AbstractHandler {
        @Override
        public Object execute(ExecutionEvent event) throws ExecutionException {
            editor(event);
            try {
                return HandlerUtil.getActiveWorkbenchWindowChecked(event).getActivePage().showView(UnrolledView.ID);
            } catch (PartInitException e) {
                throw new ExecutionException("the Unrolled in Time view could not be shown", e);
            }
        }
    }
}
