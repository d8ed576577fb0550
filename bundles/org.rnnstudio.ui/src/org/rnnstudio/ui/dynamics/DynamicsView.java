package org.rnnstudio.ui.dynamics;

import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.layout.RowData;
import org.eclipse.swt.layout.RowLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Spinner;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.IPartListener2;
import org.eclipse.ui.IWorkbenchPart;
import org.eclipse.ui.IWorkbenchPartReference;
import org.eclipse.ui.part.ViewPart;
import org.rnnstudio.engine.DataException;
import org.rnnstudio.engine.DataSpec;
import org.rnnstudio.engine.InvalidModelException;
import org.rnnstudio.engine.Network;
import org.rnnstudio.engine.Plan;
import org.rnnstudio.engine.Sequence;
import org.rnnstudio.engine.TrainingSession;
import org.rnnstudio.engine.WeightsFile;
import org.rnnstudio.engine.dynamics.Automaton;
import org.rnnstudio.engine.dynamics.Drive;
import org.rnnstudio.engine.dynamics.Dynamics;
import org.rnnstudio.engine.dynamics.DynamicsException;
import org.rnnstudio.engine.dynamics.FixedPoint;
import org.rnnstudio.engine.dynamics.Projection;
import org.rnnstudio.engine.dynamics.Starts;
import org.rnnstudio.engine.dynamics.StepMap;
import org.rnnstudio.ui.editor.RnnEditor;

/**
 * The active model with its weights as a dynamical system: free runs from random initial states (zero input,
 * a constant input, or the inputs of the first sequence of the model's training data), the phase portrait with the fixed points drawn by their class, the verdict in words, and
 * a strip chart of chosen units beneath; or the network driven by every sequence of a data spec, read as a
 * finite-state machine (the lecture's binary adder as its automaton). The runs are computed in a job, never
 * on the UI thread; the header names the model and the weights it shows.
 */
public class DynamicsView extends ViewPart {

    public static final String ID = "org.rnnstudio.ui.dynamics";
    private static final String PRINCIPAL = "principal components";
    private static final String UNITS = "two units";
    private static final String ZERO = "zero input";
    private static final String CONSTANT = "constant input";
    private static final String SEQUENCE = "the training data's first sequence";
    private static final String AUTOMATON = "driven by data: automaton";
    private static final int AUTOMATON_CHOICE = 3;
    /** States of the driven network closer than this (max-norm) are one state of the machine, as the command line's default. */
    private static final double AUTOMATON_RADIUS = 0.3;

    private Label header;
    private Combo input;
    private Text values;
    private Text data;
    private Spinner starts;
    private Spinner steps;
    private Combo view;
    private Combo xUnit;
    private Combo yUnit;
    private Label verdict;
    private Label fixedPoints;
    private PortraitCanvas canvas;

    private RnnEditor editor;
    private Path weights;
    private Job job;
    private volatile boolean busy;
    private Automaton machine;

    private final IPartListener2 follower = new IPartListener2() {
        @Override
        public void partActivated(IWorkbenchPartReference ref) {
            IWorkbenchPart part = ref.getPart(false);
            if (part instanceof RnnEditor activated && activated != editor) {
                show(activated, null);
            }
        }

        @Override
        public void partClosed(IWorkbenchPartReference ref) {
            if (ref.getPart(false) == editor) {
                show(null, null);
            }
        }
    };

    @Override
    public void createPartControl(Composite parent) {
        org.eclipse.ui.PlatformUI.getWorkbench().getHelpSystem().setHelp(parent, "org.rnnstudio.help.dynamics");
        Composite top = new Composite(parent, SWT.NONE);
        top.setLayout(new GridLayout(1, false));
        header = new Label(top, SWT.NONE);
        header.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        Composite controls = new Composite(top, SWT.NONE);
        // the settings wrap onto more rows when the view is narrow
        RowLayout row = new RowLayout(SWT.HORIZONTAL);
        row.center = true;
        controls.setLayout(row);
        controls.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        input = combo(controls, ZERO, CONSTANT, SEQUENCE, AUTOMATON);
        values = new Text(controls, SWT.BORDER);
        values.setLayoutData(new RowData(60, SWT.DEFAULT));
        values.setToolTipText("the constant input, one value per input unit, separated by commas");
        data = new Text(controls, SWT.BORDER);
        data.setLayoutData(new RowData(220, SWT.DEFAULT));
        data.setToolTipText("the data that drives the network read as an automaton (a data spec; the model's training data when it opens)");
        new Label(controls, SWT.NONE).setText("runs");
        starts = new Spinner(controls, SWT.BORDER);
        starts.setValues(16, 1, 200, 0, 1, 4);
        new Label(controls, SWT.NONE).setText("steps");
        steps = new Spinner(controls, SWT.BORDER);
        steps.setValues(1000, 20, 20000, 0, 100, 1000);
        view = combo(controls, PRINCIPAL, UNITS);
        xUnit = combo(controls);
        yUnit = combo(controls);
        Button choose = new Button(controls, SWT.PUSH);
        choose.setText("Weights...");
        choose.addListener(SWT.Selection, e -> chooseWeights());
        Button run = new Button(controls, SWT.PUSH);
        run.setText("Run");
        run.addListener(SWT.Selection, e -> run());
        verdict = new Label(top, SWT.WRAP);
        verdict.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        fixedPoints = new Label(top, SWT.WRAP);
        fixedPoints.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        canvas = new PortraitCanvas(top);
        canvas.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        getSite().getPage().addPartListener(follower);
        if (getSite().getPage().getActiveEditor() instanceof RnnEditor active) {
            show(active, null);
        } else {
            show(null, null);
        }
    }

