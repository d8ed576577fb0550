package org.rnnstudio.ui.tests.workbench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.dialogs.IMessageProvider;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.jface.wizard.WizardDialog;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.IExportWizard;
import org.eclipse.ui.IImportWizard;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.handlers.IHandlerService;
import org.junit.jupiter.api.Test;
import org.rnnstudio.engine.Network;
import org.rnnstudio.engine.Plan;
import org.rnnstudio.engine.Sequence;
import org.rnnstudio.engine.Trainer;
import org.rnnstudio.engine.WeightsFile;
import org.rnnstudio.export.ExportFormat;
import org.rnnstudio.model.Initialization;
import org.rnnstudio.ui.editor.RnnEditor;
import org.rnnstudio.ui.export.ExportPage;
import org.rnnstudio.ui.export.ExportWizard;
import org.rnnstudio.ui.export.ImportWizard;
import org.rnnstudio.ui.tests.Ui;
import org.rnnstudio.ui.training.TrainingJob;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;

/** Export from the editor toolbar and File > Export / Import, as a person does it. */
class ExportTest extends WorkbenchFixture {

    @Override
    String projectName() {
        return "export-test";
    }

    private static String example(String folder, String file) throws Exception {
        return Files.readString(Paths.get(System.getProperty("rnnstudio.examples"), folder, file));
    }

    /** Runs the command; the wizard it opens is modal, so {@code drive} works it from the event loop and presses Finish. */
    private void commandWithWizard(String id, Consumer<WizardDialog> drive) throws Exception {
        boolean[] driven = {false};
        display.timerExec(500, new Runnable() {
            @Override
            public void run() {
                Shell shell = display.getActiveShell();
                if (shell == null || !(shell.getData() instanceof WizardDialog dialog)) {
                    display.timerExec(200, this);
                    return;
                }
                drive.accept(dialog);
                driven[0] = true;
                press(shell, "&Finish");
            }
        });
        PlatformUI.getWorkbench().getService(IHandlerService.class).executeCommand(id, null);
        assertTrue(driven[0], "the wizard was shown and finished");
    }

    private static void press(Composite parent, String text) {
        Button b = findButton(parent, text);
        assertNotNull(b, text);
        assertTrue(b.isEnabled(), text + " is enabled");
        b.notifyListeners(SWT.Selection, new Event());
    }

    private static Button findButton(Composite parent, String text) {
        for (Control c : parent.getChildren()) {
            if (c instanceof Button b && text.equals(b.getText())) {
                return b;
            }
            if (c instanceof Composite child && findButton(child, text) != null) {
                return findButton(child, text);
            }
        }
        return null;
    }

    /** The "done when": the trained LSTM example, exported from the toolbar, runs in ONNX Runtime with the engine's numbers. */
    @Test
    void theTrainedLstmExampleExportsFromTheToolbarToOnnxAndRunsInOnnxRuntime() throws Exception {
        // the adding problem's own settings, shortened so the test trains in a second or two
        String text = example("adding-problem", "adding-problem.rnn").replace("\"epochs\": 30,", "\"epochs\": 2,")
                .replace("adding:length=50,count=4000,seed=1", "adding:length=50,count=256,seed=1");
        RnnEditor editor = open("adding-problem.rnn", text);
        PlatformUI.getWorkbench().getService(IHandlerService.class).executeCommand("org.rnnstudio.ui.train", null);
        assertTrue(Ui.waitUntil(display, 120_000, () -> Job.getJobManager().find(TrainingJob.FAMILY).length == 0), "training ends");
        assertTrue(project.getFile("adding-problem.weights.json").exists(), "trained weights beside the model");

        Path onnx = project.getLocation().toFile().toPath().resolve("adding-problem.onnx");
        String[] message = new String[1];
        commandWithWizard("org.rnnstudio.ui.export", dialog -> {
            ExportPage p = (ExportPage) dialog.getCurrentPage();
            assertEquals(ExportFormat.ONNX, p.format(), "ONNX is the first choice");
            assertEquals(onnx.toString(), p.destination(), "proposed beside the model");
            message[0] = p.getMessage();
            Ui.screenshot(dialog.getShell(), "export-wizard.png");
        });
        assertEquals(null, message[0], "a trained model exports without a warning");
        assertTrue(Files.size(onnx) > 1000);
        assertTrue(Ui.waitUntil(display, 5_000, () -> project.getFile("adding-problem.onnx").exists()), "the workspace shows the file");

        // what docs/export.md says to do from Java, against the engine on the same sequences
        Network network = new Network(Plan.compile(editor.document().model()));
        WeightsFile.load(network, project.getLocation().toFile().toPath().resolve("adding-problem.weights.json"));
        Trainer engine = new Trainer(network);
        int steps = 50;
        int batch = 4;
        float[][][] x = new float[steps][batch][2];
        Random random = new Random(3);
        for (int b = 0; b < batch; b++) {
            int first = random.nextInt(25);
            int second = 25 + random.nextInt(25);
            for (int t = 0; t < steps; t++) {
                x[t][b][0] = random.nextFloat();
                x[t][b][1] = t == first || t == second ? 1 : 0;
            }
        }
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        double largest = 0;
        try (OrtSession session = environment.createSession(onnx.toString(), new OrtSession.SessionOptions());
                OnnxTensor input = OnnxTensor.createTensor(environment, x);
                OrtSession.Result result = session.run(Map.of("input", input))) {
            float[][][] sum = (float[][][]) result.get("sum").orElseThrow().getValue();
            for (int b = 0; b < batch; b++) {
                double[][] xs = new double[steps][2];
                for (int t = 0; t < steps; t++) {
                    xs[t][0] = x[t][b][0];
                    xs[t][1] = x[t][b][1];
                }
                double[][] expected = engine.outputs(new Sequence(steps, Map.of("input", xs), Map.of()), List.of("sum")).get("sum");
                for (int t = 0; t < steps; t++) {
                    largest = Math.max(largest, Math.abs(expected[t][0] - sum[t][b][0]));
                }
            }
        }
        System.out.printf("adding problem: ONNX Runtime vs the engine, largest difference %.2e over %d outputs%n", largest, steps * batch);
        assertTrue(largest < 1e-5, "largest difference " + largest);
    }

