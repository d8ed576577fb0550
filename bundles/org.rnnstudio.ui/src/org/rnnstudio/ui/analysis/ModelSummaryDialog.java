package org.rnnstudio.ui.analysis;

import java.util.Locale;

import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.dialogs.TitleAreaDialog;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.rnnstudio.engine.ParameterCount;

/**
 * Model Summary, as Deep Network Designer's Analyze: every element with its kind, the units it computes at
 * each time step and the numbers it learns (or holds frozen), and the model's totals.
 */
public class ModelSummaryDialog extends TitleAreaDialog {

    private final String modelName;
    private final ParameterCount count;
    private Table table;

    public ModelSummaryDialog(Shell parent, String modelName, ParameterCount count) {
        super(parent);
        this.modelName = modelName;
        this.count = count;
        setShellStyle(getShellStyle() | SWT.RESIZE);
    }

    @Override
    protected void configureShell(Shell shell) {
        super.configureShell(shell);
        shell.setText("Model Summary - " + modelName);
    }

    @Override
    protected Control createDialogArea(Composite parent) {
        Composite area = (Composite) super.createDialogArea(parent);
        setTitle("Model Summary of " + modelName);
        setMessage(String.format(Locale.ROOT, "%,d parameters: %,d learned, %,d frozen. Units per step: what each element computes at every time step.",
                count.total(), count.trainable(), count.frozen()));
        table = new Table(area, SWT.BORDER | SWT.FULL_SELECTION);
        table.setHeaderVisible(true);
        table.setLinesVisible(true);
        GridData data = new GridData(SWT.FILL, SWT.FILL, true, true);
        data.heightHint = 320;
        table.setLayoutData(data);
        String[] titles = {"Element", "Kind", "Units per step", "Learned", "Frozen", "Share"};
        int[] widths = {200, 130, 110, 100, 80, 80};
        for (int i = 0; i < titles.length; i++) {
            TableColumn c = new TableColumn(table, i >= 2 ? SWT.RIGHT : SWT.LEFT);
            c.setText(titles[i]);
            c.setWidth(widths[i]);
        }
        for (ParameterCount.Element e : count.elements()) {
            TableItem item = new TableItem(table, SWT.NONE);
            item.setText(new String[] {e.id(), e.kind(), e.unitsPerStep() == 0 ? "" : Integer.toString(e.unitsPerStep()),
                    String.format(Locale.ROOT, "%,d", e.trainable()), e.frozen() == 0 ? "" : String.format(Locale.ROOT, "%,d", e.frozen()),
                    count.total() == 0 ? "" : String.format(Locale.ROOT, "%.1f%%", 100.0 * e.total() / count.total())});
        }
        TableItem total = new TableItem(table, SWT.NONE);
        total.setText(new String[] {"Total", "", "", String.format(Locale.ROOT, "%,d", count.trainable()),
                String.format(Locale.ROOT, "%,d", count.frozen()), "100%"});
        total.setFont(org.eclipse.jface.resource.JFaceResources.getFontRegistry().getBold(org.eclipse.jface.resource.JFaceResources.DEFAULT_FONT));
        return area;
    }

    /** The table, for tests. */
    public Table table() {
        return table;
    }

    @Override
    protected void createButtonsForButtonBar(Composite parent) {
        createButton(parent, IDialogConstants.OK_ID, IDialogConstants.CLOSE_LABEL, true);
    }
}
