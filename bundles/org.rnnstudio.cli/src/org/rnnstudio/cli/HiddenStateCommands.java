package org.rnnstudio.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import org.rnnstudio.engine.CapacityExperiment;
import org.rnnstudio.engine.DataException;
import org.rnnstudio.engine.HiddenStateWeights;
import org.rnnstudio.engine.InferenceException;
import org.rnnstudio.engine.ObservationData;
import org.rnnstudio.engine.ObservedSequence;
import org.rnnstudio.engine.Trainer;
import org.rnnstudio.engine.TrainingSession;
import org.rnnstudio.engine.WeightsFile;
import org.rnnstudio.engine.hmm.ForwardBackward;
import org.rnnstudio.engine.hmm.HiddenMarkovModel;
import org.rnnstudio.engine.hmm.Viterbi;
import org.rnnstudio.engine.lds.KalmanSmoother;
import org.rnnstudio.engine.lds.LinearDynamicalSystem;
import org.rnnstudio.export.ExportException;
import org.rnnstudio.export.HiddenStateImage;
import org.rnnstudio.export.NumpyWeights;
import org.rnnstudio.export.TrainedModel;
import org.rnnstudio.model.AtomicFiles;
import org.rnnstudio.model.Diagnostic;
import org.rnnstudio.model.HmmDescription;
import org.rnnstudio.model.Model;
import org.rnnstudio.model.ModelFile;
import org.rnnstudio.model.TrainingSettings;
import org.rnnstudio.model.Validator;

/**
 * {@code validate}, {@code train}, {@code eval}, {@code infer} and {@code sample} for the hidden-state
 * models, kinds {@code lds} and {@code hmm}: EM iterations are the epochs, and the weights file holds their
 * parameter sets under the documented names. Data are CSV files with {@code sequence}, {@code y.I} and
 * {@code u.I} columns (see docs/model-format.md, "Hidden-state models").
 */
final class HiddenStateCommands {

    private final PrintStream out;
    private final boolean console;

    HiddenStateCommands(PrintStream out, boolean console) {
        this.out = out;
        this.console = console;
    }

    /** True when this class runs the command: its model is an lds or hmm, or the command is infer or capacity. */
    static boolean handles(String command, Main.Options o) throws Main.Failure {
        if (command.equals("infer") || command.equals("capacity")) {
            return true;
        }
        if (!List.of("validate", "train", "eval", "sample", "export").contains(command)) {
            return false;
        }
        try {
            Model model = ModelFile.read(o.model()).model();
            return model != null && (model.kind() != Model.Kind.NETWORK || model.lds() != null || model.hmm() != null);
        } catch (Main.Failure | IOException e) {
            return false;
        }
    }

    int run(String command, Main.Options o) throws Main.Failure {
        return switch (command) {
        case "validate" -> validate(o);
        case "train" -> train(o);
        case "eval" -> eval(o);
        case "infer" -> infer(o);
        case "export" -> export(o);
        case "capacity" -> capacity(o);
        default -> sample(o);
        };
    }

    private int validate(Main.Options o) throws Main.Failure {
        o.allow();
        Path file = o.model();
        ModelFile.ReadResult read = read(file);
        List<Diagnostic> diagnostics = new ArrayList<>(read.diagnostics());
        diagnostics.addAll(Validator.validate(read.model()));
        for (Diagnostic d : diagnostics) {
            out.println(file + ": " + d);
        }
        if (Validator.hasErrors(diagnostics)) {
            out.println(file + ": invalid");
            return Main.FAILED;
        }
        Model model = read.model();
        long parameters = 0;
        for (String name : HiddenStateWeights.description(model).parameterNames()) {
            int[] shape = HiddenStateWeights.description(model).shape(name);
            parameters += (long) shape[0] * shape[1];
        }
        out.println(file + ": valid (" + HiddenStateWeights.structure(model) + ", " + parameters + " parameters)");
        return Main.OK;
    }

