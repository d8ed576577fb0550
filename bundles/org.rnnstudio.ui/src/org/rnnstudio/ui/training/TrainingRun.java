package org.rnnstudio.ui.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.core.resources.IFile;
import org.rnnstudio.model.Model;
import org.rnnstudio.model.ModelFile;

/**
 * What one training run has reported so far, shared between the job that trains (it appends) and the views
 * (they read, on the UI thread, at most about ten times a second).
 */
public final class TrainingRun {

    /** Told when a run starts, has news, or ends; called on the training thread. */
    public interface Listener {
        void changed(TrainingRun run);
    }

    private static final List<Listener> LISTENERS = new CopyOnWriteArrayList<>();
    private static volatile TrainingRun latest;
    /** The latest run of each model file in this session, for the views that follow the active editor. */
    private static final Map<IFile, TrainingRun> LATEST_BY_FILE = new java.util.concurrent.ConcurrentHashMap<>();

    private final String name;
    private final IFile file;
    private final String snapshot;
    private final List<double[]> epochs = new ArrayList<>();
    private final List<double[]> hessianFreeSteps = new ArrayList<>();
    private final Map<Integer, double[]> gradients = new LinkedHashMap<>();
    private String gradientGroup;
    private Map<String, double[][]> weights = Map.of();
    private Map<String, double[][]> activations = Map.of();
    private volatile String status = "running";
    private volatile boolean finished;
    private long startedAt = System.currentTimeMillis();
    private boolean em;
    /** when the latest epoch ended; 0 for a run read back from its files, whose timing they do not keep */
    private long lastEpochAt;
    private volatile int plannedEpochs;

    TrainingRun(IFile file, String snapshot) {
        this.name = file.getName();
        this.file = file;
        this.snapshot = snapshot;
        Model model = snapshot == null ? null : ModelFile.read(snapshot).model();
        this.em = model != null && model.kind() != Model.Kind.NETWORK;
    }

    /** True for a hidden-state model fitted by EM: its epochs are iterations, its loss the negative log-likelihood per step. */
    public boolean fitsByEm() {
        return em;
    }

    /** When the run started (for a run read back from its files: when they were last written), in epoch milliseconds. */
    public long startedAt() {
        return startedAt;
    }

    /** The model file this run trains. */
    public IFile file() {
        return file;
    }

    /** Whether a model differs from the snapshot this run trains (the diagram changed since it started). */
    public boolean differsFrom(Model model) {
        return snapshot != null && !ModelFile.write(model).equals(snapshot);
    }

    public static void addListener(Listener l) {
        LISTENERS.add(l);
    }

    public static void removeListener(Listener l) {
        LISTENERS.remove(l);
    }

    /** The most recent run, or null. */
    public static TrainingRun latest() {
        return latest;
    }

    /** The latest run of this model file in this session, or null. */
    public static TrainingRun latest(IFile model) {
        return model == null ? null : LATEST_BY_FILE.get(model);
    }

    static void started(TrainingRun run) {
        latest = run;
        LATEST_BY_FILE.put(run.file(), run);
        fire(run);
    }

    static void fire(TrainingRun run) {
        for (Listener l : LISTENERS) {
            l.changed(run);
        }
    }

