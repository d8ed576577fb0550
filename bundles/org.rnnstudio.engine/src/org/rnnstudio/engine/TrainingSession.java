package org.rnnstudio.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;

import org.rnnstudio.model.AtomicFiles;
import org.rnnstudio.model.Model;
import org.rnnstudio.model.MomentumSchedule;
import org.rnnstudio.model.ModelFile;
import org.rnnstudio.model.Optimizer;
import org.rnnstudio.model.Precision;
import org.rnnstudio.model.TrainingSettings;

/**
 * "Train this model file", the same for the command line and the studio: the data resolved against the
 * model's folder, a fresh start from the seed or trained weights to continue from, training, and the results
 * in a folder (beside the model unless another is named): {@code MODEL.weights.json}, {@code MODEL.metrics.csv}
 * (one row per epoch) and {@code MODEL.training.json} (the settings used). The adapters only show progress.
 * A hidden-state model (kind {@code lds} or {@code hmm}) is fitted by EM instead ({@link HiddenStateFit}): the
 * same three files, the metrics one row per iteration with the log-likelihood.
 */
public final class TrainingSession {

    /** The metrics file's columns after its comment line of settings; docs/model-format.md describes them. */
    public static final String METRICS_COLUMNS = "epoch,loss,accuracy,validation_loss,validation_accuracy,seconds,"
            + "character_error_rate,validation_character_error_rate";
    /** The columns a Hessian-free run adds at the end, from the epoch's last step. */
    public static final String HESSIAN_FREE_COLUMNS = "cg_iterations,lambda,rho";

    /**
     * A run whose loss ends this many times above where it started has diverged without leaving the finite
     * numbers (the binary adder at learning rate 1e6 ends near 2e7): it is reported, not called done.
     */
    static final double GROWTH_WARNING = 1e3;

    /** Why a session cannot start, in one line that names the file or the folder. */
    public static final class SessionException extends Exception {
        private static final long serialVersionUID = 1L;

        SessionException(String message) {
            super(message);
        }
    }

    /**
     * How a run ended. {@code result} is null when training stopped on a number that left the finite ones
     * ({@code stopped} says which); {@code warning} says the loss grew out of bounds; {@code weights} is where the
     * weights are now, which is elsewhere than asked when {@code writeProblem} says why.
     */
    public record Outcome(Trainer.Result result, String stopped, String warning, Path weights, Path metrics, Path settings,
            String writeProblem) {
    }

    private final Path modelFile;
    private final Model model;
    private final TrainingSettings settings;
    private final Plan plan;
    private final Network network;
    private final String dataSpec;
    private final List<Sequence> data;
    private final Path folder;
    private final String base;
    private Path continuedFrom;
    private RidgeReadout.Fit lastFit;
    private final HiddenStateFit hidden;

    private TrainingSession(Path modelFile, Model model, TrainingSettings settings, Plan plan, String dataSpec, List<Sequence> data,
            Path folder) {
        this.modelFile = modelFile;
        this.model = model;
        this.settings = settings;
        this.plan = plan;
        this.network = new Network(plan);
        this.dataSpec = dataSpec;
        this.data = data;
        this.folder = folder;
        this.base = baseName(modelFile);
        this.hidden = null;
    }

    private TrainingSession(Path modelFile, Model model, TrainingSettings settings, HiddenStateFit hidden, String dataSpec, Path folder) {
        this.modelFile = modelFile;
        this.model = model;
        this.settings = settings;
        this.plan = null;
        this.network = null;
        this.dataSpec = dataSpec;
        this.data = List.of();
        this.folder = folder;
        this.base = baseName(modelFile);
        this.hidden = hidden;
    }