    /**
     * Fits through the engine's training session, as a network trains: the model's settings with --data,
     * --epochs (EM iterations) and --seed applied, from the starting values or --weights to continue from.
     */
    private int train(Main.Options o) throws Main.Failure {
        o.allow("data", "epochs", "seed", "out", "weights");
        Path file = o.model();
        Model model = loadValid(file);
        TrainingSettings t = (model.training() != null ? model.training() : new TrainingSettings()).copy();
        if (o.has("data")) {
            // typed on the command line: relative to where it is typed, not to the model
            t.data = TrainingSession.resolveData(o.required("data"), Paths.get("").toAbsolutePath());
        }
        if (t.data == null || t.data.isBlank()) {
            throw new Main.Failure(Main.USAGE, "train: --data is needed (the model's training settings name no data)");
        }
        t.epochs = o.integer("epochs", t.epochs, 1);
        t.seed = o.longInteger("seed", t.seed);
        TrainingSession session;
        try {
            session = TrainingSession.open(file, model, t, o.has("out") ? Paths.get(o.required("out")) : null);
            if (o.has("weights")) {
                session.continueFrom(Paths.get(o.required("weights")));
            } else {
                session.initialize();
            }
        } catch (TrainingSession.SessionException e) {
            throw new Main.Failure(Main.FAILED, e.getMessage());
        }
        int iterations = t.epochs;
        long start = System.nanoTime();
        Trainer.Listener progress = new Trainer.Listener() {
            @Override
            public void epoch(int iteration, double loss, double accuracy) {
                String line = String.format(Locale.ROOT, "iteration %" + Integer.toString(iterations).length() + "d/%d %s log-likelihood per step %.6f",
                        iteration, iterations, Main.bar(iteration, iterations), -loss);
                if (console) {
                    out.print("\r" + line + (iteration == iterations ? "\n" : ""));
                } else {
                    out.println(line);
                }
                out.flush();
            }
        };
        out.println("Training " + file.getFileName() + " on " + session.sequenceCount() + " sequences: " + session.describe());
        TrainingSession.Outcome outcome = session.train(progress, () -> false, null);
        if (outcome.writeProblem() != null) {
            throw new Main.Failure(Main.FAILED, outcome.writeProblem());
        }
        if (outcome.stopped() != null) {
            throw new Main.Failure(Main.FAILED, "training stopped: " + outcome.stopped());
        }
        out.println(String.format(Locale.ROOT, "Done in %.1f s: log-likelihood per step %.6f after %d iterations", (System.nanoTime() - start) / 1e9,
                -outcome.result().loss(), outcome.result().epochs()));
        out.println("Weights: " + outcome.weights());
        out.println("Metrics: " + outcome.metrics());
        return Main.OK;
    }

    private int eval(Main.Options o) throws Main.Failure {
        o.allow("weights", "data");
        Path file = o.model();
        Model model = loadValid(file);
        Map<String, double[][]> parameters = weights(model, o);
        List<ObservedSequence> data = data(model, o.required("data"));
        double total = 0;
        long steps = 0;
        for (ObservedSequence s : data) {
            double logLikelihood = guarded(() -> model.kind() == Model.Kind.LDS
                    ? KalmanSmoother.filter(lds(model, parameters), s).logLikelihood()
                    : ForwardBackward.run(hmm(model, parameters), s).logLikelihood());
            out.println(s.name() + ": " + s.length() + " steps, log-likelihood " + logLikelihood + " (" + logLikelihood / s.length() + " per step)");
            total += logLikelihood;
            steps += s.length();
        }
        out.println(data.size() + " sequences, " + steps + " steps: log-likelihood " + total + " (" + total / steps + " per step)");
        return Main.OK;
    }