    private static Combo combo(Composite parent, String... items) {
        Combo c = new Combo(parent, SWT.READ_ONLY);
        c.setItems(items);
        if (items.length > 0) {
            c.select(0);
        }
        return c;
    }

    /**
     * Shows the model of this editor with these weights (null: the weights file beside the model), and runs it.
     */
    public void show(RnnEditor newEditor, Path newWeights) {
        if (newEditor != editor && data != null && !data.isDisposed()) {
            data.setText(trainingData(newEditor));
        }
        editor = newEditor;
        weights = newWeights;
        if (editor != null && weights == null && editor.file() != null && editor.file().getLocation() != null) {
            Path model = editor.file().getLocation().toFile().toPath();
            String name = model.getFileName().toString();
            weights = model.resolveSibling((name.endsWith(".rnn") ? name.substring(0, name.length() - 4) : name) + ".weights.json");
        }
        run();
    }

    /** The model's training data, a file in it resolved beside the model as training resolves it; "" when it names none. */
    private static String trainingData(RnnEditor editor) {
        if (editor == null || editor.document().model().training() == null) {
            return "";
        }
        String spec = editor.document().model().training().data;
        if (spec == null || spec.isBlank() || editor.file().getLocation() == null) {
            return spec == null ? "" : spec;
        }
        return TrainingSession.resolveData(spec, editor.file().getLocation().toFile().toPath().getParent());
    }

    private void chooseWeights() {
        FileDialog dialog = new FileDialog(getSite().getShell(), SWT.OPEN);
        dialog.setFilterExtensions(new String[] {"*.weights.json", "*.json"});
        if (weights != null) {
            dialog.setFilterPath(weights.getParent().toString());
        }
        String chosen = dialog.open();
        if (chosen != null) {
            show(editor, Path.of(chosen));
        }
    }

