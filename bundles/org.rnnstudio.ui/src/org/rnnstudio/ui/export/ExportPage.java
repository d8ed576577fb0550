package org.rnnstudio.ui.export;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.jface.dialogs.IMessageProvider;
import org.eclipse.jface.wizard.WizardPage;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Spinner;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.part.FileEditorInput;
import org.rnnstudio.export.DiagramImage;
import org.rnnstudio.export.ExportException;
import org.rnnstudio.export.ExportFormat;
import org.rnnstudio.export.TrainedModel;

/**
 * The export's one page: which model, which format (unless the wizard fixes it), for pictures which view
 * and how many steps, and where to. It says before Finish whether trained weights go with the model.
 */
public final class ExportPage extends WizardPage {

    private final ExportFormat fixedFormat;
    private final List<IFile> models = new ArrayList<>();
    private IFile initialModel;
    private Combo modelCombo;
    private Combo formatCombo;
    private Combo viewCombo;
    private Spinner stepsSpinner;
    private Text destinationText;
    private Label weightsLabel;
    /** the destination the page proposed last; replaced when the model or format changes, kept once typed */
    private String proposed = "";
    private IFile checkedModel;
    private String checkError;
    private String checkWarning;

    ExportPage(ExportFormat fixedFormat, IFile model) {
        super("export");
        this.fixedFormat = fixedFormat;
        this.initialModel = model;
        setTitle(fixedFormat == null ? "Export a model" : "Export as " + fixedFormat.label());
        setDescription("Export a model with the trained weights beside it (NAME.weights.json).");
    }

    @Override
    public void createControl(Composite parent) {
        Composite page = new Composite(parent, SWT.NONE);
        page.setLayout(new GridLayout(3, false));

        label(page, "&Model:");
        modelCombo = new Combo(page, SWT.READ_ONLY);
        modelCombo.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
        collectModels();
        for (IFile f : models) {
            modelCombo.add(f.getFullPath().toString());
        }
        int start = initialModel == null ? 0 : Math.max(0, models.indexOf(initialModel));
        if (!models.isEmpty()) {
            modelCombo.select(start);
        }

        label(page, "&Format:");
        formatCombo = new Combo(page, SWT.READ_ONLY);
        formatCombo.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
        for (ExportFormat f : ExportFormat.values()) {
            formatCombo.add(f.label() + " (." + f.extension() + ")");
        }
        formatCombo.select(fixedFormat == null ? 0 : fixedFormat.ordinal());
        formatCombo.setEnabled(fixedFormat == null);

        label(page, "&Picture:");
        Composite pictureRow = new Composite(page, SWT.NONE);
        pictureRow.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
        GridLayout rowLayout = new GridLayout(3, false);
        rowLayout.marginWidth = 0;
        rowLayout.marginHeight = 0;
        pictureRow.setLayout(rowLayout);
        viewCombo = new Combo(pictureRow, SWT.READ_ONLY);
        viewCombo.add("the diagram");
        viewCombo.add("unrolled in time");
        viewCombo.select(0);
        Label stepsLabel = new Label(pictureRow, SWT.NONE);
        stepsLabel.setText("over &steps:");
        GridData indent = new GridData();
        indent.horizontalIndent = 12;
        stepsLabel.setLayoutData(indent);
        stepsSpinner = new Spinner(pictureRow, SWT.BORDER);
        stepsSpinner.setValues(4, 1, 200, 0, 1, 5);

        label(page, "&To file:");
        destinationText = new Text(page, SWT.BORDER);
        destinationText.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        Button browse = new Button(page, SWT.PUSH);
        browse.setText("B&rowse...");
        browse.addListener(SWT.Selection, e -> browse());

        weightsLabel = new Label(page, SWT.WRAP);
        GridData wide = new GridData(SWT.FILL, SWT.TOP, true, false, 3, 1);
        wide.widthHint = 520;
        wide.verticalIndent = 10;
        weightsLabel.setLayoutData(wide);

        modelCombo.addListener(SWT.Selection, e -> update(true));
        formatCombo.addListener(SWT.Selection, e -> update(true));
        viewCombo.addListener(SWT.Selection, e -> update(true));
        destinationText.addListener(SWT.Modify, e -> update(false));
        setControl(page);
        update(true);
    }

    private static void label(Composite parent, String text) {
        new Label(parent, SWT.NONE).setText(text);
    }