    /**
     * Per sequence and step: for an LDS the filtered and smoothed means and variances of every state
     * dimension; for an HMM every state's filtered and posterior probability and the Viterbi state.
     */
    private int infer(Main.Options o) throws Main.Failure {
        o.allow("weights", "input", "output");
        Path file = o.model();
        Model model = loadValid(file);
        if (model.kind() == Model.Kind.NETWORK) {
            throw new Main.Failure(Main.USAGE, "infer is for models of kind lds and hmm; a network's outputs come from ./rnnstudio run");
        }
        Map<String, double[][]> parameters = weights(model, o);
        List<ObservedSequence> data = data(model, o.required("input"));
        Path output = Paths.get(o.required("output"));
        StringBuilder csv = new StringBuilder("sequence");
        if (model.kind() == Model.Kind.LDS) {
            for (String column : List.of("filtered_mean", "filtered_var", "smoothed_mean", "smoothed_var")) {
                for (int i = 0; i < model.lds().state(); i++) {
                    csv.append(',').append(column).append('.').append(i);
                }
            }
        } else {
            for (String column : List.of("filtered", "posterior")) {
                for (int i = 0; i < model.hmm().states(); i++) {
                    csv.append(',').append(column).append('.').append(i);
                }
            }
            csv.append(",viterbi.0");
        }
        csv.append('\n');
        for (ObservedSequence s : data) {
            if (model.kind() == Model.Kind.LDS) {
                KalmanSmoother.Result r = guarded(() -> KalmanSmoother.smooth(lds(model, parameters), s));
                for (int t = 0; t < s.length(); t++) {
                    csv.append(s.name());
                    appendRow(csv, r.filteredMeans()[t]);
                    appendRow(csv, r.filteredVariances(t));
                    appendRow(csv, r.smoothedMeans()[t]);
                    appendRow(csv, r.smoothedVariances(t));
                    csv.append('\n');
                }
                out.println(s.name() + ": " + s.length() + " steps, log-likelihood " + r.logLikelihood());
            } else {
                HiddenMarkovModel hmm = hmm(model, parameters);
                ForwardBackward.Result r = guarded(() -> ForwardBackward.run(hmm, s));
                Viterbi.Path path = Viterbi.run(hmm, s);
                for (int t = 0; t < s.length(); t++) {
                    csv.append(s.name());
                    appendRow(csv, r.filtered()[t]);
                    appendRow(csv, r.posterior()[t]);
                    csv.append(',').append(path.states()[t]).append('\n');
                }
                out.println(s.name() + ": " + s.length() + " steps, log-likelihood " + r.logLikelihood() + ", Viterbi path log probability "
                        + path.logProbability());
            }
        }
        write(output, csv);
        out.println(data.size() + " sequences inferred; written to " + output);
        return Main.OK;
    }

    /** Draws sequences from the model: observations y.I, and the hidden states that made them (x.I or state.0). */
    private int sample(Main.Options o) throws Main.Failure {
        o.allow("weights", "length", "count", "seed", "output");
        Path file = o.model();
        Model model = loadValid(file);
        if (model.kind() == Model.Kind.LDS && model.lds().input() > 0) {
            throw new Main.Failure(Main.FAILED, file + ": sample draws from a system without driving inputs; this one has " + model.lds().input());
        }
        Map<String, double[][]> parameters = weights(model, o);
        int length = o.integer("length", 100, 1);
        int count = o.integer("count", 1, 1);
        Random random = new Random(o.longInteger("seed", 1));
        Path output = Paths.get(o.required("output"));
        boolean lds = model.kind() == Model.Kind.LDS;
        int observations = lds ? model.lds().observation() : model.hmm().observationWidth();
        StringBuilder csv = new StringBuilder("sequence");
        for (int i = 0; i < observations; i++) {
            csv.append(",y.").append(i);
        }
        for (int i = 0; i < (lds ? model.lds().state() : 1); i++) {
            csv.append(lds ? ",x." : ",state.").append(i);
        }
        csv.append('\n');
        for (int s = 1; s <= count; s++) {
            double[][] y;
            double[][] states;
            if (lds) {
                LinearDynamicalSystem.Sample draw = lds(model, parameters).sample(length, new double[length][0], random);
                y = draw.observations();
                states = draw.states();
            } else {
                HiddenMarkovModel.Sample draw = hmm(model, parameters).sample(length, random);
                y = draw.observations();
                states = new double[length][1];
                for (int t = 0; t < length; t++) {
                    states[t][0] = draw.states()[t];
                }
            }
            for (int t = 0; t < length; t++) {
                csv.append(s);
                appendRow(csv, y[t], !lds && model.hmm().emission() == HmmDescription.Emission.CATEGORICAL);
                appendRow(csv, states[t], !lds);
                csv.append('\n');
            }
        }
        write(output, csv);
        out.println(count + " sequences of " + length + " steps drawn; written to " + output);
        return Main.OK;
    }

