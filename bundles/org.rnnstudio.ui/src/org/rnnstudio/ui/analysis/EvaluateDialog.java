package org.rnnstudio.ui.analysis;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.eclipse.core.resources.IFile;
import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.dialogs.TitleAreaDialog;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.BusyIndicator;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;
import org.rnnstudio.engine.DataException;
import org.rnnstudio.engine.DataSpec;
import org.rnnstudio.engine.Evaluation;
import org.rnnstudio.engine.Sequence;
import org.rnnstudio.engine.TrainingSession;
import org.rnnstudio.ui.settings.DataChooser;

/**
 * Evaluate: the trained weights run over a data set (the model's training data unless another is chosen).
 * One row per sequence with its loss and accuracy; the selected sequence's outputs against its targets step
 * by step; for a softmax output, the confusion matrix of target class (rows) against chosen class (columns).
 */
public class EvaluateDialog extends TitleAreaDialog {

    static final int EVALUATE_ID = IDialogConstants.CLIENT_ID + 2;

    private final IFile model;
    private final TrainedNetwork trained;
    private final String initialData;
    private Text data;
    private Table sequences;
    private Table steps;
    private Table confusion;
    private Evaluation evaluation;

    public EvaluateDialog(Shell parent, IFile model, TrainedNetwork trained, String initialData) {
        super(parent);
        this.model = model;
        this.trained = trained;
        this.initialData = initialData == null ? "" : initialData;
        setShellStyle(getShellStyle() | SWT.RESIZE);
    }

    @Override
    protected void configureShell(Shell shell) {
        super.configureShell(shell);
        shell.setText("Evaluate - " + model.getName());
    }

    @Override
    protected org.eclipse.swt.graphics.Point getInitialSize() {
        return new org.eclipse.swt.graphics.Point(1100, 760);
    }

