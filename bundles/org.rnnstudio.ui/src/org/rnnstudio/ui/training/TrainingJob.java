package org.rnnstudio.ui.training;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.ui.console.ConsolePlugin;
import org.eclipse.ui.console.IConsole;
import org.eclipse.ui.console.MessageConsole;
import org.rnnstudio.engine.DataException;
import org.rnnstudio.engine.DataSpec;
import org.rnnstudio.engine.InvalidModelException;
import org.rnnstudio.engine.Network;
import org.rnnstudio.engine.Plan;
import org.rnnstudio.engine.Sequence;
import org.rnnstudio.engine.TextData;
import org.rnnstudio.engine.Trainer;
import org.rnnstudio.engine.WeightsFile;
import org.rnnstudio.model.AtomicFiles;
import org.rnnstudio.model.Model;
import org.rnnstudio.model.ModelFile;
import org.rnnstudio.model.TrainingSettings;
import org.rnnstudio.model.UnitGroup;

/**
 * Trains a snapshot of a model in the background: the diagram stays editable, and what the person changes
 * while it runs does not reach this run. Progress in the Progress view (epochs), a console of its own, the
 * Training view; the weights, the metrics and the settings used are written beside the model, so closing
 * the studio loses nothing. Cancel stops within one step and keeps the weights as they were then.
 */
public class TrainingJob extends Job {

    public static final Object FAMILY = TrainingJob.class;

    private final IFile file;
    private final String snapshot;
    private final TrainingRun run;

    /** Takes the snapshot now, on the caller's thread. */
    public TrainingJob(IFile file, Model model) {
        super("Training " + file.getName());
        this.file = file;
        this.snapshot = ModelFile.write(model);
        this.run = new TrainingRun(file, snapshot);
        setUser(true);
    }

    public TrainingRun run() {
        return run;
    }

    @Override
    public boolean belongsTo(Object family) {
        return family == FAMILY;
    }

    /** Data paths are taken relative to the model's folder first, then to the workspace. */
    private String resolve(String spec) {
        Path folder = file.getLocation().toFile().toPath().getParent();
        Path root = ResourcesPlugin.getWorkspace().getRoot().getLocation().toFile().toPath();
        if (spec.startsWith("text:")) {
            int at = spec.indexOf("file=");
            if (at > 0) {
                int end = spec.indexOf(',', at);
                String path = end < 0 ? spec.substring(at + 5) : spec.substring(at + 5, end);
                String resolved = resolvePath(path, folder, root);
                return spec.substring(0, at + 5) + resolved + (end < 0 ? "" : spec.substring(end));
            }
            return spec;
        }
        return spec.contains(":") ? spec : resolvePath(spec, folder, root);
    }

    private static String resolvePath(String path, Path folder, Path root) {
        Path p = Path.of(path);
        if (p.isAbsolute() || Files.exists(p)) {
            return path;
        }
        if (Files.exists(folder.resolve(p))) {
            return folder.resolve(p).toString();
        }
        return root.resolve(p).toString();
    }