    /** Every model file of the open projects, for the combo. */
    private void collectModels() {
        try {
            ResourcesPlugin.getWorkspace().getRoot().accept(r -> {
                if (r instanceof IFile f && "rnn".equals(f.getFileExtension())) {
                    models.add(f);
                }
                return r.getType() != IResource.FILE && (r.getType() != IResource.PROJECT || r.getProject().isOpen());
            });
        } catch (CoreException e) {
            setErrorMessage("cannot list the workspace's models: " + e.getMessage());
        }
        if (initialModel != null && !models.contains(initialModel)) {
            models.add(0, initialModel);
        }
    }

    private void browse() {
        FileDialog dialog = new FileDialog(getShell(), SWT.SAVE);
        dialog.setFilterExtensions(new String[] {"*." + format().extension(), "*"});
        Path current = Paths.get(destination().isEmpty() ? proposed : destination());
        if (current.getParent() != null) {
            dialog.setFilterPath(current.getParent().toString());
        }
        dialog.setFileName(current.getFileName() == null ? "" : current.getFileName().toString());
        String chosen = dialog.open();
        if (chosen != null) {
            destinationText.setText(chosen);
        }
    }

    private void update(boolean proposeDestination) {
        boolean picture = format() == ExportFormat.PNG || format() == ExportFormat.SVG;
        viewCombo.setEnabled(picture);
        stepsSpinner.setEnabled(picture && view() == DiagramImage.View.UNROLLED);
        IFile file = model();
        if (proposeDestination && file != null && (destination().isEmpty() || destination().equals(proposed))) {
            String base = file.getName().replaceFirst("\\.rnn$", "");
            String suffix = picture && view() == DiagramImage.View.UNROLLED ? "-unrolled" : "";
            proposed = file.getLocation().toFile().toPath().resolveSibling(base + suffix + "." + format().extension()).toString();
            destinationText.setText(proposed);
        }
        setErrorMessage(null);
        setMessage(null);
        if (file == null) {
            weightsLabel.setText("");
            setErrorMessage("There is no model (.rnn) in the workspace to export.");
            setPageComplete(false);
            return;
        }
        if (destination().isBlank()) {
            setErrorMessage("Choose the file to export to.");
            setPageComplete(false);
            return;
        }
        if (!file.equals(checkedModel)) {
            check(file);
        }
        if (checkError != null) {
            weightsLabel.setText("");
            setErrorMessage(checkError);
            setPageComplete(false);
            return;
        }
        weightsLabel.setText(checkWarning == null ? "Weights: " + file.getName().replaceFirst("\\.rnn$", "") + ".weights.json (trained)"
                : "Weights: none trained yet.");
        if (checkWarning != null && format().carriesWeights()) {
            setMessage("Untrained: " + checkWarning + ".", IMessageProvider.WARNING);
        } else if (isDirty(file)) {
            setMessage("The editor has unsaved changes: the saved file is exported.", IMessageProvider.WARNING);
        }
        setPageComplete(true);
    }

    /** Reads the model and its weights once per model chosen: whether it can be exported, and trained or not. */
    private void check(IFile file) {
        checkedModel = file;
        checkError = null;
        checkWarning = null;
        try {
            TrainedModel trained = TrainedModel.load(file.getLocation().toFile().toPath(), null);
            checkWarning = trained.isTrained() ? null : trained.warnings().get(0);
        } catch (ExportException e) {
            checkError = e.getMessage();
        }
    }

    private static boolean isDirty(IFile file) {
        IEditorPart editor = PlatformUI.getWorkbench().getActiveWorkbenchWindow() == null ? null
                : PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage().findEditor(new FileEditorInput(file));
        return editor != null && editor.isDirty();
    }

    public IFile model() {
        int i = modelCombo == null ? -1 : modelCombo.getSelectionIndex();
        return i < 0 ? initialModel : models.get(i);
    }

    public ExportFormat format() {
        return ExportFormat.values()[formatCombo.getSelectionIndex()];
    }

    public DiagramImage.View view() {
        return viewCombo.getSelectionIndex() == 1 ? DiagramImage.View.UNROLLED : DiagramImage.View.DIAGRAM;
    }

    public int steps() {
        return stepsSpinner.getSelection();
    }

    public String destination() {
        return destinationText.getText().trim();
    }

    /** For tests and the toolbar: choose a format, as the combo does. */
    public void setFormat(ExportFormat format) {
        formatCombo.select(format.ordinal());
        update(true);
    }

    public void setDestination(String path) {
        destinationText.setText(path);
    }
}