    @Override
    protected Control createDialogArea(Composite parent) {
        Composite area = (Composite) super.createDialogArea(parent);
        setTitle("Evaluate the trained weights of " + model.getName());
        setMessage("Weights: " + trained.weights().getFileName() + ". Choose the data and press Evaluate.");
        Composite form = new Composite(area, SWT.NONE);
        form.setLayout(new GridLayout(2, false));
        form.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        new Label(form, SWT.NONE).setText("&Data:");
        data = new Text(form, SWT.BORDER);
        data.setText(initialData);
        data.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        DataChooser.addTo(form, data, model);
        SashForm sash = new SashForm(form, SWT.VERTICAL);
        sash.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true, 2, 1));
        sequences = table(sash, "Sequence", "Steps", "Loss", "Accuracy");
        SashForm lower = new SashForm(sash, SWT.HORIZONTAL);
        steps = table(lower, "Step", "Output", "Target");
        confusion = new Table(lower, SWT.BORDER | SWT.FULL_SELECTION);
        confusion.setHeaderVisible(true);
        confusion.setLinesVisible(true);
        lower.setWeights(3, 2);
        sequences.addListener(SWT.Selection, e -> showSteps(sequences.getSelectionIndex()));
        return area;
    }

    private static Table table(Composite parent, String... titles) {
        Table t = new Table(parent, SWT.BORDER | SWT.FULL_SELECTION | SWT.SINGLE);
        t.setHeaderVisible(true);
        t.setLinesVisible(true);
        for (String title : titles) {
            TableColumn c = new TableColumn(t, title.equals("Output") || title.equals("Target") ? SWT.LEFT : SWT.RIGHT);
            c.setText(title);
            c.setWidth(title.equals("Output") || title.equals("Target") ? 260 : 90);
        }
        return t;
    }

    @Override
    protected void createButtonsForButtonBar(Composite parent) {
        createButton(parent, EVALUATE_ID, "&Evaluate", true);
        createButton(parent, IDialogConstants.OK_ID, IDialogConstants.CLOSE_LABEL, false);
    }

    @Override
    protected void buttonPressed(int id) {
        if (id == EVALUATE_ID) {
            evaluate();
        } else {
            super.buttonPressed(id);
        }
    }

    /** Runs the weights over the data in the field and fills the tables; bad data is said in the message line. */
    public void evaluate() {
        String spec = data.getText().trim();
        if (spec.isEmpty()) {
            setErrorMessage("Choose data to evaluate on: a CSV file or a generator spec");
            return;
        }
        Path folder = trained.modelFile().toAbsolutePath().getParent();
        BusyIndicator.showWhile(getShell().getDisplay(), () -> {
            try {
                List<Sequence> loaded = DataSpec.load(TrainingSession.resolveData(spec, folder), trained.network().plan());
                evaluation = Evaluation.of(trained.network(), loaded);
                setErrorMessage(null);
                fill();
            } catch (DataException | IllegalArgumentException e) {
                setErrorMessage("Cannot evaluate: " + e.getMessage());
            }
        });
    }

    private void fill() {
        sequences.removeAll();
        for (Evaluation.Result r : evaluation.results()) {
            new TableItem(sequences, SWT.NONE).setText(new String[] {Integer.toString(r.index()), Integer.toString(r.length()),
                    String.format(Locale.ROOT, "%.5f", r.loss()), String.format(Locale.ROOT, "%.0f%%", 100 * r.accuracy())});
        }
        double[] mean = evaluation.mean();
        setMessage(String.format(Locale.ROOT, "%d sequences: mean loss %.5f, accuracy %.1f%% (output '%s')", evaluation.results().size(), mean[0],
                100 * mean[1], evaluation.outputId()));
        fillConfusion();
        if (!evaluation.results().isEmpty()) {
            sequences.select(0);
            showSteps(0);
        }
    }

    private void showSteps(int index) {
        steps.removeAll();
        if (evaluation == null || index < 0) {
            return;
        }
        Evaluation.Result r = evaluation.results().get(index);
        for (int t = 0; t < r.length(); t++) {
            new TableItem(steps, SWT.NONE).setText(new String[] {Integer.toString(t + 1), describe(r.outputs()[t], false),
                    t < r.targets().length ? describe(r.targets()[t], true) : ""});
        }
    }

    /** A classifier's step as its class and probability; otherwise the values. A step without a target is blank. */
    private String describe(double[] values, boolean target) {
        if (values.length == 0 || (target && Double.isNaN(values[0]))) {
            return "";
        }
        if (evaluation.isClassifier()) {
            int best = 0;
            for (int k = 1; k < values.length; k++) {
                if (values[k] > values[best]) {
                    best = k;
                }
            }
            return target ? "class " + best : String.format(Locale.ROOT, "class %d (p = %.3f)", best, values[best]);
        }
        StringBuilder s = new StringBuilder();
        for (int k = 0; k < values.length && k < 8; k++) {
            s.append(k == 0 ? "" : "  ").append(String.format(Locale.ROOT, "%.4f", values[k]));
        }
        return values.length > 8 ? s + " ..." : s.toString();
    }

    private void fillConfusion() {
        confusion.removeAll();
        for (TableColumn c : confusion.getColumns()) {
            c.dispose();
        }
        int[][] m = evaluation.confusion();
        if (m == null) {
            TableColumn c = new TableColumn(confusion, SWT.LEFT);
            c.setText("Confusion matrix");
            c.setWidth(300);
            new TableItem(confusion, SWT.NONE).setText("Only for a softmax (classifier) output");
            return;
        }
        TableColumn corner = new TableColumn(confusion, SWT.LEFT);
        corner.setText("target \\ chosen");
        corner.setWidth(110);
        for (int k = 0; k < m.length; k++) {
            TableColumn c = new TableColumn(confusion, SWT.RIGHT);
            c.setText(Integer.toString(k));
            c.setWidth(48);
        }
        for (int row = 0; row < m.length; row++) {
            String[] cells = new String[m.length + 1];
            cells[0] = "class " + row;
            for (int k = 0; k < m.length; k++) {
                cells[k + 1] = Integer.toString(m[row][k]);
            }
            new TableItem(confusion, SWT.NONE).setText(cells);
        }
    }

    /** For tests. */
    public Table sequences() {
        return sequences;
    }

    public Table steps() {
        return steps;
    }

    public Table confusion() {
        return confusion;
    }

    public void setData(String spec) {
        data.setText(spec);
    }
}
