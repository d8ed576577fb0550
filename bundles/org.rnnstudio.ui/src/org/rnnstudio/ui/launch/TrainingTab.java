package org.rnnstudio.ui.launch;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.debug.ui.AbstractLaunchConfigurationTab;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.ILaunchConfigurationWorkingCopy;
import org.eclipse.jface.window.Window;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.dialogs.FilteredResourcesSelectionDialog;
import org.rnnstudio.ui.settings.DataChooser;

/** The Model tab: the model to train, and overrides of its settings for this launch (empty: the model's own). */
public class TrainingTab extends AbstractLaunchConfigurationTab {

    private Text model;
    private Text data;
    private Text epochs;
    private Text batch;
    private Text learningRate;
    private Text seed;
    private Button continuing;

    @Override
    public void createControl(Composite parent) {
        Composite c = new Composite(parent, SWT.NONE);
        c.setLayout(new GridLayout(3, false));
        setControl(c);
        model = row(c, "&Model:", "The .rnn file to train, as a workspace path");
        Button browse = new Button(c, SWT.PUSH);
        browse.setText("&Browse...");
        browse.addListener(SWT.Selection, e -> browseModel());
        Label note = new Label(c, SWT.WRAP);
        note.setText("Overrides for this launch only; an empty field keeps the model's own training setting.");
        note.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 3, 1));
        data = row(c, "&Data:", "A CSV file or a generator spec, instead of the model's");
        new Label(c, SWT.NONE);
        new Label(c, SWT.NONE);
        Composite choosers = new Composite(c, SWT.NONE);
        choosers.setLayout(new GridLayout(2, false));
        choosers.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
        DataChooser.addTo(choosers, data, null);
        epochs = row(c, "&Epochs:", "How many passes over the data");
        new Label(c, SWT.NONE);
        batch = row(c, "B&atch:", "Sequences per weight update");
        new Label(c, SWT.NONE);
        learningRate = row(c, "&Learning rate:", "The step size");
        new Label(c, SWT.NONE);
        seed = row(c, "&Seed:", "The random seed of initialisation and shuffling");
        new Label(c, SWT.NONE);
        continuing = new Button(c, SWT.CHECK);
        continuing.setText("&Continue from the trained weights beside the model (instead of fresh weights)");
        continuing.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 3, 1));
        continuing.addListener(SWT.Selection, e -> changed());
    }

    private Text row(Composite c, String label, String tooltip) {
        new Label(c, SWT.NONE).setText(label);
        Text t = new Text(c, SWT.BORDER);
        t.setToolTipText(tooltip);
        t.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        t.addModifyListener(e -> changed());
        return t;
    }

    private void changed() {
        setDirty(true);
        updateLaunchConfigurationDialog();
    }

    private void browseModel() {
        FilteredResourcesSelectionDialog dialog = new FilteredResourcesSelectionDialog(getShell(), false, ResourcesPlugin.getWorkspace().getRoot(),
                IResource.FILE);
        dialog.setTitle("Model to Train");
        dialog.setInitialPattern("*.rnn");
        if (dialog.open() == Window.OK && dialog.getFirstResult() instanceof IFile file) {
            model.setText(file.getFullPath().toString());
        }
    }

    @Override
    public void setDefaults(ILaunchConfigurationWorkingCopy configuration) {
        configuration.setAttribute(TrainingLaunch.CONTINUE, false);
    }

    @Override
    public void initializeFrom(ILaunchConfiguration configuration) {
        try {
            model.setText(configuration.getAttribute(TrainingLaunch.MODEL, ""));
            data.setText(configuration.getAttribute(TrainingLaunch.DATA, ""));
            epochs.setText(configuration.getAttribute(TrainingLaunch.EPOCHS, ""));
            batch.setText(configuration.getAttribute(TrainingLaunch.BATCH, ""));
            learningRate.setText(configuration.getAttribute(TrainingLaunch.LEARNING_RATE, ""));
            seed.setText(configuration.getAttribute(TrainingLaunch.SEED, ""));
            continuing.setSelection(configuration.getAttribute(TrainingLaunch.CONTINUE, false));
        } catch (CoreException e) {
            setErrorMessage(e.getMessage());
        }
    }

    @Override
    public void performApply(ILaunchConfigurationWorkingCopy configuration) {
        configuration.setAttribute(TrainingLaunch.MODEL, model.getText().trim());
        configuration.setAttribute(TrainingLaunch.DATA, data.getText().trim());
        configuration.setAttribute(TrainingLaunch.EPOCHS, epochs.getText().trim());
        configuration.setAttribute(TrainingLaunch.BATCH, batch.getText().trim());
        configuration.setAttribute(TrainingLaunch.LEARNING_RATE, learningRate.getText().trim());
        configuration.setAttribute(TrainingLaunch.SEED, seed.getText().trim());
        configuration.setAttribute(TrainingLaunch.CONTINUE, continuing.getSelection());
        IFile file = model.getText().isBlank() ? null
                : ResourcesPlugin.getWorkspace().getRoot().getFile(new org.eclipse.core.runtime.Path(model.getText().trim()));
        configuration.setMappedResources(file != null ? new IResource[] {file} : null);
    }

    @Override
    public boolean isValid(ILaunchConfiguration launchConfig) {
        setErrorMessage(null);
        String path = model.getText().trim();
        if (path.isEmpty() || !path.endsWith(".rnn")) {
            setErrorMessage("Choose the .rnn model to train");
            return false;
        }
        if (!ResourcesPlugin.getWorkspace().getRoot().getFile(new org.eclipse.core.runtime.Path(path)).exists()) {
            setErrorMessage("There is no model " + path + " in the workspace");
            return false;
        }
        String[][] overrides = {{TrainingLaunch.EPOCHS, "Epochs", epochs.getText()}, {TrainingLaunch.BATCH, "Batch", batch.getText()},
                {TrainingLaunch.LEARNING_RATE, "Learning rate", learningRate.getText()}, {TrainingLaunch.SEED, "Seed", seed.getText()}};
        for (String[] o : overrides) {
            String problem = TrainingLaunch.check(o[0], o[2]);
            if (problem != null) {
                setErrorMessage(o[1] + " " + problem);
                return false;
            }
        }
        return true;
    }

    @Override
    public String getName() {
        return "Model";
    }

    @Override
    public Image getImage() {
        return org.rnnstudio.ui.workbench.Icons.get("train");
    }
}