    /** Runs the network in a job with the view's settings, and draws what it finds. */
    public void run() {
        if (canvas == null || canvas.isDisposed()) {
            return;
        }
        canvas.show(null);
        machine = null;
        // a job still computing must not draw over what these settings say
        if (job != null) {
            job.cancel();
            job = null;
        }
        fixedPoints.setText("");
        if (editor == null) {
            header.setText("No model");
            say("Open an RNN Studio model (.rnn) with its weights to see what it does when it runs on its own.");
            return;
        }
        header.setText(editor.file().getName() + " with " + (weights == null ? "no weights" : weights.getFileName()));
        StepMap map;
        try {
            Network network = new Network(Plan.compile(editor.document().model()));
            WeightsFile.load(network, weights);
            map = StepMap.of(network);
        } catch (InvalidModelException e) {
            say("The model cannot run until its errors are fixed (see the Problems view).");
            return;
        } catch (NoSuchFileException e) {
            say("No weights beside the model (" + weights.getFileName() + "): train it first, or choose a weights file.");
            return;
        } catch (java.io.IOException | WeightsFile.WeightsException | DynamicsException e) {
            say(e.getMessage());
            return;
        }
        fillUnits(map);
        if (input.getSelectionIndex() == AUTOMATON_CHOICE) {
            automaton(map);
            return;
        }
        String sequenceData = input.getSelectionIndex() == 2 && editor.document().model().training() != null ? editor.document().model().training().data : null;
        if (input.getSelectionIndex() == 2 && (sequenceData == null || sequenceData.isBlank())) {
            say("The model's training settings name no data to take a sequence from.");
            return;
        }
        Drive constant;
        try {
            constant = sequenceData != null ? null : drive(map);
        } catch (IllegalArgumentException e) {
            say(e.getMessage());
            return;
        }
        int runs = starts.getSelection();
        int length = steps.getSelection();
        if ((long) runs * (length + 1) * map.dimension() > Dynamics.MOST_STATE_VALUES) {
            say(runs + " runs of " + length + " steps of " + map.dimension() + " units are more than " + Dynamics.MOST_STATE_VALUES
                    + " numbers to keep: lower the runs or the steps.");
            return;
        }
        boolean principal = view.getSelectionIndex() == 0 && map.dimension() > 2;
        int x = Math.max(0, xUnit.getSelectionIndex());
        int y = Math.max(0, yUnit.getSelectionIndex());
        int[] stripUnits = principal ? firstUnits(map) : x == y ? new int[] {x} : new int[] {x, y};
        say("Running " + runs + " runs of " + length + " steps...");
        busy = true;
        job = new Job("Dynamics of " + editor.file().getName()) {
            @Override
            protected IStatus run(IProgressMonitor monitor) {
                Drive drive = constant;
                if (drive == null) {
                    try {
                        drive = Drive.of(map, DataSpec.load(sequenceData, map.plan()).get(0), "the first sequence of " + sequenceData);
                    } catch (DataException | IndexOutOfBoundsException e) {
                        canvas.getDisplay().asyncExec(() -> say("No sequence from " + sequenceData + ": " + e.getMessage()));
                        return Status.OK_STATUS;
                    }
                }
                Dynamics.Report report = Dynamics.analyse(map, new Dynamics.Settings(drive, Starts.random(map, runs, 1), length, 1));
                Projection projection = principal ? Projection.principal(report.runs()) : Projection.units(map, x, map.dimension() > 1 ? y : 1);
                Picture picture = Picture.of(report, projection, stripUnits);
                if (!monitor.isCanceled() && !canvas.isDisposed()) {
                    canvas.getDisplay().asyncExec(() -> draw(this, picture));
                }
                return Status.OK_STATUS;
            }
        };
        job.setSystem(true);
        job.schedule();
    }

    /** Drives the network with every sequence of the data spec, in a job, and draws the machine it reads. */
    private void automaton(StepMap map) {
        String spec = data.getText().trim();
        if (spec.isEmpty()) {
            say("Name the data that drives the network (a data spec such as binary-adder:bits=4,all) to read it as an automaton.");
            return;
        }
        int outputGroup = -1;
        for (int g = 0; g < map.plan().groups().size() && outputGroup < 0; g++) {
            outputGroup = map.plan().groups().get(g).isOutput() ? g : -1;
        }
        if (outputGroup < 0) {
            say("The model has no output group, so its states write nothing to read as an automaton.");
            return;
        }
        int written = outputGroup;
        String title = editor.file().getName() + " with " + weights.getFileName() + " driven by " + spec;
        say("Reading the network driven by " + spec + " as an automaton...");
        busy = true;
        job = new Job("Automaton of " + editor.file().getName()) {
            @Override
            protected IStatus run(IProgressMonitor monitor) {
                List<Sequence> sequences;
                List<Drive> drives = new ArrayList<>();
                List<Integer> lengths = new ArrayList<>();
                try {
                    sequences = DataSpec.load(spec, map.plan());
                    for (int s = 0; s < sequences.size(); s++) {
                        drives.add(Drive.of(map, sequences.get(s), "sequence " + (s + 1)));
                        lengths.add(sequences.get(s).length());
                    }
                } catch (DataException | IllegalArgumentException e) {
                    Job self = this;
                    canvas.getDisplay().asyncExec(() -> {
                        if (self == job && !canvas.isDisposed()) {
                            say("No sequences from " + spec + ": " + e.getMessage());
                        }
                    });
                    return Status.OK_STATUS;
                }
                Automaton read = Automaton.extract(map, drives, lengths, written, AUTOMATON_RADIUS);
                String words = "The network driven by the " + sequences.size() + " sequences of " + spec + ",\nits states clustered within "
                        + AUTOMATON_RADIUS + ":\n" + read.describe().trim();
                if (!monitor.isCanceled() && !canvas.isDisposed()) {
                    canvas.getDisplay().asyncExec(() -> drawMachine(this, read, title, words));
                }
                return Status.OK_STATUS;
            }
        };
        job.setSystem(true);
        job.schedule();
    }