    /** NumPy weights: every parameter set as NAME.npy (float64, rows x cols) in one .npz. */
    private int export(Main.Options o) throws Main.Failure {
        o.allow("weights", "format", "out");
        Path file = o.model();
        Model model = loadValid(file);
        String format = o.required("format");
        if (!List.of("npz", "png", "svg").contains(format)) {
            throw new Main.Failure(Main.USAGE, "export: a model of kind " + ModelFile.fileName(model.kind()) + " is exported as --format npz, png or svg");
        }
        Path weights = o.has("weights") ? Paths.get(o.required("weights")) : TrainedModel.weightsBeside(file);
        if (!format.equals("npz")) {
            return picture(file, model, weights, o.has("weights") || Files.exists(weights), format.equals("svg"), Paths.get(o.required("out")));
        }
        Map<String, double[][]> parameters;
        try {
            parameters = HiddenStateWeights.load(model, weights);
        } catch (WeightsFile.WeightsException e) {
            throw new Main.Failure(Main.FAILED, e.getMessage());
        }
        List<NumpyWeights.Array> arrays = new ArrayList<>();
        for (Map.Entry<String, double[][]> e : parameters.entrySet()) {
            double[][] m = e.getValue();
            int cols = HiddenStateWeights.description(model).shape(e.getKey())[1];
            double[] values = new double[m.length * cols];
            for (int i = 0; i < m.length; i++) {
                System.arraycopy(m[i], 0, values, i * cols, cols);
            }
            arrays.add(new NumpyWeights.Array(e.getKey(), new int[] {m.length, cols}, values));
        }
        Path target = Paths.get(o.required("out"));
        try {
            AtomicFiles.write(target, NumpyWeights.write(arrays));
        } catch (ExportException | IOException e) {
            throw new Main.Failure(Main.FAILED, "export: " + e.getMessage());
        }
        out.println("Exported " + file.getFileName() + " as NumPy weights to " + target);
        return Main.OK;
    }

    /** The LDS as the lecture's figure, the HMM as its state graph, with trained values or, untrained, the model's starting ones. */
    private int picture(Path file, Model model, Path weights, boolean trained, boolean svg, Path target) throws Main.Failure {
        Map<String, double[][]> parameters = HiddenStateWeights.description(model).parameters();
        if (trained) {
            try {
                parameters = HiddenStateWeights.load(model, weights);
            } catch (WeightsFile.WeightsException e) {
                throw new Main.Failure(Main.FAILED, e.getMessage());
            }
        }
        try {
            AtomicFiles.write(target, HiddenStateImage.write(model, parameters, svg));
        } catch (IOException e) {
            throw new Main.Failure(Main.FAILED, "export: cannot write " + target + ": " + e.getMessage());
        }
        out.println("Exported " + file.getFileName() + " as a picture (" + (svg ? "SVG" : "PNG") + ", " + (trained ? "trained values" : "starting values")
                + ") to " + target);
        return Main.OK;
    }

    /**
     * The log N limit made visible: HMMs of N states and an LSTM carry a k-bit number across a gap; prints a
     * Markdown table of the bits each recovers (see {@link CapacityExperiment}).
     */
    private int capacity(Main.Options o) throws Main.Failure {
        o.allow("bits", "gap", "states", "units", "sequences", "iterations", "restarts", "epochs", "seed");
        int bits = o.integer("bits", 6, 1);
        if (bits > 12) {
            throw new Main.Failure(Main.USAGE, "capacity: --bits is at most 12 (2^bits symbols)");
        }
        List<Integer> states = new ArrayList<>();
        for (String n : (o.has("states") ? o.required("states") : "2,4,8,16,32,64").split(",")) {
            try {
                states.add(Integer.parseInt(n.trim()));
            } catch (NumberFormatException e) {
                throw new Main.Failure(Main.USAGE, "capacity: --states is a list of numbers of states, e.g. 2,4,8, not '" + n + "'");
            }
            if (states.get(states.size() - 1) < 1 || states.get(states.size() - 1) > 1024) {
                throw new Main.Failure(Main.USAGE, "capacity: an HMM has 1 to 1024 states here, not " + n);
            }
        }
        int sequences = o.integer("sequences", 3000, 10);
        CapacityExperiment.Settings settings = new CapacityExperiment.Settings(bits, o.integer("gap", 5, 0), sequences, Math.max(100, sequences / 6),
                o.integer("iterations", 100, 1), o.integer("restarts", 3, 1), o.integer("units", 16, 1), o.integer("epochs", 30, 1),
                o.longInteger("seed", 1));
        CapacityExperiment experiment = new CapacityExperiment(settings);
        out.println(String.format(Locale.ROOT, "A %d-bit number, a gap of %d unobserved steps, the number again; %d training and %d test sequences.",
                settings.bits(), settings.gap(), settings.trainingSequences(), experiment.testSequences()));
        out.println();
        out.println("| model | bound (bits) | bits recovered | right | seconds |");
        out.println("| --- | --- | --- | --- | --- |");
        for (int n : states) {
            print(experiment.hmm(n, () -> false));
        }
        try {
            print(experiment.lstm(() -> false));
        } catch (Trainer.DivergedException e) {
            throw new Main.Failure(Main.FAILED, "capacity: the LSTM's training diverged: " + e.getMessage());
        }
        return Main.OK;
    }