    @Test
    void fileExportHasAWizardPerFormatAndAnUntrainedModelWarns() throws Exception {
        open("binary-adder.rnn", example("binary-adder", "binary-adder.rnn"));
        IFile model = project.getFile("binary-adder.rnn");
        for (String id : List.of("onnx", "portable", "npz", "png", "svg")) {
            assertNotNull(PlatformUI.getWorkbench().getExportWizardRegistry().findWizard("org.rnnstudio.ui.export." + id), id);
        }
        IExportWizard svg = (IExportWizard) PlatformUI.getWorkbench().getExportWizardRegistry().findWizard("org.rnnstudio.ui.export.svg").createWizard();
        svg.init(PlatformUI.getWorkbench(), new StructuredSelection(model));
        WizardDialog dialog = new WizardDialog(page.getWorkbenchWindow().getShell(), svg);
        dialog.setBlockOnOpen(false);
        dialog.open();
        ExportPage p = ((ExportWizard) svg).page();
        assertEquals(ExportFormat.SVG, p.format());
        assertEquals(null, p.getMessage(), "a picture needs no trained weights: no warning");
        assertTrue(svg.performFinish());
        dialog.close();
        assertTrue(Files.readString(project.getLocation().toFile().toPath().resolve("binary-adder.svg")).contains(">hidden</text>"));

        ExportWizard onnx = new ExportWizard.Onnx();
        onnx.init(PlatformUI.getWorkbench(), new StructuredSelection(model));
        dialog = new WizardDialog(page.getWorkbenchWindow().getShell(), onnx);
        dialog.setBlockOnOpen(false);
        dialog.open();
        assertEquals(IMessageProvider.WARNING, onnx.page().getMessageType());
        assertTrue(onnx.page().getMessage().startsWith("Untrained: the model is untrained"), onnx.page().getMessage());
        Ui.screenshot(dialog.getShell(), "export-wizard-untrained.png");
        assertTrue(onnx.performFinish(), "it warns but exports");
        assertEquals(1, onnx.warnings().size());
        dialog.close();
    }

    @Test
    void aPortableModelImportsIntoAnotherProjectAndOpens() throws Exception {
        RnnEditor editor = open("binary-adder.rnn", example("binary-adder", "binary-adder.rnn"));
        Network network = new Network(Plan.compile(editor.document().model()));
        network.initialize(Initialization.SMALL_UNIFORM, 0.5, 7);
        Path folder = project.getLocation().toFile().toPath();
        WeightsFile.save(network, folder.resolve("binary-adder.weights.json"));
        Path pack = folder.resolve("adder.rnnpack");
        ExportWizard portable = new ExportWizard.Portable();
        portable.init(PlatformUI.getWorkbench(), new StructuredSelection(project.getFile("binary-adder.rnn")));
        WizardDialog dialog = new WizardDialog(page.getWorkbenchWindow().getShell(), portable);
        dialog.setBlockOnOpen(false);
        dialog.open();
        portable.page().setDestination(pack.toString());
        assertTrue(portable.performFinish());
        dialog.close();

        IProject other = Projects.fresh("import-test");
        IImportWizard wizard = (IImportWizard) PlatformUI.getWorkbench().getImportWizardRegistry().findWizard("org.rnnstudio.ui.import.portable")
                .createWizard();
        wizard.init(PlatformUI.getWorkbench(), new StructuredSelection(other));
        dialog = new WizardDialog(page.getWorkbenchWindow().getShell(), wizard);
        dialog.setBlockOnOpen(false);
        dialog.open();
        ImportWizard.Page p = ((ImportWizard) wizard).page();
        assertTrue(!p.isPageComplete(), "no file chosen yet");
        p.set(pack.toString(), "/import-test");
        assertTrue(p.isPageComplete());
        assertTrue(dialog.getShell().isVisible() && findButton(dialog.getShell(), "&Finish").isEnabled(), "Finish is enabled");
        // GTK repaints a button whose sensitivity changed in a later frame
        dialog.getShell().redraw();
        Ui.spin(display, 500);
        Ui.screenshot(dialog.getShell(), "import-wizard.png");
        assertTrue(wizard.performFinish());
        dialog.close();
        assertTrue(other.getFile("adder.rnn").exists() && other.getFile("adder.weights.json").exists());
        assertTrue(page.getActiveEditor() instanceof RnnEditor opened && opened.file().equals(other.getFile("adder.rnn")), "the imported model is open");
        assertEquals(Files.readString(folder.resolve("binary-adder.weights.json")),
                Files.readString(other.getLocation().toFile().toPath().resolve("adder.weights.json")));
    }
}
