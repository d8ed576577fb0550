package org.rnnstudio.ui.training;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.dialogs.TitleAreaDialog;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.ScrolledComposite;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;
import org.eclipse.core.resources.IFile;
import org.rnnstudio.model.ModelFile;
import org.rnnstudio.model.TrainingSettings;
import org.rnnstudio.ui.preferences.StudioPreferences;
import org.rnnstudio.ui.settings.DataChooser;

/** Edits a model's training settings; a bad value keeps OK disabled and says what is wrong. */
public class TrainingSettingsDialog extends TitleAreaDialog {

    private final TrainingSettings settings;
    private final Map<String, Control> fields = new LinkedHashMap<>();
    private final IFile model;

    /** Works on a copy; {@link #result()} gives the edited settings after OK. */
    public TrainingSettingsDialog(Shell parent, TrainingSettings current) {
        this(parent, current, null);
    }

    /** With the model's file, Browse offers the workspace's files and writes their paths relative to the model. */
    public TrainingSettingsDialog(Shell parent, TrainingSettings current, IFile model) {
        super(parent);
        settings = current != null ? current.copy() : StudioPreferences.defaults();
        this.model = model;
    }

    public TrainingSettings result() {
        return settings;
    }

    @Override
    protected Control createDialogArea(Composite parent) {
        Composite area = (Composite) super.createDialogArea(parent);
        setTitle("Training Settings");
        setMessage("Stored with the model; ./rnnstudio train uses them too.");
        // on a screen too low for every setting the form scrolls rather than cutting off the last ones
        ScrolledComposite scroller = new ScrolledComposite(area, SWT.V_SCROLL);
        scroller.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        scroller.setExpandHorizontal(true);
        scroller.setExpandVertical(true);
        Composite form = new Composite(scroller, SWT.NONE);
        GridLayout rows = new GridLayout(2, false);
        // close enough that every setting fits on a 1000-pixel screen
        rows.verticalSpacing = 2;
        form.setLayout(rows);
        text(form, "data", "Data (CSV file or generator spec)", settings.data);
        DataChooser.addTo(form, (Text) fields.get("data"), model);
        text(form, "epochs", "Epochs", Integer.toString(settings.epochs));
        text(form, "batch", "Batch", Integer.toString(settings.batch));
        combo(form, "optimizer", "Optimizer", TrainingSettings.OPTIMIZERS, settings.optimizer);
        text(form, "learningRate", "Learning rate", Double.toString(settings.learningRate));
        text(form, "momentum", "Momentum", Double.toString(settings.momentum));
        combo(form, "momentumSchedule", "Momentum schedule (rising: 0.5 up to the momentum)", TrainingSettings.MOMENTUM_SCHEDULES,
                settings.momentumSchedule);
        text(form, "clipNorm", "Clip gradient norm (0 = off)", Double.toString(settings.clipNorm));
        text(form, "weightDecay", "Weight decay", Double.toString(settings.weightDecay));
        combo(form, "schedule", "Learning-rate schedule", TrainingSettings.SCHEDULES, settings.schedule);
        text(form, "seed", "Seed", Long.toString(settings.seed));
        text(form, "truncation", "Truncated BPTT steps (0 = full)", Integer.toString(settings.truncation));
        text(form, "checkpoint", "Checkpoint segments of steps (0 = off, auto: about sqrt T)",
                settings.checkpoint == TrainingSettings.CHECKPOINT_AUTO ? ModelFile.CHECKPOINT_AUTO_NAME : Integer.toString(settings.checkpoint));
        combo(form, "precision", "Precision of the products", TrainingSettings.PRECISIONS, settings.precision);
        combo(form, "init", "Initialisation", TrainingSettings.INITIALIZATIONS, settings.init);
        text(form, "validation", "Validation fraction", Double.toString(settings.validation));
        text(form, "patience", "Early-stopping patience (0 = off)", Integer.toString(settings.patience));
        text(form, "hfLambda", "Hessian-free: initial lambda", Double.toString(settings.hfLambda));
        text(form, "hfStructuralDamping", "Hessian-free: structural damping mu", Double.toString(settings.hfStructuralDamping));
        text(form, "hfCgIterations", "Hessian-free: CG iterations at most", Integer.toString(settings.hfCgIterations));
        text(form, "hfCurvatureFraction", "Hessian-free: curvature on this fraction of a batch", Double.toString(settings.hfCurvatureFraction));
        text(form, "washout", "Readout fit: washout steps", Integer.toString(settings.washout));
        text(form, "ridge", "Readout fit: ridge (or auto: chosen on the validation)", settings.chooseRidge ? "auto" : Double.toString(settings.ridge));
        scroller.setContent(form);
        scroller.setMinSize(form.computeSize(SWT.DEFAULT, SWT.DEFAULT));
        return area;
    }

