package org.rnnstudio.ui.export;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import org.eclipse.core.resources.IContainer;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.wizard.Wizard;
import org.eclipse.jface.wizard.WizardPage;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.IImportWizard;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.ide.IDE;
import org.rnnstudio.export.ExportException;
import org.rnnstudio.export.PortableModel;
import org.rnnstudio.ui.editor.RnnEditor;

/**
 * File > Import > RNN Studio > Portable Model: a .rnnpack back into a workspace folder as NAME.rnn and
 * NAME.weights.json, opened in the editor.
 */
public class ImportWizard extends Wizard implements IImportWizard {

    private IWorkbench workbench;
    private IContainer folder;
    private Page page;

    @Override
    public void init(IWorkbench newWorkbench, IStructuredSelection selection) {
        workbench = newWorkbench;
        setWindowTitle("Import Portable Model");
        Object first = selection == null ? null : selection.getFirstElement();
        if (first instanceof IContainer c) {
            folder = c;
        } else if (first instanceof IResource r) {
            folder = r.getParent();
        }
    }

    @Override
    public void addPages() {
        page = new Page();
        addPage(page);
    }

    public Page page() {
        return page;
    }

    @Override
    public boolean performFinish() {
        Path pack = Paths.get(page.source());
        IContainer into = page.folder();
        String base = PortableModel.baseName(pack);
        IFile model = into.getFile(new org.eclipse.core.runtime.Path(base + ".rnn"));
        if (model.exists() && !MessageDialog.openQuestion(getShell(), getWindowTitle(), model.getFullPath() + " exists. Replace it and its weights?")) {
            return false;
        }
        try {
            // the question above was the confirmation: replace what is there
            PortableModel.importInto(pack, into.getLocation().toFile().toPath(), base, true);
            into.refreshLocal(IResource.DEPTH_ONE, null);
        } catch (ExportException e) {
            page.setErrorMessage(e.getMessage());
            return false;
        } catch (CoreException e) {
            page.setErrorMessage("imported, but the workspace could not be refreshed: " + e.getMessage());
            return false;
        }
        try {
            IDE.openEditor(workbench.getActiveWorkbenchWindow().getActivePage(), model, RnnEditor.ID);
        } catch (PartInitException e) {
            MessageDialog.openError(getShell(), getWindowTitle(), model.getFullPath() + " was imported but could not be opened: " + e.getMessage());
        }
        return true;
    }

    /** Which portable model, into which workspace folder. */
    public final class Page extends WizardPage {
        private Text sourceText;
        private Text folderText;

        Page() {
            super("import");
            setTitle("Import a portable model");
            setDescription("A portable model (." + PortableModel.EXTENSION + ") holds a model, its trained weights, training settings and vocabulary.");
        }

        @Override
        public void createControl(Composite parent) {
            Composite page = new Composite(parent, SWT.NONE);
            page.setLayout(new GridLayout(3, false));
            new Label(page, SWT.NONE).setText("&From file:");
            sourceText = new Text(page, SWT.BORDER);
            sourceText.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
            Button browse = new Button(page, SWT.PUSH);
            browse.setText("B&rowse...");
            browse.addListener(SWT.Selection, e -> {
                FileDialog dialog = new FileDialog(getShell(), SWT.OPEN);
                dialog.setFilterExtensions(new String[] {"*." + PortableModel.EXTENSION, "*"});
                String chosen = dialog.open();
                if (chosen != null) {
                    sourceText.setText(chosen);
                }
            });
            new Label(page, SWT.NONE).setText("&Into folder:");
            folderText = new Text(page, SWT.BORDER);
            folderText.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
            folderText.setText(folder == null ? "" : folder.getFullPath().toString());
            folderText.setMessage("a project or folder of the workspace, e.g. /examples");
            sourceText.addListener(SWT.Modify, e -> check());
            folderText.addListener(SWT.Modify, e -> check());
            setControl(page);
            check();
        }

        private void check() {
            setErrorMessage(null);
            if (source().isEmpty()) {
                setMessage("Choose a ." + PortableModel.EXTENSION + " file.");
                setPageComplete(false);
                return;
            }
            if (!Files.isRegularFile(Paths.get(source()))) {
                setErrorMessage("There is no file " + source());
                setPageComplete(false);
                return;
            }
            if (folder() == null) {
                setErrorMessage("Choose an existing, open project or folder of the workspace.");
                setPageComplete(false);
                return;
            }
            setMessage(null);
            setPageComplete(true);
        }

        public String source() {
            return sourceText.getText().trim();
        }

        /** The workspace folder named in the page, or null when there is none open by that name. */
        public IContainer folder() {
            String path = folderText.getText().trim();
            if (path.isEmpty()) {
                return null;
            }
            IResource r = ResourcesPlugin.getWorkspace().getRoot().findMember(path);
            return r instanceof IContainer c && r.isAccessible() && r.getType() != IResource.ROOT ? c : null;
        }

        public void set(String source, String folderPath) {
            sourceText.setText(source);
            folderText.setText(folderPath);
        }
    }
}
