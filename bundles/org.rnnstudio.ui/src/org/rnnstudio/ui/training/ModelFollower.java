package org.rnnstudio.ui.training;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

import org.eclipse.core.resources.IFile;
import org.eclipse.ui.IPartListener2;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchPartReference;
import org.rnnstudio.ui.editor.RnnEditor;

/**
 * Which model an inspection view shows: the one in the active RNN Studio editor, kept while another kind
 * of part is active, and its latest run. Every inspection view names both in its header, so that what it
 * draws is never mistaken for another model's.
 */
final class ModelFollower implements IPartListener2 {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    private final IWorkbenchPage page;
    private final Runnable followed;
    private IFile model;

    /** followed runs on the UI thread when the view is to show another model. */
    ModelFollower(IWorkbenchPage page, Runnable followed) {
        this.page = page;
        this.followed = followed;
        if (page.getActiveEditor() instanceof RnnEditor editor) {
            model = editor.file();
        }
        page.addPartListener(this);
    }

    @Override
    public void partActivated(IWorkbenchPartReference ref) {
        if (ref.getPart(false) instanceof RnnEditor editor && !editor.file().equals(model)) {
            model = editor.file();
            followed.run();
        }
    }

    /** The model file on show, or null before any RNN Studio editor was active. */
    IFile model() {
        return model;
    }

    /** The latest run of the model on show in this session, or null. */
    TrainingRun run() {
        return TrainingRun.latest(model);
    }

    /** Whether news of this run concerns the view. */
    boolean follows(TrainingRun run) {
        return model != null && model.equals(run.file());
    }

    /** The view's header: which model, which run, and how that run stands. */
    String header(TrainingRun run) {
        if (model == null) {
            return "No model: open an RNN Studio model (.rnn) in the editor.";
        }
        String name = model.getName() + " (" + model.getProject().getName() + ")";
        if (run == null) {
            return name + ": no training run yet";
        }
        return name + ", run of " + TIME.format(Instant.ofEpochMilli(run.startedAt())) + (run.isFinished() ? "" : ", training");
    }

    void dispose() {
        page.removePartListener(this);
    }
}
