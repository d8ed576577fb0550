package org.rnnstudio.ui.analysis;

import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.dialogs.TitleAreaDialog;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.BusyIndicator;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Spinner;
import org.eclipse.swt.widgets.Text;
import org.rnnstudio.engine.Sampler;

/**
 * Sample from a text model: the prime goes in, then each drawn character is fed back, as
 * ./rnnstudio sample does (the same engine code). A temperature below 1 keeps to the likeliest characters,
 * above 1 takes more chances.
 */
public class SampleDialog extends TitleAreaDialog {

    static final int SAMPLE_ID = IDialogConstants.CLIENT_ID + 1;

    private final String modelName;
    private final Sampler sampler;
    private Text prime;
    private Spinner temperature;
    private Spinner length;
    private Spinner seed;
    private Text output;

    public SampleDialog(Shell parent, String modelName, Sampler sampler) {
        super(parent);
        this.modelName = modelName;
        this.sampler = sampler;
        setShellStyle(getShellStyle() | SWT.RESIZE);
    }

    @Override
    protected void configureShell(Shell shell) {
        super.configureShell(shell);
        shell.setText("Sample - " + modelName);
    }

    @Override
    protected Control createDialogArea(Composite parent) {
        Composite area = (Composite) super.createDialogArea(parent);
        setTitle("Sample text from " + modelName);
        setMessage("The prime goes in first; then each character drawn from the output is fed back in.");
        Composite form = new Composite(area, SWT.NONE);
        form.setLayout(new GridLayout(2, false));
        form.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        new Label(form, SWT.NONE).setText("&Prime:");
        prime = new Text(form, SWT.BORDER);
        prime.setText(sampler.defaultPrime());
        prime.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        new Label(form, SWT.NONE).setText("&Temperature:");
        temperature = new Spinner(form, SWT.BORDER);
        temperature.setDigits(2);
        temperature.setValues(80, 5, 500, 2, 5, 25);
        temperature.setToolTipText("Below 1: the likeliest characters; above 1: more surprises");
        new Label(form, SWT.NONE).setText("&Length:");
        length = new Spinner(form, SWT.BORDER);
        length.setValues(300, 1, 10_000, 0, 50, 500);
        new Label(form, SWT.NONE).setText("S&eed:");
        seed = new Spinner(form, SWT.BORDER);
        seed.setValues(1, 0, Integer.MAX_VALUE, 0, 1, 10);
        output = new Text(form, SWT.BORDER | SWT.MULTI | SWT.WRAP | SWT.V_SCROLL | SWT.READ_ONLY);
        GridData out = new GridData(SWT.FILL, SWT.FILL, true, true, 2, 1);
        out.widthHint = 640;
        out.heightHint = 260;
        output.setLayoutData(out);
        return area;
    }

    @Override
    protected void createButtonsForButtonBar(Composite parent) {
        createButton(parent, SAMPLE_ID, "&Sample", true);
        createButton(parent, IDialogConstants.OK_ID, IDialogConstants.CLOSE_LABEL, false);
    }

    @Override
    protected void buttonPressed(int id) {
        if (id == SAMPLE_ID) {
            sample();
        } else {
            super.buttonPressed(id);
        }
    }

    /** Draws a sample with the fields' values; a prime with characters the model does not know is said so. */
    public void sample() {
        double t = temperature.getSelection() / 100.0;
        BusyIndicator.showWhile(getShell().getDisplay(), () -> {
            try {
                output.setText(sampler.sample(prime.getText(), length.getSelection(), t, seed.getSelection()));
                setErrorMessage(null);
            } catch (IllegalArgumentException e) {
                setErrorMessage("Cannot sample: " + e.getMessage());
            }
        });
    }

    /** Sets the fields as a person would (tests use this). */
    public void set(String primeText, double temperatureValue, int lengthValue) {
        prime.setText(primeText);
        temperature.setSelection((int) Math.round(temperatureValue * 100));
        length.setSelection(lengthValue);
    }

    public String output() {
        return output.getText();
    }
}
