package org.rnnstudio.ui.wizards;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import org.eclipse.core.resources.IFile;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.wizard.Wizard;
import org.eclipse.jface.wizard.WizardPage;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.List;
import org.eclipse.ui.INewWizard;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.dialogs.WizardNewFileCreationPage;
import org.eclipse.ui.ide.IDE;
import org.rnnstudio.model.ModelFile;
import org.rnnstudio.ui.editor.RnnEditor;

/** File > New > Other > RNN Studio > RNN Model: a model file from a template, opened in the editor. */
public class NewModelWizard extends Wizard implements INewWizard {

    public static final String ID = "org.rnnstudio.ui.newModel";

    private IWorkbench workbench;
    private IStructuredSelection selection;
    private WizardNewFileCreationPage filePage;
    private TemplatePage templatePage;

    @Override
    public void init(IWorkbench newWorkbench, IStructuredSelection newSelection) {
        workbench = newWorkbench;
        selection = newSelection;
        setWindowTitle("New RNN Model");
        setNeedsProgressMonitor(true);
    }

    @Override
    public void addPages() {
        filePage = new WizardNewFileCreationPage("file", selection) {
            @Override
            protected java.io.InputStream getInitialContents() {
                String name = getFileName().replaceFirst("\\.rnn$", "");
                return new ByteArrayInputStream(ModelFile.write(templatePage.chosen().create(name)).getBytes(StandardCharsets.UTF_8));
            }
        };
        filePage.setTitle("RNN Model");
        filePage.setDescription("Create a model file (.rnn) in a project.");
        filePage.setFileName("model.rnn");
        filePage.setFileExtension("rnn");
        addPage(filePage);
        templatePage = new TemplatePage();
        addPage(templatePage);
    }

    /** The page's choice of template, also settable by tests. */
    public void setTemplate(Templates template) {
        templatePage.choose(template);
    }

    public WizardNewFileCreationPage filePage() {
        return filePage;
    }

    @Override
    public boolean performFinish() {
        IFile file = filePage.createNewFile();
        if (file == null) {
            return false;
        }
        String data = templatePage.chosen().data();
        if (data != null) {
            // a hidden-state template trains on data drawn from its true model, written beside it
            IFile csv = file.getParent().getFile(new org.eclipse.core.runtime.Path(Templates.dataFile(file.getName().replaceFirst("\\.rnn$", ""))));
            try {
                if (!csv.exists()) {
                    csv.create(new ByteArrayInputStream(data.getBytes(StandardCharsets.UTF_8)), true, null);
                }
            } catch (org.eclipse.core.runtime.CoreException e) {
                MessageDialog.openError(getShell(), "New RNN Model", "The training data " + csv.getFullPath() + " could not be written: " + e.getMessage());
            }
        }
        try {
            IDE.openEditor(workbench.getActiveWorkbenchWindow().getActivePage(), file, RnnEditor.ID);
        } catch (PartInitException e) {
            MessageDialog.openError(getShell(), "New RNN Model", file.getFullPath() + " was created but could not be opened: " + e.getMessage());
        }
        return true;
    }

    /** Which template to start from, with what each one is. */
    static final class TemplatePage extends WizardPage {
        private List list;
        private Label description;
        private Templates chosen = Templates.ELMAN;

        TemplatePage() {
            super("template");
            setTitle("Template");
            setDescription("Start from a blank diagram or from a network of the lecture.");
        }

        @Override
        public void createControl(Composite parent) {
            Composite page = new Composite(parent, SWT.NONE);
            page.setLayout(new GridLayout(1, false));
            list = new List(page, SWT.SINGLE | SWT.BORDER);
            for (Templates t : Templates.values()) {
                list.add(t.label());
            }
            list.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
            description = new Label(page, SWT.WRAP);
            GridData data = new GridData(SWT.FILL, SWT.TOP, true, false);
            data.widthHint = 420;
            data.heightHint = 70;
            description.setLayoutData(data);
            list.addListener(SWT.Selection, e -> {
                if (list.getSelectionIndex() >= 0) {
                    choose(Templates.values()[list.getSelectionIndex()]);
                }
            });
            setControl(page);
            choose(chosen);
        }

        void choose(Templates template) {
            chosen = template;
            if (list != null) {
                list.setSelection(template.ordinal());
                description.setText(template.description());
            }
        }

        Templates chosen() {
            return chosen;
        }
    }
}
