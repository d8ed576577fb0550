package org.rnnstudio.ui.editor;

import java.util.List;

import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.part.FileEditorInput;
import org.rnnstudio.model.Diagnostic;

/**
 * What the editor shows instead of a diagram when the file cannot be read: what is wrong, where (line and
 * column), and a way to fix it in the text editor. The file is not touched, so nothing typed is lost.
 */
public class ErrorPage {

    public static final String TEXT_EDITOR = "org.eclipse.ui.DefaultTextEditor";

    private final Composite page;
    private final Text problems;
    private final Button openText;

    ErrorPage(Composite parent, RnnEditor editor, List<Diagnostic> diagnostics) {
        page = new Composite(parent, SWT.NONE);
        page.setLayout(new GridLayout(2, false));
        Label icon = new Label(page, SWT.NONE);
        icon.setImage(parent.getDisplay().getSystemImage(SWT.ICON_ERROR));
        Label title = new Label(page, SWT.WRAP);
        title.setText(editor.file().getName() + " cannot be shown as a diagram. The file is unchanged; fix it in the text editor and open it again.");
        title.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));

        problems = new Text(page, SWT.MULTI | SWT.READ_ONLY | SWT.WRAP | SWT.V_SCROLL | SWT.BORDER);
        StringBuilder text = new StringBuilder();
        for (Diagnostic d : diagnostics) {
            if (d.isError()) {
                text.append(d).append('\n');
            }
        }
        problems.setText(text.toString());
        problems.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true, 2, 1));

        Composite buttons = new Composite(page, SWT.NONE);
        buttons.setLayout(new GridLayout(2, true));
        buttons.setLayoutData(new GridData(SWT.BEGINNING, SWT.CENTER, false, false, 2, 1));
        openText = new Button(buttons, SWT.PUSH);
        openText.setText("Open in Text Editor");
        openText.addListener(SWT.Selection, e -> {
            IWorkbenchPage workbenchPage = editor.getSite().getPage();
            try {
                // matched by input alone, the page would hand back this very editor instead of a text editor
                workbenchPage.openEditor(new FileEditorInput(editor.file()), TEXT_EDITOR, true,
                        IWorkbenchPage.MATCH_ID | IWorkbenchPage.MATCH_INPUT);
                workbenchPage.closeEditor(editor, false);
            } catch (PartInitException ex) {
                problems.append("\nThe text editor could not be opened: " + ex.getMessage());
            }
        });
        Button retry = new Button(buttons, SWT.PUSH);
        retry.setText("Try Again");
        retry.addListener(SWT.Selection, e -> editor.reload());
    }

    /** The problems as shown, one per line. */
    public String problemsText() {
        return problems.getText();
    }

    /** Presses "Open in Text Editor". */
    public void openInTextEditor() {
        openText.notifyListeners(SWT.Selection, new org.eclipse.swt.widgets.Event());
    }

    void setFocus() {
        openText.setFocus();
    }
}