    @Override
    protected IStatus run(IProgressMonitor monitor) {
        MessageConsole console = new MessageConsole("RNN Studio: training " + file.getName(), null);
        ConsolePlugin.getDefault().getConsoleManager().addConsoles(new IConsole[] {console});
        try (PrintStream out = new PrintStream(console.newMessageStream(), true)) {
            TrainingRun.started(run);
            Model model = ModelFile.read(snapshot).model();
            TrainingSettings t = model.training() != null ? model.training() : new TrainingSettings();
            if (t.data == null || t.data.isBlank()) {
                return fail(out, "The model's training settings name no data: set them with RNN Studio > Training Settings, "
                        + "or add \"training\": {\"data\": ...} to the file.");
            }
            Plan plan;
            List<Sequence> data;
            String dataSpec = resolve(t.data);
            try {
                plan = Plan.compile(model);
                data = DataSpec.load(dataSpec, plan);
            } catch (InvalidModelException e) {
                return fail(out, "The model has errors (see the Problems view): " + e.getMessage());
            } catch (DataException e) {
                return fail(out, "The training data cannot be used: " + e.getMessage());
            }
            Trainer.Settings settings = Trainer.Settings.of(t);
            Network network = new Network(plan);
            network.initialize(Trainer.named(Network.Initialization.class, t.init), t.initScale, settings.seed());
            out.println("Training " + file.getFullPath() + " on " + data.size() + " sequences (" + dataSpec + "): " + settings.epochs()
                    + " epochs, batch " + settings.batchSize() + ", " + t.optimizer + ", learning rate " + t.learningRate + ", seed " + t.seed);
            monitor.beginTask("Training " + file.getName(), settings.epochs());
            StringBuilder csv = new StringBuilder("epoch,loss,accuracy,validation_loss,validation_accuracy\n");
            double[] validation = {Double.NaN, Double.NaN};
            double[][] lastNorms = {null};
            String observed = TrainingChoices.gradientGroup() != null && hasGroup(plan, TrainingChoices.gradientGroup())
                    ? TrainingChoices.gradientGroup() : observedGroup(plan);
            int sequence = Math.min(TrainingChoices.sequence(), data.size() - 1);
            Trainer.Listener listener = new Trainer.Listener() {
                @Override
                public void gradientNorms(int epoch, int step, String group, double[] normPerStep) {
                    lastNorms[0] = normPerStep;
                }

                @Override
                public void activations(int epoch, Map<String, double[][]> outputs) {
                    run.setActivations(outputs);
                }

                @Override
                public void validation(int epoch, double loss, double accuracy) {
                    validation[0] = loss;
                    validation[1] = accuracy;
                }

                @Override
                public void epoch(int epoch, double loss, double accuracy) {
                    run.addEpoch(new double[] {epoch, loss, accuracy, validation[0], validation[1]});
                    csv.append(epoch).append(',').append(loss).append(',').append(accuracy).append(',').append(validation[0]).append(',')
                            .append(validation[1]).append('\n');
                    out.println(String.format(Locale.ROOT, "epoch %d: loss %.5f, accuracy %.1f%%", epoch, loss, 100 * accuracy));
                    monitor.subTask(String.format(Locale.ROOT, "epoch %d of %d, loss %.4f", epoch, settings.epochs(), loss));
                    monitor.worked(1);
                    if (lastNorms[0] != null && TrainingChoices.recorded(epoch)) {
                        run.addGradients(epoch, observed, lastNorms[0]);
                    }
                    run.setWeights(weights(network));
                    TrainingRun.fire(run);
                }
            };
            String ending;
            IStatus status;
            try {
                Trainer.Result result = new Trainer(network).train(data, settings, listener, monitor::isCanceled,
                        new Trainer.Observation(observed, groupIds(plan), sequence, 0));
                if (result.cancelled()) {
                    ending = "Cancelled after epoch " + result.epochs() + "; the weights as they were then are saved.";
                    status = Status.CANCEL_STATUS;
                } else {
                    ending = String.format(Locale.ROOT, "Done: loss %.5f, accuracy %.1f%% after %d epochs.", result.loss(), 100 * result.accuracy(),
                            result.epochs());
                    status = Status.OK_STATUS;
                }
            } catch (Trainer.DivergedException e) {
                ending = "Training stopped: " + e.getMessage();
                status = Status.warning(ending);
            }
            save(network, csv, t, dataSpec, out);
            out.println(ending);
            run.finish(ending);
            return status;
        } finally {
            monitor.done();
        }
    }

    private static boolean hasGroup(Plan plan, String id) {
        for (UnitGroup g : plan.groups()) {
            if (g.id().equals(id) && !g.isInput()) {
                return true;
            }
        }
        return false;
    }

    /** The group whose error derivatives are followed through time: the first hidden group (a cell's h). */
    private static String observedGroup(Plan plan) {
        for (UnitGroup g : plan.groups()) {
            if (!g.isInput() && !g.isOutput() && (g.id().endsWith(".h") || !g.id().contains("."))) {
                return g.id();
            }
        }
        return null;
    }

    /** Every group's id, inputs first: the Activations view shows them over the first sequence. */
    private static List<String> groupIds(Plan plan) {
        List<String> ids = new ArrayList<>();
        for (UnitGroup g : plan.groups()) {
            ids.add(g.id());
        }
        return ids;
    }

    /** A copy of the weight matrices and diagonals, by parameter set name, for the Weights view. */
    private static Map<String, double[][]> weights(Network network) {
        Map<String, double[][]> copy = new LinkedHashMap<>();
        for (Plan.ParameterSet p : network.plan().parameters()) {
            if (p.kind() == Plan.ParameterSet.Kind.MATRIX || p.kind() == Plan.ParameterSet.Kind.DIAGONAL) {
                double[] values = network.copyOf(p);
                double[][] m = new double[p.rows()][p.cols()];
                for (int r = 0; r < p.rows(); r++) {
                    System.arraycopy(values, r * p.cols(), m[r], 0, p.cols());
                }
                copy.put(p.name(), m);
            }
        }
        return copy;
    }

    private IStatus fail(PrintStream out, String message) {
        out.println(message);
        run.finish(message);
        return Status.warning(message);
    }

    /** The results beside the model: MODEL.weights.json, MODEL.metrics.csv and MODEL.training.json. */
    private void save(Network network, StringBuilder csv, TrainingSettings t, String dataSpec, PrintStream out) {
        String base = file.getName().replaceFirst("\\.rnn$", "");
        Path folder = file.getLocation().toFile().toPath().getParent();
        try {
            String vocabulary = null;
            String text = DataSpec.textOf(dataSpec);
            if (text != null) {
                vocabulary = TextData.vocabulary(text);
            }
            WeightsFile.save(network, folder.resolve(base + ".weights.json"), vocabulary);
            AtomicFiles.writeString(folder.resolve(base + ".metrics.csv"), csv.toString());
            Model settingsOnly = new Model();
            settingsOnly.setName("settings used by the last run of " + file.getName());
            settingsOnly.setTraining(t);
            AtomicFiles.writeString(folder.resolve(base + ".training.json"), ModelFile.write(settingsOnly));
            file.getParent().refreshLocal(IResource.DEPTH_ONE, null);
            out.println("Weights: " + folder.resolve(base + ".weights.json"));
        } catch (IOException | DataException | CoreException e) {
            out.println("The results could not be written beside the model: " + e.getMessage());
        }
    }
}
