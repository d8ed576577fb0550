package org.rnnstudio.ui.tests.workbench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.ILaunchConfigurationType;
import org.eclipse.debug.core.ILaunchConfigurationWorkingCopy;
import org.eclipse.debug.core.ILaunchManager;
import org.eclipse.debug.ui.DebugUITools;
import org.eclipse.debug.ui.IDebugUIConstants;
import org.eclipse.jface.bindings.Binding;
import org.eclipse.jface.bindings.keys.KeySequence;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.keys.IBindingService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rnnstudio.engine.RunHistory;
import org.rnnstudio.ui.launch.TrainingLaunch;
import org.rnnstudio.ui.launch.TrainingLaunchShortcut;
import org.rnnstudio.ui.tests.Ui;
import org.rnnstudio.ui.training.TrainingJob;

/** Run As > RNN Training: a launch configuration type, its overrides, the launch history and Ctrl+F11. */
class TrainingLaunchTest extends WorkbenchFixture {

    @Override
    String projectName() {
        return "launch-test";
    }

    @AfterEach
    void deleteConfigurations() throws Exception {
        for (ILaunchConfiguration c : DebugPlugin.getDefault().getLaunchManager().getLaunchConfigurations(TrainingLaunch.type())) {
            c.delete();
        }
    }

    private IFile adder() throws Exception {
        IFile file = project.getFile("binary-adder.rnn");
        String text = Files.readString(Paths.get(System.getProperty("rnnstudio.examples"), "binary-adder", "binary-adder.rnn"));
        file.create(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), true, null);
        return file;
    }

    private void waitForTraining() {
        Ui.waitUntil(display, 5_000, () -> Job.getJobManager().find(TrainingJob.FAMILY).length > 0);
        assertTrue(Ui.waitUntil(display, 120_000, () -> Job.getJobManager().find(TrainingJob.FAMILY).length == 0), "training ends");
        Ui.spin(display, 300);
    }

    @Test
    void theTypeExistsWithItsTabsAndRunsInRunMode() throws Exception {
        ILaunchConfigurationType type = TrainingLaunch.type();
        assertNotNull(type, "the RNN Training launch configuration type");
        assertEquals("RNN Training", type.getName());
        assertTrue(type.supportsMode(ILaunchManager.RUN_MODE));
        assertNotNull(DebugUITools.getImage(TrainingLaunch.TYPE), "its icon");
        org.eclipse.core.runtime.IConfigurationElement tabs = java.util.Arrays.stream(org.eclipse.core.runtime.Platform.getExtensionRegistry()
                .getConfigurationElementsFor("org.eclipse.debug.ui.launchConfigurationTabGroups"))
                .filter(e -> TrainingLaunch.TYPE.equals(e.getAttribute("type"))).findFirst().orElse(null);
        assertNotNull(tabs, "it has tabs in Run Configurations");
        assertTrue(tabs.createExecutableExtension("class") instanceof org.eclipse.debug.ui.ILaunchConfigurationTabGroup);
    }

    @Test
    void launchingTrainsWithTheOverridesAndLeavesTheModelAsItWas() throws Exception {
        IFile file = adder();
        String before = Files.readString(file.getLocation().toFile().toPath());
        ILaunchConfigurationWorkingCopy copy = TrainingLaunch.newFor(file);
        copy.setAttribute(TrainingLaunch.EPOCHS, "4");
        copy.setAttribute(TrainingLaunch.DATA, "binary-adder:bits=4,count=200");
        ILaunchConfiguration config = copy.doSave();
        // the launch history starts to listen when it is first asked for, as the Run menu does when it opens
        DebugUITools.getLastLaunch(IDebugUIConstants.ID_RUN_LAUNCH_GROUP);

        DebugUITools.launch(config, ILaunchManager.RUN_MODE);
        waitForTraining();

        Path model = file.getLocation().toFile().toPath();
        List<String> metrics = Files.readAllLines(model.resolveSibling("binary-adder.metrics.csv"));
        assertEquals(2 + 4, metrics.size(), "4 epochs, the override: " + metrics);
        assertTrue(metrics.get(0).contains("bits=4,count=200"), "on the overriding data: " + metrics.get(0));
        assertEquals(before, Files.readString(model), "the model file is not changed by a launch");
        assertEquals(1, RunHistory.list(model).size(), "the launch is a run in the history");
        assertEquals(config, DebugUITools.getLastLaunch(IDebugUIConstants.ID_RUN_LAUNCH_GROUP), "the Run menu's history has it");
    }

    @Test
    void theShortcutReusesTheModelsConfigurationOrMakesOne() throws Exception {
        IFile file = adder();
        assertEquals(null, TrainingLaunchShortcut.configurationOf(file));
        ILaunchConfigurationWorkingCopy copy = TrainingLaunch.newFor(file);
        copy.setAttribute(TrainingLaunch.EPOCHS, "2");
        copy.doSave();
        new TrainingLaunchShortcut().launch(new StructuredSelection(file), ILaunchManager.RUN_MODE);
        waitForTraining();
        assertEquals(1, DebugPlugin.getDefault().getLaunchManager().getLaunchConfigurations(TrainingLaunch.type()).length,
                "the existing configuration was used");
        List<String> metrics = Files.readAllLines(file.getLocation().toFile().toPath().resolveSibling("binary-adder.metrics.csv"));
        assertEquals(2 + 2, metrics.size(), "with its 2 epochs");
    }

    @Test
    void ctrlF11IsEclipsesRunAndTrainHasAKeyOfItsOwn() {
        IBindingService bindings = PlatformUI.getWorkbench().getService(IBindingService.class);
        Binding run = bindings.getPerfectMatch(KeySequence.getInstance(org.eclipse.jface.bindings.keys.KeyStroke.getInstance(
                org.eclipse.swt.SWT.MOD1, org.eclipse.swt.SWT.F11)));
        assertNotNull(run, "Ctrl+F11 is bound");
        assertEquals("org.eclipse.debug.ui.commands.RunLast", run.getParameterizedCommand().getId());
        assertEquals(KeySequence.getInstance(org.eclipse.jface.bindings.keys.KeyStroke.getInstance(org.eclipse.swt.SWT.MOD1 | org.eclipse.swt.SWT.MOD2,
                org.eclipse.swt.SWT.F11)), bindings.getBestActiveBindingFor("org.rnnstudio.ui.train"), "Train is Ctrl+Shift+F11");
    }
}