    private void drawMachine(Job from, Automaton read, String title, String words) {
        if (from != job || canvas.isDisposed()) {
            return;
        }
        machine = read;
        say(read.states().size() + " states and " + read.transitions().size() + " transitions: each state is a cluster of hidden states, "
                + "an arrow the input bits read on the way (and how often).");
        canvas.showMachine(read, title, words);
        canvas.getParent().layout(true, true);
        busy = false;
    }

    private void draw(Job from, Picture picture) {
        if (from != job || canvas.isDisposed()) {
            return;
        }
        Dynamics.Report report = picture.report();
        say(report.verdict());
        fixedPoints.setText(String.format(Locale.ROOT, "Largest Lyapunov exponent %+.4f per step. ", report.lyapunov()) + describe(report.fixedPoints()));
        canvas.show(picture);
        canvas.getParent().layout(true, true);
        busy = false;
    }

    /** Each point's class when there are a few, how many of each class when there are more. */
    private static String describe(List<FixedPoint> points) {
        if (points.isEmpty()) {
            return "No fixed point found.";
        }
        StringBuilder s = new StringBuilder(points.size() == 1 ? "1 fixed point: " : points.size() + " fixed points: ");
        if (points.size() <= 3) {
            for (int i = 0; i < points.size(); i++) {
                s.append(i == 0 ? "" : "; ").append(points.get(i).describe());
            }
            return s.append('.').toString();
        }
        Map<FixedPoint.Stability, Integer> counts = new EnumMap<>(FixedPoint.Stability.class);
        for (FixedPoint p : points) {
            counts.merge(p.stability(), 1, Integer::sum);
        }
        String separator = "";
        for (Map.Entry<FixedPoint.Stability, Integer> e : counts.entrySet()) {
            s.append(separator).append(e.getValue()).append(' ').append(e.getKey().words());
            separator = ", ";
        }
        return s.append('.').toString();
    }

    private void say(String text) {
        verdict.setText(text);
        busy = false;
        verdict.getParent().layout(true, true);
    }

    private Drive drive(StepMap map) {
        if (input.getSelectionIndex() == 0 || map.inputWidth() == 0) {
            return Drive.zero(map.inputWidth());
        }
        String[] parts = values.getText().split(",");
        if (parts.length != map.inputWidth()) {
            throw new IllegalArgumentException("A constant input needs " + map.inputWidth() + " values, one per input unit, separated by commas.");
        }
        double[] v = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                v[i] = Double.parseDouble(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Input value " + (i + 1) + " is '" + parts[i].trim() + "', not a number.");
            }
        }
        return Drive.constant(v);
    }

    private void fillUnits(StepMap map) {
        if (xUnit.getItemCount() == map.dimension() && xUnit.getItem(0).equals(map.unitName(0))) {
            return;
        }
        String[] names = new String[map.dimension()];
        for (int i = 0; i < names.length; i++) {
            names[i] = map.unitName(i);
        }
        xUnit.setItems(names);
        yUnit.setItems(names);
        xUnit.select(0);
        yUnit.select(Math.min(1, names.length - 1));
    }

    private static int[] firstUnits(StepMap map) {
        int[] units = new int[Math.min(3, map.dimension())];
        for (int i = 0; i < units.length; i++) {
            units[i] = i;
        }
        return units;
    }

    /** Sets how many runs of how many steps, as a person does with the spinners, and runs. */
    public void setRuns(int runs, int length) {
        starts.setSelection(runs);
        steps.setSelection(length);
        run();
    }

    /** Back to the free run with zero input, as a person does with the input choice. */
    public void showFreeRun() {
        input.select(0);
        run();
    }

    /** Reads the active model driven by this data spec as an automaton, as a person does with the choice and the spec field. */
    public void showAutomaton(String spec) {
        input.select(AUTOMATON_CHOICE);
        data.setText(spec);
        run();
    }

    /** The finite-state machine drawn, or null when the view shows a phase portrait or nothing. */
    public Automaton automaton() {
        return machine;
    }

    /** What the view draws on (for tests: its pixels). */
    public Canvas drawing() {
        return canvas;
    }

    /** The verdict line as shown (for tests and the screenshot's reader). */
    public String verdict() {
        return verdict.getText();
    }

    /** True while a run is being computed. */
    public boolean isBusy() {
        return busy;
    }

    @Override
    public void setFocus() {
        canvas.setFocus();
    }

    @Override
    public void dispose() {
        getSite().getPage().removePartListener(follower);
        if (job != null) {
            job.cancel();
        }
        super.dispose();
    }
}
