package org.rnnstudio.ui.launch;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.Path;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.ILaunchConfigurationType;
import org.eclipse.debug.core.ILaunchConfigurationWorkingCopy;
import org.rnnstudio.model.TrainingSettings;

/**
 * An RNN Training launch configuration: which model, and what of its training settings to override for
 * this launch only (an empty override keeps the model's own value). The model file is not changed.
 */
public final class TrainingLaunch {

    public static final String TYPE = "org.rnnstudio.ui.launch.training";
    /** The model's workspace path, e.g. /examples/binary-adder/binary-adder.rnn. */
    public static final String MODEL = "org.rnnstudio.ui.launch.model";
    public static final String DATA = "org.rnnstudio.ui.launch.data";
    public static final String EPOCHS = "org.rnnstudio.ui.launch.epochs";
    public static final String BATCH = "org.rnnstudio.ui.launch.batch";
    public static final String LEARNING_RATE = "org.rnnstudio.ui.launch.learningRate";
    public static final String SEED = "org.rnnstudio.ui.launch.seed";
    /** Go on from the trained weights beside the model instead of fresh ones. */
    public static final String CONTINUE = "org.rnnstudio.ui.launch.continue";

    private TrainingLaunch() {
    }

    public static ILaunchConfigurationType type() {
        return DebugPlugin.getDefault().getLaunchManager().getLaunchConfigurationType(TYPE);
    }

    public static IFile model(ILaunchConfiguration config) throws CoreException {
        String path = config.getAttribute(MODEL, "");
        return path.isBlank() ? null : ResourcesPlugin.getWorkspace().getRoot().getFile(new Path(path));
    }

    /** The settings this launch trains with: the model's, with the configuration's overrides. */
    public static TrainingSettings apply(ILaunchConfiguration config, TrainingSettings model) throws CoreException {
        TrainingSettings t = model != null ? model.copy() : new TrainingSettings();
        String data = config.getAttribute(DATA, "");
        if (!data.isBlank()) {
            t.data = data.trim();
        }
        t.epochs = positive(config, EPOCHS, t.epochs);
        t.batch = positive(config, BATCH, t.batch);
        String rate = config.getAttribute(LEARNING_RATE, "");
        if (!rate.isBlank()) {
            t.learningRate = Double.parseDouble(rate.trim());
        }
        String seed = config.getAttribute(SEED, "");
        if (!seed.isBlank()) {
            t.seed = Long.parseLong(seed.trim());
        }
        return t;
    }

    private static int positive(ILaunchConfiguration config, String key, int otherwise) throws CoreException {
        String value = config.getAttribute(key, "");
        return value.isBlank() ? otherwise : Integer.parseInt(value.trim());
    }

    /** What is wrong with an override as typed, or null: the tab and the delegate say the same. */
    public static String check(String key, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            switch (key) {
            case EPOCHS, BATCH:
                if (Integer.parseInt(value.trim()) < 1) {
                    return "must be 1 or more";
                }
                return null;
            case LEARNING_RATE:
                if (!(Double.parseDouble(value.trim()) > 0)) {
                    return "must be above 0";
                }
                return null;
            case SEED:
                Long.parseLong(value.trim());
                return null;
            default:
                return null;
            }
        } catch (NumberFormatException e) {
            return "'" + value.trim() + "' is not a number";
        }
    }

    /** A new configuration named after the model, with no overrides. */
    public static ILaunchConfigurationWorkingCopy newFor(IFile model) throws CoreException {
        String name = DebugPlugin.getDefault().getLaunchManager().generateLaunchConfigurationName(model.getName().replaceFirst("\\.rnn$", ""));
        ILaunchConfigurationWorkingCopy copy = type().newInstance(null, name);
        copy.setAttribute(MODEL, model.getFullPath().toString());
        copy.setMappedResources(new org.eclipse.core.resources.IResource[] {model});
        return copy;
    }
}
