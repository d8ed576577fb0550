package org.rnnstudio.ui.training;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.ui.console.ConsolePlugin;
import org.eclipse.ui.console.IConsole;
import org.eclipse.ui.console.MessageConsole;
import org.rnnstudio.engine.Network;
import org.rnnstudio.engine.Plan;
import org.rnnstudio.engine.RunHistory;
import org.rnnstudio.engine.Trainer;
import org.rnnstudio.engine.TrainingSession;
import org.rnnstudio.model.Model;
import org.rnnstudio.model.ModelFile;
import org.rnnstudio.model.TrainingSettings;
import org.rnnstudio.model.UnitGroup;

/**
 * Trains a snapshot of a model in the background through the engine's training session: the diagram stays
 * editable, and what the person changes while it runs does not reach this run. Progress in the Progress view
 * (epochs), a console of its own, the Training view; the weights, the metrics and the settings used are
 * written beside the model, so closing the studio loses nothing. Cancel stops within one step and keeps the
 * weights as they were then. Train starts from fresh weights; Continue Training from the weights beside the model.
 */
public class TrainingJob extends Job {

    public static final Object FAMILY = TrainingJob.class;

    /** At most one progress line a second in the console, besides the first and the last epoch. */
    private static final long CONSOLE_INTERVAL_MILLIS = 1000;

    private final IFile file;
    private final String snapshot;
    private final boolean continuing;
    private final TrainingRun run;

    /** Takes the snapshot now, on the caller's thread; the run starts from fresh weights. */
    public TrainingJob(IFile file, Model model) {
        this(file, model, false);
    }