    /**
     * The last run of a model as its files beside it record it (MODEL.metrics.csv), so that a view opened
     * after a restart shows it; null when there is none or it cannot be read.
     */
    public static TrainingRun load(IFile model) {
        String base = model.getName().replaceFirst("\\.rnn$", "");
        Path metrics = model.getLocation().toFile().toPath().resolveSibling(base + ".metrics.csv");
        if (!Files.isRegularFile(metrics)) {
            return null;
        }
        TrainingRun run = new TrainingRun(model, null);
        try {
            run.startedAt = Files.getLastModifiedTime(metrics).toMillis();
            for (String line : Files.readAllLines(metrics)) {
                if (line.startsWith("iteration")) {
                    run.em = true;
                }
                if (line.isBlank() || line.startsWith("#") || line.startsWith("epoch") || line.startsWith("iteration")) {
                    continue;
                }
                String[] cells = line.split(",");
                if (run.em) {
                    // iteration, log_likelihood, log_likelihood_per_step, seconds: the run's loss was the negative per step
                    run.epochs.add(new double[] {Double.parseDouble(cells[0]), -Double.parseDouble(cells[2]), Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN});
                    continue;
                }
                double[] row = new double[7];
                // the file's columns (docs/model-format.md) without its seconds, column 5
                for (int i = 0; i < 7; i++) {
                    int column = i < 5 ? i : i + 1;
                    row[i] = column < cells.length ? Double.parseDouble(cells[column]) : Double.NaN;
                }
                run.epochs.add(row);
            }
        } catch (IOException | NumberFormatException e) {
            return null;
        }
        run.status = "the last run, as " + metrics.getFileName() + " records it (" + run.epochs.size() + " epochs)";
        run.finished = true;
        return run;
    }

    public String name() {
        return name;
    }

    /**
     * epoch, loss, accuracy, validation loss (NaN without a validation split), validation accuracy, character error
     * rate and validation character error rate (NaN without a ctc output)
     */
    synchronized void addEpoch(double[] values) {
        epochs.add(values);
        lastEpochAt = System.currentTimeMillis();
    }

    /** How many epochs the run's settings ask for, for the estimate of the time left. */
    void plan(int epochs) {
        plannedEpochs = epochs;
    }

    public int plannedEpochs() {
        return plannedEpochs;
    }

    /** From the start to the latest epoch's end if the run has finished, else to now; 0 when not known. */
    public synchronized long elapsedMillis() {
        if (lastEpochAt == 0) {
            return 0;
        }
        return (finished ? lastEpochAt : System.currentTimeMillis()) - startedAt;
    }

    /** At most limit of the epochs so far, evenly spaced, the last one always among them. */
    public synchronized List<double[]> epochs(int limit) {
        if (epochs.size() <= limit) {
            return new ArrayList<>(epochs);
        }
        List<double[]> some = new ArrayList<>(limit);
        double stride = (epochs.size() - 1) / (double) (limit - 1);
        for (int i = 0; i < limit; i++) {
            some.add(epochs.get((int) Math.round(i * stride)));
        }
        return some;
    }

    /** A copy of the epochs so far: epoch, loss, accuracy, validation loss, validation accuracy, the two character error rates. */
    public synchronized List<double[]> epochs() {
        return new ArrayList<>(epochs);
    }

    /** step, CG iterations, lambda, rho: one row per Hessian-free step */
    synchronized void addHessianFreeStep(double[] values) {
        hessianFreeSteps.add(values);
    }

    /** A copy of the Hessian-free steps so far (none for other optimisers): step, CG iterations, lambda, rho. */
    public synchronized List<double[]> hessianFreeSteps() {
        return new ArrayList<>(hessianFreeSteps);
    }

    /** ||dE/dy_t|| of the observed group at each step, recorded at some epochs (1, 2, 5, 10, 20, 50, ...). */
    synchronized void addGradients(int epoch, String group, double[] norms) {
        gradientGroup = group;
        gradients.put(epoch, norms.clone());
    }

    public synchronized Map<Integer, double[]> gradients() {
        return new LinkedHashMap<>(gradients);
    }

    public synchronized String gradientGroup() {
        return gradientGroup;
    }

    /** The outputs of every group over the observed sequence after the latest epoch: [step][unit], by group id. */
    synchronized void setActivations(Map<String, double[][]> latest) {
        activations = latest;
    }

    public synchronized Map<String, double[][]> activations() {
        return activations;
    }

    /** The latest weights, by parameter set name: [row][column]. */
    synchronized void setWeights(Map<String, double[][]> latest) {
        weights = latest;
    }

    public synchronized Map<String, double[][]> weights() {
        return weights;
    }

    public String status() {
        return status;
    }

    public boolean isFinished() {
        return finished;
    }

    void finish(String finalStatus) {
        status = finalStatus;
        finished = true;
        fire(this);
    }
}