    private void print(CapacityExperiment.Row row) {
        out.println(String.format(Locale.ROOT, "| %s | %s | %.2f | %.1f%% | %.1f |", row.model(),
                Double.isInfinite(row.boundBits()) ? "none" : String.format(Locale.ROOT, "%.2f", row.boundBits()), row.recoveredBits(),
                100 * row.accuracy(), row.seconds()));
        out.flush();
    }

    // --- helpers -----------------------------------------------------------------------------------------

    private interface Inference<T> {
        T run();
    }

    /** Runs inference, turning a singular covariance or an impossible sequence into a one-line failure. */
    private static <T> T guarded(Inference<T> inference) throws Main.Failure {
        try {
            return inference.run();
        } catch (InferenceException e) {
            throw new Main.Failure(Main.FAILED, e.getMessage());
        }
    }

    private static LinearDynamicalSystem lds(Model model, Map<String, double[][]> parameters) {
        return new LinearDynamicalSystem(model.lds().state(), model.lds().observation(), model.lds().input()).with(parameters);
    }

    private static HiddenMarkovModel hmm(Model model, Map<String, double[][]> parameters) {
        return HiddenMarkovModel.start(model.hmm(), List.of(), 0).with(parameters);
    }

    private static Map<String, double[][]> weights(Model model, Main.Options o) throws Main.Failure {
        try {
            return HiddenStateWeights.load(model, Paths.get(o.required("weights")));
        } catch (WeightsFile.WeightsException e) {
            throw new Main.Failure(Main.FAILED, e.getMessage());
        }
    }

    private static List<ObservedSequence> data(Model model, String spec) throws Main.Failure {
        try {
            return ObservationData.read(model, spec);
        } catch (DataException e) {
            throw new Main.Failure(Main.FAILED, e.getMessage());
        }
    }

    private static ModelFile.ReadResult read(Path file) throws Main.Failure {
        try {
            return ModelFile.read(file);
        } catch (IOException e) {
            throw new Main.Failure(Main.FAILED, "cannot read " + file + ": " + e.getMessage());
        }
    }

    private static Model loadValid(Path file) throws Main.Failure {
        ModelFile.ReadResult read = read(file);
        List<Diagnostic> diagnostics = new ArrayList<>(read.diagnostics());
        if (read.model() != null) {
            diagnostics.addAll(Validator.validate(read.model()));
        }
        for (Diagnostic d : diagnostics) {
            if (d.isError()) {
                throw new Main.Failure(Main.FAILED, file + ": " + d);
            }
        }
        return read.model();
    }

    private static void write(Path output, StringBuilder csv) throws Main.Failure {
        try {
            AtomicFiles.writeString(output, csv.toString());
        } catch (IOException e) {
            throw new Main.Failure(Main.FAILED, "cannot write " + output + ": " + e.getMessage());
        }
    }

    private static void appendRow(StringBuilder csv, double[] values) {
        appendRow(csv, values, false);
    }

    private static void appendRow(StringBuilder csv, double[] values, boolean whole) {
        for (double v : values) {
            csv.append(',');
            if (whole) {
                csv.append((long) v);
            } else {
                csv.append(v);
            }
        }
    }
}