    /** With {@code continuing}, the run goes on from the trained weights beside the model instead. */
    public TrainingJob(IFile file, Model model, boolean continuing) {
        super((continuing ? "Continuing training of " : "Training ") + file.getName());
        this.file = file;
        this.snapshot = ModelFile.write(model);
        this.continuing = continuing;
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

    /** Whatever happens, the run ends in the views: an unexpected error is shown, never a run "training" forever. */
    @Override
    protected IStatus run(IProgressMonitor monitor) {
        MessageConsole console = new MessageConsole("RNN Studio: training " + file.getName(), null);
        ConsolePlugin.getDefault().getConsoleManager().addConsoles(new IConsole[] {console});
        try (PrintStream out = new PrintStream(console.newMessageStream(), true)) {
            TrainingRun.started(run);
            try {
                return train(out, monitor);
            } catch (RuntimeException | Error e) {
                String message = "Training failed: " + e;
                out.println(message);
                if (!run.isFinished()) {
                    run.finish(message);
                }
                return Status.error(message, e);
            }
        } finally {
            monitor.done();
        }
    }

    private IStatus train(PrintStream out, IProgressMonitor monitor) {
        Model model = ModelFile.read(snapshot).model();
        TrainingSettings t = model.training() != null ? model.training() : new TrainingSettings();
        if (t.data == null || t.data.isBlank()) {
            return fail(out, "The model's training settings name no data: set them with RNN Studio > Training Settings, "
                    + "or add \"training\": {\"data\": ...} to the file.");
        }
        Path modelFile = file.getLocation().toFile().toPath();
        TrainingSession session;
        try {
            session = TrainingSession.open(modelFile, model, t, null);
            if (continuing) {
                session.continueFrom(TrainingSession.weightsBeside(modelFile));
            } else {
                session.initialize();
            }
        } catch (TrainingSession.SessionException e) {
            return fail(out, "Training cannot start: " + e.getMessage());
        }
        Plan plan = session.plan();
        Network network = session.network();
        int epochs = t.epochs;
        boolean em = session.fitsByEm();
        run.plan(epochs);
        out.println((continuing ? "Continuing training of " : "Training ") + file.getFullPath() + " on " + session.sequenceCount() + " sequences: "
                + session.describe());
        monitor.beginTask(getName(), epochs);
        double[] validation = {Double.NaN, Double.NaN};
        double[][] lastNorms = {null};
        double[] errorRates = {Double.NaN, Double.NaN};
        long[] lastPrinted = {0};
        String observed = em ? null : TrainingChoices.gradientGroup() != null && hasGroup(plan, TrainingChoices.gradientGroup())
                ? TrainingChoices.gradientGroup() : observedGroup(plan);
        int sequence = Math.min(TrainingChoices.sequence(), session.sequenceCount() - 1);
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
            public void hessianFree(int epoch, int step, int cgIterations, double lambda, double rho) {
                run.addHessianFreeStep(new double[] {step, cgIterations, lambda, rho});
                out.println(String.format(Locale.ROOT, "Hessian-free step %d: %d CG iterations, lambda %.3g, rho %.2f", step, cgIterations,
                        lambda, rho));
            }

            @Override
            public void validation(int epoch, double loss, double accuracy) {
                validation[0] = loss;
                validation[1] = accuracy;
            }

            @Override
            public void errorRates(int epoch, double training, double held) {
                errorRates[0] = training;
                errorRates[1] = held;
            }

            @Override
            public void epoch(int epoch, double loss, double accuracy) {
                run.addEpoch(new double[] {epoch, loss, accuracy, validation[0], validation[1], errorRates[0], errorRates[1]});
                // the console's document is updated on the UI thread: thousands of lines a second would freeze it
                long now = System.currentTimeMillis();
                if (epoch <= 1 || epoch == epochs || now - lastPrinted[0] >= CONSOLE_INTERVAL_MILLIS) {
                    lastPrinted[0] = now;
                    // EM's epochs are iterations, iteration 0 the start; their loss is the negative log-likelihood per step
                    out.println(em ? String.format(Locale.ROOT, "iteration %d: log-likelihood per step %.6f", epoch, -loss)
                            : String.format(Locale.ROOT, "epoch %d: loss %.5f, accuracy %.1f%%", epoch, loss, 100 * accuracy));
                }
                monitor.subTask(String.format(Locale.ROOT, em ? "iteration %d of %d, log-likelihood per step %.4f" : "epoch %d of %d, loss %.4f", epoch,
                        epochs, em ? -loss : loss));
                monitor.worked(epoch > 0 || !em ? 1 : 0);
                if (lastNorms[0] != null && TrainingChoices.recorded(epoch)) {
                    run.addGradients(epoch, observed, lastNorms[0]);
                }
                if (network != null) {
                    run.setWeights(weights(network));
                }
                TrainingRun.fire(run);
            }
        };
        TrainingSession.Outcome outcome = session.train(listener, monitor::isCanceled,
                em ? null : new Trainer.Observation(observed, groupIds(plan), sequence, 0));
        refresh(out);
        String ending;
        IStatus status;
        Trainer.Result result = outcome.result();
        if (outcome.stopped() != null) {
            ending = "Training stopped: " + outcome.stopped();
            status = Status.warning(ending);
        } else if (result.cancelled()) {
            ending = "Cancelled after " + (em ? "iteration " : "epoch ") + result.epochs() + "; the weights as they were then are saved.";
            status = Status.CANCEL_STATUS;
        } else if (em) {
            ending = String.format(Locale.ROOT, "Done: log-likelihood per step %.6f after %d iterations.", -result.loss(), result.epochs());
            status = Status.OK_STATUS;
        } else if (outcome.warning() != null) {
            ending = String.format(Locale.ROOT, "Diverged: %s (loss %.5g after %d epochs).", outcome.warning(), result.loss(), result.epochs());
            status = Status.warning(ending);
        } else {
            ending = String.format(Locale.ROOT, "Done: loss %.5f, accuracy %.1f%% after %d epochs.", result.loss(), 100 * result.accuracy(),
                    result.epochs());
            status = Status.OK_STATUS;
        }
        if (outcome.writeProblem() != null) {
            ending += " But " + outcome.writeProblem() + ".";
            status = Status.warning(ending);
        } else {
            out.println("Weights: " + outcome.weights());
        }
        out.println(ending);
        run.finish(ending);
        if (outcome.weights() != null) {
            keep(outcome, ending, out);
        }
        return status;
    }

    /** Every run that trained goes into the model's history, MODEL.runs/TIME/, to compare and to go back to. */
    private void keep(TrainingSession.Outcome outcome, String ending, PrintStream out) {
        Path modelFile = file.getLocation().toFile().toPath();
        try {
            RunHistory.Run kept = RunHistory.keep(modelFile, outcome, ending, java.time.Instant.now());
            out.println("Run kept in " + kept.folder());
            file.getParent().getFolder(new org.eclipse.core.runtime.Path(RunHistory.folderOf(modelFile).getFileName().toString()))
                    .refreshLocal(IResource.DEPTH_INFINITE, null);
        } catch (java.io.IOException | CoreException e) {
            out.println("The run could not be kept in the history: " + e.getMessage());
        }
    }

    /** The workspace learns of the files the session wrote beside the model. */
    private void refresh(PrintStream out) {
        try {
            file.getParent().refreshLocal(IResource.DEPTH_ONE, null);
        } catch (CoreException e) {
            out.println("The workspace could not be refreshed: " + e.getMessage());
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
}
