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
import org.rnnstudio.model.ModelFile;
import org.rnnstudio.model.TrainingSettings;

/**
 * "Train this model file", the same for the command line and the studio: the data resolved against the
 * model's folder, a fresh start from the seed or trained weights to continue from, training, and the results
 * in a folder (beside the model unless another is named): {@code MODEL.weights.json}, {@code MODEL.metrics.csv}
 * (one row per epoch) and {@code MODEL.training.json} (the settings used). The adapters only show progress.
 */
public final class TrainingSession {

    /** The metrics file's columns after its comment line of settings; docs/model-format.md describes them. */
    public static final String METRICS_COLUMNS = "epoch,loss,accuracy,validation_loss,validation_accuracy,seconds,"
            + "character_error_rate,validation_character_error_rate";

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
        Plan plan;
        try {
            plan = Plan.compile(model);
        } catch (InvalidModelException e) {
            throw new SessionException(modelFile + ": " + e.getMessage());
        }
        String spec = resolveData(settings.data, modelFolder);
        try {
            List<Sequence> data = DataSpec.load(spec, plan);
            MemoryBudget.checkTraining(plan, data, settings.batch, settings.validation > 0);
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
        network.initialize(settings.init(), settings.initScale, settings.seed);
        continuedFrom = null;
    }

    /** Trained weights to go on from; weights of another structure are refused and nothing is loaded. */
    public void continueFrom(Path weights) throws SessionException {
        try {
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

    public Plan plan() {
        return plan;
    }

    public Network network() {
        return network;
    }

    public List<Sequence> data() {
        return data;
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
        TrainingSettings t = settings;
        return String.format(Locale.ROOT, "%s, epochs %d, batch %d, lr %s (%s), momentum %s%s, clip %s, weight decay %s, seed %d, truncate %d, "
                + "%s, validation %s, patience %d, data %s", t.optimizer, t.epochs, t.batch, t.learningRate, t.schedule, t.momentum,
                t.nesterov ? " (Nesterov)" : "", t.clipNorm, t.weightDecay, t.seed, t.truncation,
                continuedFrom == null ? "init " + t.init + " " + t.initScale : "continued from " + continuedFrom, t.validation, t.patience, dataSpec);
    }

    /**
     * Trains, reporting to the listener, then writes the results whatever happened: done, cancelled, or
     * stopped on a number that left the finite ones (then the last good weights are written).
     */
    public Outcome train(Trainer.Listener listener, BooleanSupplier cancelled, Trainer.Observation observation) {
        Metrics metrics = new Metrics(describe(), listener);
        Trainer.Result result = null;
        String stopped = null;
        try {
            result = new Trainer(network).train(data, trainerSettings(), metrics, cancelled, observation);
        } catch (Trainer.DivergedException e) {
            stopped = e.getMessage();
        }
        return save(result, stopped, metrics);
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
        private double characterErrorRate = Double.NaN;
        private double validationCharacterErrorRate = Double.NaN;

        Metrics(String settingsLine, Trainer.Listener next) {
            this.csv = new StringBuilder("# ").append(settingsLine.replace('\n', ' ')).append('\n').append(METRICS_COLUMNS).append('\n');
            this.next = next;
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
                    .append(',').append(characterErrorRate).append(',').append(validationCharacterErrorRate).append('\n');
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
        try {
            AtomicFiles.writeString(metricsFile, metrics.csv.toString());
            Model settingsOnly = new Model();
            settingsOnly.setName("settings used by the last run of " + modelFile.getFileName());
            settingsOnly.setTraining(settings);
            AtomicFiles.writeString(settingsFile, ModelFile.write(settingsOnly));
        } catch (IOException e) {
            String reason = "cannot write the metrics or the settings into " + folder + " (" + e + ")";
            problem = problem == null ? reason : problem + "; " + reason;
        }
        return new Outcome(result, stopped, metrics.growth(), weights, metricsFile, settingsFile, problem);
    }

    private static String baseName(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".rnn") ? name.substring(0, name.length() - 4) : name;
    }
}