    /**
     * Checks everything that can be checked before work starts: the results folder (created when missing),
     * the model, the data. {@code results} null means beside the model. The weights are not set yet: call
     * {@link #initialize()} or {@link #continueFrom(Path)}.
     */
    public static TrainingSession open(Path modelFile, Model model, TrainingSettings settings, Path results) throws SessionException {
        Path modelFolder = modelFile.toAbsolutePath().getParent();
        Path folder = results == null ? modelFolder : results.toAbsolutePath();
        if (Files.exists(folder) && !Files.isDirectory(folder)) {
            throw new SessionException(results + " is a file, not a folder: the results go into a folder (MODEL.weights.json, "
                    + "MODEL.metrics.csv, MODEL.training.json)");
        }
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new SessionException("cannot make the folder " + folder + " for the results: " + e.getMessage());
        }
        if (!Files.isWritable(folder)) {
            throw new SessionException("cannot write into " + folder + ": the results would have nowhere to go");
        }
        if (settings.data == null || settings.data.isBlank()) {
            throw new SessionException(modelFile.getFileName() + ": the training settings name no data");
        }
        if (model.kind() != Model.Kind.NETWORK) {
            String spec = resolveData(settings.data, modelFolder);
            try {
                return new TrainingSession(modelFile, model, settings, new HiddenStateFit(model, settings, spec), spec, folder);
            } catch (DataException e) {
                throw new SessionException(e.getMessage());
            }
        }
        Plan plan;
        try {
            plan = Plan.compile(model);
        } catch (InvalidModelException e) {
            throw new SessionException(modelFile + ": " + e.getMessage());
        }
        if (settings.optimizer() == Optimizer.HF && HessianFree.unmatched(plan) != null) {
            throw new SessionException(modelFile + ": " + HessianFree.unmatched(plan));
        }
        if (settings.checkpoint != 0 && settings.optimizer() != Optimizer.HF && CheckpointedPass.refusal(plan) != null) {
            throw new SessionException(modelFile + ": " + CheckpointedPass.refusal(plan));
        }
        String spec = resolveData(settings.data, modelFolder);
        try {
            List<Sequence> data = DataSpec.load(spec, plan);
            MemoryBudget.checkTraining(plan, data, settings.batch, settings.validation > 0,
                    Trainer.segmentLength(plan, Trainer.Settings.of(settings), Trainer.longest(data)));
            return new TrainingSession(modelFile, model, settings, plan, spec, data, folder);
        } catch (DataException | MemoryBudget.TooLarge e) {
            throw new SessionException(e.getMessage());
        }
    }

    /**
     * A data spec with its file (a CSV's path, or a text spec's {@code file=}) taken relative to a folder:
     * a model's settings name files relative to the model, a command line relative to where it is typed.
     */
    public static String resolveData(String spec, Path folder) {
        if (spec.startsWith("text:")) {
            int at = spec.indexOf("file=");
            if (at < 0) {
                return spec;
            }
            int end = spec.indexOf(',', at);
            String path = end < 0 ? spec.substring(at + 5) : spec.substring(at + 5, end);
            return spec.substring(0, at + 5) + resolvePath(path, folder) + (end < 0 ? "" : spec.substring(end));
        }
        if (spec.contains(":")) {
            return spec;
        }
        // a bare word is a generator ("binary-adder") unless it names a file; a path or a .csv is always a file
        Path file = folder.resolve(spec).normalize();
        return Files.exists(file) || spec.endsWith(".csv") || spec.contains("/") || spec.contains(java.io.File.separator) ? file.toString() : spec;
    }

    private static String resolvePath(String path, Path folder) {
        return path.isBlank() ? path : folder.resolve(path).normalize().toString();
    }

    /** Fresh weights from the settings' initialisation and seed. */
    public void initialize() {
        if (hidden != null) {
            hidden.initialize();
            return;
        }
        network.initialize(settings.init(), settings.initScale, settings.seed);
        continuedFrom = null;
    }

    /** Trained weights to go on from; weights of another structure are refused and nothing is loaded. */
    public void continueFrom(Path weights) throws SessionException {
        try {
            if (hidden != null) {
                hidden.continueFrom(weights);
                continuedFrom = weights;
                return;
            }
            WeightsFile.load(network, weights);
        } catch (NoSuchFileException e) {
            throw new SessionException("no weights file " + weights + " to continue from");
        } catch (IOException e) {
            throw new SessionException("cannot read " + weights + ": " + e.getMessage());
        } catch (WeightsFile.WeightsException e) {
            throw new SessionException(e.getMessage());
        }
        continuedFrom = weights;
    }

    /** The network's plan; null for a hidden-state model. */
    public Plan plan() {
        return plan;
    }

    /** The network being trained; null for a hidden-state model. */
    public Network network() {
        return network;
    }

    /** A network's sequences; none for a hidden-state model, whose sequences {@link #sequenceCount()} counts. */
    public List<Sequence> data() {
        return data;
    }

    public int sequenceCount() {
        return hidden != null ? hidden.data().size() : data.size();
    }

    /** True for a model fitted by EM (kind lds or hmm): each epoch is an iteration, its loss the negative log-likelihood per step. */
    public boolean fitsByEm() {
        return hidden != null;
    }

    /** The data spec as loaded, its file resolved. */
    public String dataSpec() {
        return dataSpec;
    }

    public Trainer.Settings trainerSettings() {
        return Trainer.Settings.of(settings);
    }

    /** Where the trained weights are written: the results folder's MODEL.weights.json. */
    public Path weightsFile() {
        return folder.resolve(base + ".weights.json");
    }

    /** The weights file beside a model, where training writes them and Continue Training reads them. */
    public static Path weightsBeside(Path modelFile) {
        return modelFile.toAbsolutePath().resolveSibling(baseName(modelFile) + ".weights.json");
    }

    /** One line of the settings used, for the console and the metrics file's comment line. */
    public String describe() {
        if (hidden != null) {
            return hidden.describe();
        }
        TrainingSettings t = settings;
        if (fits()) {
            return String.format(Locale.ROOT, "one ridge-regression fit of the readout, washout %d, ridge %s%s, validation %s, data %s",
                    t.washout, t.chooseRidge && t.validation > 0 ? "chosen on the validation split" : t.ridge,
                    continuedFrom == null ? ", seed " + t.seed : ", continued from " + continuedFrom, t.validation, dataSpec);
        }
        if (t.optimizer() == Optimizer.HF) {
            return String.format(Locale.ROOT, "hf (lambda %s, structural damping %s, CG at most %d, curvature on %s of a batch), epochs %d, "
                    + "batch %d, seed %d, %s, validation %s, patience %d, data %s%s", t.hfLambda, t.hfStructuralDamping, t.hfCgIterations,
                    t.hfCurvatureFraction, t.epochs, t.batch, t.seed, continuedFrom == null ? "init " + t.init + " " + t.initScale
                            : "continued from " + continuedFrom, t.validation, t.patience, dataSpec, products());
        }
        return String.format(Locale.ROOT, "%s, epochs %d, batch %d, lr %s (%s), momentum %s%s, clip %s, weight decay %s, seed %d, truncate %d%s, "
                + "%s, validation %s, patience %d, data %s%s", t.optimizer, t.epochs, t.batch, t.learningRate, t.schedule,
                t.momentumSchedule() == MomentumSchedule.CONSTANT ? String.valueOf(t.momentum) : "rising to " + t.momentum,
                t.nesterov ? " (Nesterov)" : "", t.clipNorm, t.weightDecay, t.seed, t.truncation,
                t.checkpoint == 0 ? "" : ", checkpoint " + (t.checkpoint == TrainingSettings.CHECKPOINT_AUTO ? "auto" : t.checkpoint),
                continuedFrom == null ? "init " + t.init + " " + t.initScale : "continued from " + continuedFrom, t.validation, t.patience, dataSpec,
                products());
    }

    /** The precision the products run in, which belongs beside every figure a run gives, and why it is not the one asked for. */
    private String products() {
        Precision asked = settings.precision();
        Precision runs = Trainer.products(plan, trainerSettings());
        if (runs == asked) {
            return ", products in " + runs.fileName();
        }
        return ", products in " + runs.fileName() + " (" + asked.fileName() + " asked: "
                + (settings.optimizer() == Optimizer.HF ? "Hessian-free runs in double)" : "a net this small runs on its lanes, in double)");
    }

    /**
     * Trains, reporting to the listener, then writes the results whatever happened: done, cancelled, or
     * stopped on a number that left the finite ones (then the last good weights are written).
     */
    public Outcome train(Trainer.Listener listener, BooleanSupplier cancelled, Trainer.Observation observation) {
        if (hidden != null) {
            return fit(listener, cancelled);
        }
        Metrics metrics = new Metrics(describe(), settings.optimizer() == Optimizer.HF, listener);
        if (fits()) {
            return save(fit(metrics), null, metrics);
        }
        Trainer.Result result = null;
        String stopped = null;
        try {
            result = new Trainer(network).train(data, trainerSettings(), metrics, cancelled, observation);
        } catch (Trainer.DivergedException e) {
            stopped = e.getMessage();
        }
        return save(result, stopped, metrics);
    }

    /**
     * Whether training is one fit of a readout by ridge regression (an echo-state network: nothing but the
     * connections into linear outputs learns) rather than epochs of gradient descent.
     */
    public boolean fits() {
        return RidgeReadout.applies(plan);
    }

    /** The ridge regression, reported as one step and one epoch with the teacher-forced loss it leaves. */
    private Trainer.Result fit(Metrics metrics) {
        List<Sequence> fitting = new java.util.ArrayList<>(data);
        List<Sequence> held = Trainer.split(fitting, settings.validation, settings.seed);
        lastFit = new RidgeReadout(network).fit(fitting, held, settings.washout, settings.ridge, settings.chooseRidge, settings.batch);
        metrics.step(1, 1, lastFit.loss(), lastFit.accuracy());
        if (!held.isEmpty()) {
            metrics.validation(1, lastFit.validationLoss(), lastFit.validationAccuracy());
        }
        metrics.epoch(1, lastFit.loss(), lastFit.accuracy());
        return new Trainer.Result(1, lastFit.loss(), lastFit.accuracy(), false);
    }

    /** The last fit of a readout (its ridge and rows), or null when training took gradient steps. */
    public RidgeReadout.Fit lastFit() {
        return lastFit;
    }

    /** Records a row per epoch in the metrics file's format, and the first and last losses, then passes every event on. */
    private static final class Metrics implements Trainer.Listener {
        private final StringBuilder csv;
        private final Trainer.Listener next;
        private final long start = System.nanoTime();
        private double firstLoss = Double.NaN;
        private double lastLoss = Double.NaN;
        private double validationLoss = Double.NaN;
        private double validationAccuracy = Double.NaN;
        private final boolean hessianFree;
        private int cgIterations;
        private double lambda = Double.NaN;
        private double rho = Double.NaN;
        private double characterErrorRate = Double.NaN;
        private double validationCharacterErrorRate = Double.NaN;

        Metrics(String settingsLine, boolean hessianFree, Trainer.Listener next) {
            this.csv = new StringBuilder("# ").append(settingsLine.replace('\n', ' ')).append('\n').append(METRICS_COLUMNS)
                    .append(hessianFree ? "," + HESSIAN_FREE_COLUMNS : "").append('\n');
            this.hessianFree = hessianFree;
            this.next = next;
        }

        @Override
        public void hessianFree(int epoch, int step, int iterations, double newLambda, double reduction) {
            cgIterations = iterations;
            lambda = newLambda;
            rho = reduction;
            next.hessianFree(epoch, step, iterations, newLambda, reduction);
        }

        @Override
        public void step(int epoch, int step, double loss, double accuracy) {
            if (Double.isNaN(firstLoss)) {
                firstLoss = loss;
            }
            next.step(epoch, step, loss, accuracy);
        }

        @Override
        public void validation(int epoch, double loss, double accuracy) {
            validationLoss = loss;
            validationAccuracy = accuracy;
            next.validation(epoch, loss, accuracy);
        }

        @Override
        public void errorRates(int epoch, double training, double validation) {
            characterErrorRate = training;
            validationCharacterErrorRate = validation;
            next.errorRates(epoch, training, validation);
        }

        @Override
        public void gradientNorms(int epoch, int step, String group, double[] normPerStep) {
            next.gradientNorms(epoch, step, group, normPerStep);
        }

        @Override
        public void activations(int epoch, java.util.Map<String, double[][]> outputs) {
            next.activations(epoch, outputs);
        }

        @Override
        public void epoch(int epoch, double loss, double accuracy) {
            lastLoss = loss;
            csv.append(epoch).append(',').append(loss).append(',').append(accuracy).append(',').append(validationLoss).append(',')
                    .append(validationAccuracy).append(',').append(String.format(Locale.ROOT, "%.3f", (System.nanoTime() - start) / 1e9))
                    .append(',').append(characterErrorRate).append(',').append(validationCharacterErrorRate);
            if (hessianFree) {
                csv.append(',').append(cgIterations).append(',').append(lambda).append(',').append(rho);
            }
            csv.append('\n');
            next.epoch(epoch, loss, accuracy);
        }

        /** Says so when the loss ended orders of magnitude above the first step's. */
        String growth() {
            if (!(firstLoss > 0) || !(lastLoss > GROWTH_WARNING * firstLoss)) {
                return null;
            }
            return String.format(Locale.ROOT, "the loss grew from %.4g to %.4g (%.0e times): training diverged; try a smaller learning rate "
                    + "or gradient clipping", firstLoss, lastLoss, lastLoss / firstLoss);
        }
    }

    /**
     * Writes the weights first: a run is never lost. When they cannot go where asked, they go to a file of
     * their own in the temporary folder, and the outcome says where and why.
     */
    private Outcome save(Trainer.Result result, String stopped, Metrics metrics) {
        Path weights = weightsFile();
        Path metricsFile = folder.resolve(base + ".metrics.csv");
        Path settingsFile = folder.resolve(base + ".training.json");
        String problem = null;
        String vocabulary = null;
        try {
            String trainedOn = DataSpec.textOf(dataSpec);
            vocabulary = trainedOn == null ? null : TextData.vocabulary(trainedOn);
        } catch (DataException e) {
            // the text was read when the data loaded; if it has gone since, the weights still matter more than the vocabulary
            problem = "the vocabulary could not be read again (" + e.getMessage() + "), so the weights have none";
        }
        try {
            WeightsFile.save(network, weights, vocabulary);
        } catch (IOException e) {
            String reason = "cannot write " + weights + " (" + e + ")";
            try {
                Path kept = Files.createTempFile(base + "-", ".weights.json");
                WeightsFile.save(network, kept, vocabulary);
                weights = kept;
                problem = reason + "; the weights are in " + kept;
            } catch (IOException again) {
                problem = reason + " nor a temporary file (" + again.getMessage() + "): the weights are lost";
                weights = null;
            }
        }
        problem = writeMetricsAndSettings(metrics.csv.toString(), metricsFile, settingsFile, problem);
        return new Outcome(result, stopped, metrics.growth(), weights, metricsFile, settingsFile, problem);
    }

    /** The metrics and the settings used; a problem writing them is added to the one before, if any. */
    private String writeMetricsAndSettings(String metrics, Path metricsFile, Path settingsFile, String problem) {
        try {
            AtomicFiles.writeString(metricsFile, metrics);
            Model settingsOnly = new Model();
            settingsOnly.setName("settings used by the last run of " + modelFile.getFileName());
            settingsOnly.setTraining(settings);
            AtomicFiles.writeString(settingsFile, ModelFile.write(settingsOnly));
            return problem;
        } catch (IOException e) {
            String reason = "cannot write the metrics or the settings into " + folder + " (" + e + ")";
            return problem == null ? reason : problem + "; " + reason;
        }
    }

    /**
     * EM for a hidden-state model, then its results: the parameters first, then the metrics and the settings.
     * A fit stopped by a degenerate distribution writes no weights: there are none it could trust.
     */
    private Outcome fit(Trainer.Listener listener, BooleanSupplier cancelled) {
        HiddenStateFit.Fit fit = hidden.fit(listener, cancelled);
        Path weights = fit.parameters() == null ? null : weightsFile();
        String problem = null;
        if (weights != null) {
            try {
                hidden.save(fit.parameters(), weights);
            } catch (IOException e) {
                String reason = "cannot write " + weights + " (" + e + ")";
                try {
                    weights = Files.createTempFile(base + "-", ".weights.json");
                    hidden.save(fit.parameters(), weights);
                    problem = reason + "; the weights are in " + weights;
                } catch (IOException again) {
                    problem = reason + " nor a temporary file (" + again.getMessage() + "): the weights are lost";
                    weights = null;
                }
            }
        }
        Path metricsFile = folder.resolve(base + ".metrics.csv");
        Path settingsFile = folder.resolve(base + ".training.json");
        problem = writeMetricsAndSettings(fit.metrics(), metricsFile, settingsFile, problem);
        Trainer.Result result = fit.stopped() != null ? null
                : new Trainer.Result(fit.iterations(), hidden.loss(fit.logLikelihood()), Double.NaN, fit.cancelled());
        return new Outcome(result, fit.stopped(), null, weights, metricsFile, settingsFile, problem);
    }

    private static String baseName(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".rnn") ? name.substring(0, name.length() - 4) : name;
    }
}
