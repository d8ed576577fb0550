package org.rnnstudio.ui.export;

import java.lang.reflect.InvocationTargetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.wizard.Wizard;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.IExportWizard;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.IWorkbenchPage;
import org.rnnstudio.export.DiagramImage;
import org.rnnstudio.export.ExportException;
import org.rnnstudio.export.ExportFormat;
import org.rnnstudio.export.TrainedModel;
import org.rnnstudio.ui.editor.RnnEditor;

/**
 * Exports a model file with the trained weights beside it: File > Export > RNN Studio > (a format), where
 * the format is fixed, and the Export button of the RNN Studio toolbar, where it is chosen on the page.
 */
public class ExportWizard extends Wizard implements IExportWizard {

    private final ExportFormat fixedFormat;
    private IFile model;
    private ExportPage page;
    private List<String> warnings = List.of();

    /** The toolbar's wizard: any format, ONNX first. */
    public ExportWizard() {
        this(null);
    }

    protected ExportWizard(ExportFormat fixedFormat) {
        this.fixedFormat = fixedFormat;
        setWindowTitle(fixedFormat == null ? "Export" : "Export " + fixedFormat.label());
        setNeedsProgressMonitor(true);
    }

    /** For the toolbar: the active editor's model. */
    public static ExportWizard forModel(IFile file) {
        ExportWizard wizard = new ExportWizard();
        wizard.model = file;
        return wizard;
    }

    @Override
    public void init(IWorkbench workbench, IStructuredSelection selection) {
        Object first = selection == null ? null : selection.getFirstElement();
        if (first instanceof IFile f && "rnn".equals(f.getFileExtension())) {
            model = f;
        } else if (workbench.getActiveWorkbenchWindow() != null) {
            IWorkbenchPage active = workbench.getActiveWorkbenchWindow().getActivePage();
            IEditorPart editor = active == null ? null : active.getActiveEditor();
            if (editor instanceof RnnEditor rnn) {
                model = rnn.file();
            }
        }
    }

    @Override
    public void addPages() {
        page = new ExportPage(fixedFormat, model);
        addPage(page);
    }

    public ExportPage page() {
        return page;
    }

    /** What the last export warned about (an untrained model), also shown on the page before Finish. */
    public List<String> warnings() {
        return warnings;
    }

    @Override
    public boolean performFinish() {
        IFile file = page.model();
        ExportFormat format = page.format();
        Path target = Paths.get(page.destination());
        if (Files.exists(target) && !MessageDialog.openQuestion(getShell(), getWindowTitle(), target + " exists. Replace it?")) {
            return false;
        }
        DiagramImage.View view = page.view();
        int steps = page.steps();
        List<String> said = new ArrayList<>();
        try {
            getContainer().run(false, false, monitor -> {
                // two steps: read the model and its weights, write the file
                monitor.beginTask("Exporting " + file.getName() + " as " + format.label(), 2);
                try {
                    TrainedModel trained = TrainedModel.load(file.getLocation().toFile().toPath(), null);
                    monitor.worked(1);
                    said.addAll(format.exportTo(trained, view, steps, target));
                    monitor.worked(1);
                } catch (ExportException e) {
                    throw new InvocationTargetException(e);
                } finally {
                    monitor.done();
                }
            });
        } catch (InvocationTargetException e) {
            page.setErrorMessage(e.getCause().getMessage());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        warnings = said;
        refresh(target);
        return true;
    }

    /** The workspace learns of a file exported into it. */
    private static void refresh(Path target) {
        for (IFile f : ResourcesPlugin.getWorkspace().getRoot().findFilesForLocationURI(target.toUri())) {
            try {
                f.getParent().refreshLocal(IResource.DEPTH_ONE, null);
            } catch (CoreException e) {
                // the file is written; the workspace shows it after the next refresh
            }
        }
    }

    /** File > Export > RNN Studio > ONNX Model. */
    public static class Onnx extends ExportWizard {
        public Onnx() {
            super(ExportFormat.ONNX);
        }
    }

    /** File > Export > RNN Studio > Portable Model. */
    public static class Portable extends ExportWizard {
        public Portable() {
            super(ExportFormat.MODEL);
        }
    }

    /** File > Export > RNN Studio > NumPy Weights. */
    public static class Npz extends ExportWizard {
        public Npz() {
            super(ExportFormat.NPZ);
        }
    }

    /** File > Export > RNN Studio > PNG Image. */
    public static class Png extends ExportWizard {
        public Png() {
            super(ExportFormat.PNG);
        }
    }

    /** File > Export > RNN Studio > SVG Image. */
    public static class Svg extends ExportWizard {
        public Svg() {
            super(ExportFormat.SVG);
        }
    }
}