    private void text(Composite form, String key, String label, String value) {
        new Label(form, SWT.NONE).setText(label);
        Text t = new Text(form, SWT.BORDER);
        t.setText(value);
        t.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        t.addModifyListener(e -> check());
        fields.put(key, t);
    }

    private void combo(Composite form, String key, String label, List<String> choices, String value) {
        new Label(form, SWT.NONE).setText(label);
        Combo c = new Combo(form, SWT.READ_ONLY);
        c.setItems(choices.toArray(new String[0]));
        c.select(Math.max(0, choices.indexOf(value)));
        fields.put(key, c);
    }

    /** Sets a field as a person would type it (tests use this). */
    public void set(String key, String value) {
        Control c = fields.get(key);
        if (c instanceof Text t) {
            t.setText(value);
        } else {
            ((Combo) c).select(((Combo) c).indexOf(value));
        }
    }

    private String value(String key) {
        Control c = fields.get(key);
        return c instanceof Text t ? t.getText().trim() : ((Combo) c).getText();
    }

    /** Reads every field into the settings; returns the first problem, or null. */
    private String read() {
        try {
            settings.data = value("data");
            settings.epochs = whole("epochs", 1);
            settings.batch = whole("batch", 1);
            settings.optimizer = value("optimizer");
            settings.learningRate = real("learningRate", 1e-12);
            settings.momentum = real("momentum", 0);
            settings.clipNorm = real("clipNorm", 0);
            settings.weightDecay = real("weightDecay", 0);
            settings.schedule = value("schedule");
            settings.seed = Long.parseLong(value("seed"));
            settings.truncation = whole("truncation", 0);
            settings.checkpoint = ModelFile.CHECKPOINT_AUTO_NAME.equals(value("checkpoint")) ? TrainingSettings.CHECKPOINT_AUTO : whole("checkpoint", 0);
            settings.precision = value("precision");
            settings.init = value("init");
            settings.validation = real("validation", 0);
            settings.patience = whole("patience", 0);
            settings.momentumSchedule = value("momentumSchedule");
            settings.hfLambda = real("hfLambda", 1e-12);
            settings.hfStructuralDamping = real("hfStructuralDamping", 0);
            settings.hfCgIterations = whole("hfCgIterations", 1);
            settings.hfCurvatureFraction = real("hfCurvatureFraction", 1e-12);
            settings.washout = whole("washout", 0);
            settings.chooseRidge = "auto".equals(value("ridge").trim());
            if (!settings.chooseRidge) {
                settings.ridge = real("ridge", 0);
            }
        } catch (NumberFormatException e) {
            return e.getMessage();
        }
        if (settings.validation >= 1) {
            return "Validation fraction must be below 1";
        }
        if (settings.hfCurvatureFraction > 1) {
            return "The Hessian-free curvature fraction is at most 1 (the whole batch)";
        }
        return settings.data.isBlank() ? "Data is needed: a CSV file or a generator spec such as binary-adder:bits=6,count=1000" : null;
    }

    private int whole(String key, int min) {
        try {
            int v = Integer.parseInt(value(key));
            if (v >= min) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new NumberFormatException(key + " must be a whole number of at least " + min + ", not '" + value(key) + "'");
    }

    private double real(String key, double min) {
        try {
            double v = Double.parseDouble(value(key));
            if (v >= min && Double.isFinite(v)) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new NumberFormatException(key + " must be a number of at least " + min + ", not '" + value(key) + "'");
    }

    private void check() {
        String problem = read();
        setErrorMessage(problem);
        if (getButton(IDialogConstants.OK_ID) != null) {
            getButton(IDialogConstants.OK_ID).setEnabled(problem == null);
        }
    }

    /** Whether OK can be pressed now. */
    public boolean canFinish() {
        return read() == null;
    }

    @Override
    protected void okPressed() {
        if (read() == null) {
            super.okPressed();
        }
    }

    @Override
    protected void configureShell(Shell shell) {
        super.configureShell(shell);
        shell.setText("Training Settings");
    }
}
