package org.rnnstudio.ui.launch;

import java.io.IOException;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.Status;
import org.eclipse.debug.core.ILaunch;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.model.LaunchConfigurationDelegate;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.PlatformUI;
import org.rnnstudio.model.Model;
import org.rnnstudio.model.ModelFile;
import org.rnnstudio.ui.training.TrainingJob;
import org.rnnstudio.ui.training.TrainingView;

/**
 * Runs an RNN Training launch: the saved model with the configuration's overrides, as the studio's own
 * training job (console, progress, Training view, results beside the model, a run in the history).
 */
public class TrainingLaunchDelegate extends LaunchConfigurationDelegate {

    /** The job of the last launch, for tests and for a person's Stop. */
    private static volatile TrainingJob last;

    public static TrainingJob lastJob() {
        return last;
    }

    @Override
    public void launch(ILaunchConfiguration config, String mode, ILaunch launch, IProgressMonitor monitor) throws CoreException {
        IFile file = TrainingLaunch.model(config);
        if (file == null || !file.exists()) {
            throw new CoreException(Status.error(config.getName() + ": the model " + (file == null ? "is not set" : file.getFullPath() + " does not exist")
                    + " (Run > Run Configurations..., Model)"));
        }
        for (String key : new String[] {TrainingLaunch.EPOCHS, TrainingLaunch.BATCH, TrainingLaunch.LEARNING_RATE, TrainingLaunch.SEED}) {
            String problem = TrainingLaunch.check(key, config.getAttribute(key, ""));
            if (problem != null) {
                throw new CoreException(Status.error(config.getName() + ": " + key.substring(key.lastIndexOf('.') + 1) + " " + problem));
            }
        }
        ModelFile.ReadResult read;
        try {
            read = ModelFile.read(file.getLocation().toFile().toPath());
        } catch (IOException e) {
            throw new CoreException(Status.error("cannot read " + file.getFullPath() + ": " + e.getMessage(), e));
        }
        Model model = read.model();
        if (model == null) {
            throw new CoreException(Status.error(file.getFullPath() + ": " + (read.diagnostics().isEmpty() ? "not a model" : read.diagnostics().get(0))));
        }
        model.setTraining(TrainingLaunch.apply(config, model.training()));
        TrainingJob job = new TrainingJob(file, model, config.getAttribute(TrainingLaunch.CONTINUE, false));
        last = job;
        job.schedule();
        PlatformUI.getWorkbench().getDisplay().asyncExec(TrainingLaunchDelegate::showTrainingView);
    }

    private static void showTrainingView() {
        IWorkbenchWindow window = PlatformUI.getWorkbench().getActiveWorkbenchWindow();
        if (window == null) {
            return;
        }
        try {
            window.getActivePage().showView(TrainingView.ID, null, IWorkbenchPage.VIEW_VISIBLE);
        } catch (PartInitException e) {
            // the run goes on and reports in its console; only the view is missing
        }
    }
}
