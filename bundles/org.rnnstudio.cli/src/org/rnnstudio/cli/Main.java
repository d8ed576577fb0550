package org.rnnstudio.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.rnnstudio.engine.Batch;
import org.rnnstudio.engine.DataException;
import org.rnnstudio.engine.GradientCheck;
import org.rnnstudio.engine.GradientFile;
import org.rnnstudio.engine.InvalidModelException;
import org.rnnstudio.engine.MemoryBudget;
import org.rnnstudio.engine.Network;
import org.rnnstudio.engine.ParameterCount;
import org.rnnstudio.engine.Plan;
import org.rnnstudio.engine.Sequence;
import org.rnnstudio.engine.Trainer;
import org.rnnstudio.engine.TrainingSession;
import org.rnnstudio.engine.WeightsFile;
import org.rnnstudio.engine.pen.HandwritingReader;
import org.rnnstudio.engine.pen.PenTrajectory;
import org.rnnstudio.export.DiagramImage;
import org.rnnstudio.export.ExportException;
import org.rnnstudio.export.ExportFormat;
import org.rnnstudio.export.NumpyWeights;
import org.rnnstudio.export.SequencesCsv;
import org.rnnstudio.export.TorchExport;
import org.rnnstudio.export.PortableModel;
import org.rnnstudio.export.TrainedModel;
import org.rnnstudio.model.AtomicFiles;
import org.rnnstudio.model.Diagnostic;
import org.rnnstudio.model.Initialization;
import org.rnnstudio.model.Model;
import org.rnnstudio.model.ModelFile;
import org.rnnstudio.model.TextFiles;
import org.rnnstudio.model.TrainingSettings;
import org.rnnstudio.model.Validator;

/**
 * The headless command line: {@code validate}, {@code train}, {@code eval}, {@code run}, {@code sample},
 * {@code export}, {@code import}, {@code grad}, {@code gradcheck}, {@code dynamics} and {@code bench}, run by
 * {@code ./rnnstudio COMMAND ...}. Bad arguments and bad files end in one message and a non-zero exit code,
 * never a stack trace: 0 = done, 1 = the model, data or weights are wrong, 2 = the command line is wrong.
 */
public final class Main {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    /** A problem to report in one line and the exit code to end with. */
    static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;
        final int code;

        Failure(int code, String message) {
            super(message);
            this.code = code;
        }
    }

    private final PrintStream out;
    private final PrintStream err;
    private final boolean console;

    Main(PrintStream out, PrintStream err, boolean console) {
        this.out = out;
        this.err = err;
        this.console = console;
    }

    public static void main(String[] args) {
        System.exit(new Main(System.out, System.err, System.console() != null).run(args));
    }

    int run(String[] args) {
        try {
            if (args.length == 0) {
                throw new Failure(USAGE, "a command is needed: validate, train, eval, read, run, infer, sample, forecast, export, import, data, grad, gradcheck, capacity, dynamics or bench");
            }
            Options options = new Options(args);
            if (HiddenStateCommands.handles(args[0], options)) {
                return new HiddenStateCommands(out, console).run(args[0], options);
            }
            switch (args[0]) {
            case "validate":
                return validate(options);
            case "train":
                return train(options);
            case "eval":
                return eval(options);
            case "read":
                return read(options);
            case "gradcheck":
                return gradcheck(options);
            case "grad":
                return grad(options);
            case "run":
                return runModel(options);
            case "sample":
                return sample(options);
            case "export":
                return export(options);
            case "import":
                return options.has("into") ? importWeights(options) : importPortable(options);
            case "data":
                return writeData(options);
            case "forecast":
                return forecast(options);
            case "dynamics":
                return new DynamicsCommand(this, out).run(options);
            case "bench":
                if (!options.words().isEmpty()) {
                    return benchmark(options);
                }
                options.allow();
                try {
                    new Bench(out).run();
                } catch (Failure f) {
                    throw f;
                } catch (Exception e) {
                    throw new Failure(FAILED, "the benchmark failed: " + e);
                }
                return OK;
            default:
                throw new Failure(USAGE, "unknown command '" + args[0] + "' (validate, train, eval, read, run, infer, sample, forecast, export, import, data, grad, gradcheck, "
                        + "capacity, dynamics, bench)");
            }
        } catch (Failure f) {
            err.println("rnnstudio: " + f.getMessage());
            return f.code;
        } catch (MemoryBudget.TooLarge e) {
            err.println("rnnstudio: " + e.getMessage());
            return FAILED;
        }
    }

    // --- commands ----------------------------------------------------------------------------------------

    /** {@code bench mackey-glass} (echo-state networks), {@code bench problems} (the long-time-lag problems) and {@code bench memory} (long sequences). */
    private int benchmark(Options o) throws Failure {
        List<String> words = o.words();
        if (words.size() == 1 && words.get(0).equals("mackey-glass")) {
            return new EchoStateBench(out).mackeyGlass(o);
        }
        if (words.size() == 1 && words.get(0).equals("problems")) {
            return new ProblemsBench(out).run(o);
        }
        if (words.size() == 1 && words.get(0).equals("memory")) {
            return new MemoryBench(out).run(o);
        }
        throw new Failure(USAGE, "bench: mackey-glass, problems or memory, or no word for the training-step benchmark (got " + words + ")");
    }

    private int validate(Options o) throws Failure {
        o.allow();
        Path file = o.model();
        ModelFile.ReadResult read = readModel(file);
        List<Diagnostic> diagnostics = new ArrayList<>(read.diagnostics());
        if (read.model() != null) {
            diagnostics.addAll(Validator.validate(read.model()));
        }
        for (Diagnostic d : diagnostics) {
            out.println(file + ": " + d);
        }
        if (Validator.hasErrors(diagnostics)) {
            out.println(file + ": invalid");
            return FAILED;
        }
        Plan plan = compile(read.model(), file);
        // the count the studio's Properties view and Model Summary show: fixed weights (a reservoir's) said apart
        ParameterCount count = ParameterCount.of(read.model(), plan);
        out.println(file + ": valid (" + read.model().groups().size() + " groups, " + read.model().connections().size() + " connections, "
                + count.total() + " parameters" + (count.frozen() > 0 ? ", " + count.frozen() + " of them fixed" : "") + ")");
        return OK;
    }

    /**
     * Trains through the engine's training session: the model's training settings, each overridden by its
     * option; fresh weights from the seed, or --weights to continue from.
     */
    private int train(Options o) throws Failure {
        o.allow("data", "epochs", "batch", "lr", "momentum", "nesterov", "seed", "truncate", "init", "init-scale", "out", "optimizer",
                "clip", "weight-decay", "schedule", "step-every", "gamma", "validation", "patience", "weights", "momentum-schedule", "hf-lambda",
                "hf-damping", "hf-cg-iterations", "hf-curvature", "washout", "ridge", "checkpoint", "precision");
        Path file = o.model();
        Model model = loadValid(file);
        TrainingSettings t = (model.training() != null ? model.training() : new TrainingSettings()).copy();
        if (o.has("data")) {
            // typed on the command line: relative to where it is typed, not to the model
            t.data = TrainingSession.resolveData(o.required("data"), Paths.get("").toAbsolutePath());
        }
        if (t.data == null || t.data.isBlank()) {
            throw new Failure(USAGE, "train: --data is needed (the model's training settings name no data)");
        }
        t.epochs = o.integer("epochs", t.epochs, 1);
        t.batch = o.integer("batch", t.batch, 1);
        t.learningRate = o.number("lr", t.learningRate);
        t.momentum = o.number("momentum", t.momentum);
        t.nesterov = o.flag("nesterov") || t.nesterov;
        t.seed = o.longInteger("seed", t.seed);
        t.truncation = o.integer("truncate", t.truncation, 0);
        t.checkpoint = ModelFile.CHECKPOINT_AUTO_NAME.equals(o.text("checkpoint")) ? TrainingSettings.CHECKPOINT_AUTO : o.integer("checkpoint", t.checkpoint, 0);
        t.precision = o.choice("precision", TrainingSettings.PRECISIONS, t.precision);
        t.optimizer = o.choice("optimizer", TrainingSettings.OPTIMIZERS, t.optimizer);
        t.clipNorm = o.number("clip", t.clipNorm);
        t.weightDecay = o.number("weight-decay", t.weightDecay);
        t.schedule = o.choice("schedule", TrainingSettings.SCHEDULES, t.schedule);
        t.stepEvery = o.integer("step-every", t.stepEvery, 1);
        t.gamma = o.number("gamma", t.gamma);
        t.init = o.choice("init", TrainingSettings.INITIALIZATIONS, t.init);
        t.initScale = o.number("init-scale", t.initScale);
        t.validation = o.number("validation", t.validation);
        t.patience = o.integer("patience", t.patience, 0);
        t.momentumSchedule = o.choice("momentum-schedule", TrainingSettings.MOMENTUM_SCHEDULES, t.momentumSchedule);
        t.hfLambda = o.number("hf-lambda", t.hfLambda);
        t.hfStructuralDamping = o.number("hf-damping", t.hfStructuralDamping);
        t.hfCgIterations = o.integer("hf-cg-iterations", t.hfCgIterations, 1);
        t.hfCurvatureFraction = o.number("hf-curvature", t.hfCurvatureFraction);
        if (!(t.hfLambda > 0) || !(t.hfStructuralDamping >= 0) || !(t.hfCurvatureFraction > 0) || t.hfCurvatureFraction > 1) {
            throw new Failure(USAGE, "train: --hf-lambda is above 0, --hf-damping 0 or more, --hf-curvature above 0 and at most 1");
        }
        t.washout = o.integer("washout", t.washout, 0);
        if ("auto".equals(o.text("ridge"))) {
            t.chooseRidge = true;
        } else if (o.has("ridge")) {
            t.ridge = o.number("ridge", t.ridge);
            t.chooseRidge = false;
        }
        if (t.validation >= 1) {
            throw new Failure(USAGE, "train: --validation is the fraction of the data held out, below 1");
        }
        Path weightsIn = o.has("weights") ? Paths.get(o.required("weights")) : null;
        if (weightsIn != null && (o.has("init") || o.has("init-scale"))) {
            throw new Failure(USAGE, "train: --init and --init-scale start afresh; --weights continues from trained weights: give one or the other");
        }
        TrainingSession session;
        try {
            session = TrainingSession.open(file, model, t, o.has("out") ? Paths.get(o.required("out")) : null);
            if (weightsIn == null) {
                session.initialize();
            } else {
                session.continueFrom(weightsIn);
            }
        } catch (TrainingSession.SessionException e) {
            throw new Failure(FAILED, e.getMessage());
        }
        // a readout-only model (an echo-state network) is fitted once: one "epoch"
        int epochs = session.fits() ? 1 : t.epochs;
        long start = System.nanoTime();
        Trainer.Listener progress = new Trainer.Listener() {
            private String hessianFree = "";

            @Override
            public void hessianFree(int epoch, int step, int cgIterations, double lambda, double rho) {
                hessianFree = String.format(Locale.ROOT, "  CG %3d  lambda %.3g  rho %.2f", cgIterations, lambda, rho);
            }

            private String errorRate = "";

            @Override
            public void errorRates(int epoch, double training, double validation) {
                errorRate = String.format(Locale.ROOT, "  character error rate %5.1f%%", 100 * training)
                        + (Double.isNaN(validation) ? "" : String.format(Locale.ROOT, " (validation %.1f%%)", 100 * validation));
            }

            @Override
            public void epoch(int epoch, double loss, double accuracy) {
                String line = String.format(Locale.ROOT, "epoch %" + digits(epochs) + "d/%d %s loss %.4f  accuracy %5.1f%%%s",
                        epoch, epochs, bar(epoch, epochs), loss, 100 * accuracy, hessianFree) + errorRate;
                if (console) {
                    out.print("\r" + line + (epoch == epochs ? "\n" : ""));
                } else {
                    out.println(line);
                }
                out.flush();
            }
        };
        out.println("Training " + file.getFileName() + " on " + session.data().size() + " sequences: " + session.describe());
        TrainingSession.Outcome outcome = session.train(progress, () -> false, null);
        if (outcome.writeProblem() != null) {
            throw new Failure(FAILED, outcome.writeProblem());
        }
        if (outcome.stopped() != null) {
            if (console) {
                out.println();
            }
            throw new Failure(FAILED, "training stopped: " + outcome.stopped() + " (written to " + outcome.weights() + ")");
        }
        Trainer.Result result = outcome.result();
        if (session.lastFit() != null) {
            out.println(String.format(Locale.ROOT, "Fitted the readout by ridge regression on %d steps, ridge %.0e%s", session.lastFit().rows(),
                    session.lastFit().ridge(), t.chooseRidge && t.validation > 0
                            ? String.format(Locale.ROOT, " (chosen: validation loss %.4g)", session.lastFit().validationLoss()) : ""));
        }
        if (result.epochs() < epochs) {
            out.println("Stopped early after epoch " + result.epochs() + ": the validation loss had not improved for "
                    + t.patience + " epochs; the best weights are kept.");
        }
        out.println(String.format(Locale.ROOT, "%s in %.1f s: loss %.4f, accuracy %.1f%% (sequences with every target right)",
                outcome.warning() == null ? "Done" : "Ended", (System.nanoTime() - start) / 1e9, result.loss(), 100 * result.accuracy()));
        out.println("Weights: " + outcome.weights());
        out.println("Metrics: " + outcome.metrics());
        if (outcome.warning() != null) {
            err.println("rnnstudio: warning: " + outcome.warning());
        }
        return OK;
    }

    /**
     * Writes the mean loss per sequence of trained weights on some data and its derivative with respect to
     * every parameter set (full backpropagation through time), for other tools to compare with.
     */
    private int grad(Options o) throws Failure {
        o.allow("weights", "data", "output", "batch");
        Path file = o.model();
        Path weights = Paths.get(o.required("weights"));
        String spec = o.required("data");
        Path output = Paths.get(o.required("output"));
        if (Files.isDirectory(output)) {
            throw new Failure(USAGE, "grad: --output " + output + " is a folder; name the file to write, e.g. " + output.resolve("gradient.json"));
        }
        Plan plan = compile(loadValid(file), file);
        Network network = new Network(plan);
        loadWeights(network, weights);
        List<Sequence> data = data(spec, plan);
        org.ejml.data.DMatrixRMaj[] gradients = network.zerosLike();
        double loss = new Trainer(network).gradient(data, o.integer("batch", 256, 1), gradients);
        for (Plan.ParameterSet p : plan.parameters()) {
            for (double g : gradients[p.index()].data) {
                if (!Double.isFinite(loss) || !Double.isFinite(g)) {
                    throw new Failure(FAILED, "grad: the loss (" + loss + ") or its derivative for " + p.name() + " (" + g
                            + ") is not a finite number at these weights; nothing written");
                }
            }
        }
        try {
            GradientFile.save(output, plan, spec, data.size(), loss, gradients);
        } catch (IOException e) {
            throw new Failure(FAILED, "cannot write " + output + ": " + e.getMessage());
        }
        out.println(String.format(Locale.ROOT, "%d sequences: loss %.6f; dE/dW of %d parameter sets written to %s", data.size(), loss,
                plan.parameters().size(), output));
        return OK;
    }

    /**
     * One-step and multi-step prediction errors of a model that predicts the next term of its input (see
     * {@link org.rnnstudio.engine.Forecast}): after --warmup true terms, each later term from the truth before
     * it, and from the model's own predictions fed back.
     */
    private int forecast(Options o) throws Failure {
        o.allow("weights", "data", "warmup", "horizon");
        Path file = o.model();
        Network network = trainedNetwork(file, o);
        Plan plan = network.plan();
        List<Sequence> data = data(o, plan);
        int warmup = o.integer("warmup", 50, 1);
        int horizon = o.integer("horizon", Integer.MAX_VALUE, 1);
        org.rnnstudio.engine.Forecast.Errors errors;
        try {
            errors = org.rnnstudio.engine.Forecast.of(network, data, warmup, horizon);
        } catch (IllegalArgumentException e) {
            throw new Failure(FAILED, file + ": " + e.getMessage());
        }
        out.println(String.format(Locale.ROOT, "%d sequences, %d predicted values after %d warm-up steps%s: one-step MSE %.6g, multi-step MSE %.6g",
                data.size(), errors.predictions(), warmup, o.has("horizon") ? " over " + horizon + " steps" : "", errors.oneStep(), errors.multiStep()));
        return OK;
    }

    /** The valid model's network with the weights that --weights names: what eval, read, run and forecast start from. */
    private Network trainedNetwork(Path file, Options o) throws Failure {
        Network network = new Network(compile(loadValid(file), file));
        loadWeights(network, Paths.get(o.required("weights")));
        return network;
    }

    private int eval(Options o) throws Failure {
        o.allow("weights", "data", "batch");
        Path file = o.model();
        Network network = trainedNetwork(file, o);
        Plan plan = network.plan();
        List<Sequence> data = data(o, plan);
        double[] score = new Trainer(network).evaluate(data, o.integer("batch", 1024, 1));
        out.println(String.format(Locale.ROOT, "%d sequences: loss %.6f, accuracy %.2f%% (%d of %d sequences with every target right)",
                data.size(), score[0], 100 * score[1], Math.round(score[1] * data.size()), data.size()));
        if (!Double.isNaN(score[2])) {
            out.println(String.format(Locale.ROOT, "character error rate %.2f%%, word error rate %.2f%% (best-path reading; each sequence one word)",
                    100 * score[2], 100 * (1 - score[1])));
        }
        return OK;
    }

    /** Reads a recorded pen trajectory with a trained model's ctc output, by prefix beam search, and prints the text. */
    private int read(Options o) throws Failure {
        o.allow("weights", "input", "beam");
        Path file = o.model();
        Network network = trainedNetwork(file, o);
        HandwritingReader reader;
        try {
            reader = HandwritingReader.of(network);
        } catch (IllegalArgumentException e) {
            throw new Failure(FAILED, file + ": " + e.getMessage());
        }
        List<List<double[]>> strokes;
        Path input = Paths.get(o.required("input"));
        try {
            strokes = PenTrajectory.readCsv(input);
        } catch (NoSuchFileException e) {
            throw new Failure(FAILED, "no trajectory file " + input);
        } catch (IOException e) {
            throw new Failure(FAILED, e.getMessage());
        }
        try {
            out.println(reader.read(strokes, o.integer("beam", HandwritingReader.BEAM, 1)).text());
        } catch (IllegalArgumentException e) {
            throw new Failure(FAILED, input + ": " + e.getMessage());
        }
        return OK;
    }

    /**
     * Runs trained weights forward over the sequences of a CSV file and writes every output group's values
     * at every step, in the loader's own shape: a sequence column, then GROUP.UNIT columns.
     */
    private int runModel(Options o) throws Failure {
        o.allow("weights", "input", "output", "teacher-steps");
        Path file = o.model();
        int teacherSteps = o.integer("teacher-steps", 0, 0);
        Network network = trainedNetwork(file, o);
        Plan plan = network.plan();
        Path input = Paths.get(o.required("input"));
        Path output = Paths.get(o.required("output"));
        List<Sequence> data;
        try {
            data = org.rnnstudio.engine.DataSpec.inputs(input.toString(), plan);
        } catch (DataException e) {
            throw new Failure(FAILED, e.getMessage());
        }
        List<String> ids = new ArrayList<>();
        StringBuilder csv = new StringBuilder("sequence");
        for (org.rnnstudio.model.UnitGroup g : plan.groups()) {
            if (g.isOutput()) {
                ids.add(g.id());
                for (int u = 0; u < g.size(); u++) {
                    csv.append(',').append(g.id()).append('.').append(u);
                }
            }
        }
        csv.append('\n');
        Trainer trainer = new Trainer(network);
        for (int s = 0; s < data.size(); s++) {
            // with output feedback: the first steps teacher-forced from the file's targets, then free running
            java.util.Map<String, double[][]> outputs = teacherSteps > 0 ? org.rnnstudio.engine.FreeRunning.outputs(network, data.get(s), ids, teacherSteps)
                    : trainer.outputs(data.get(s), ids);
            // a CSV's sequences keep their names; generated ones are numbered from 1
            String name = data.get(s).id() != null ? data.get(s).id() : Integer.toString(s + 1);
            for (int t = 0; t < data.get(s).length(); t++) {
                csv.append(name);
                for (String id : ids) {
                    for (double v : outputs.get(id)[t]) {
                        csv.append(',').append(v);
                    }
                }
                csv.append('\n');
            }
        }
        try {
            AtomicFiles.writeString(output, csv.toString());
        } catch (IOException e) {
            throw new Failure(FAILED, "cannot write " + output + ": " + e.getMessage());
        }
        out.println(data.size() + " sequences run; outputs of " + String.join(", ", ids) + " written to " + output);
        return OK;
    }

    /**
     * Exports a model with its trained weights (the weights file beside it unless --weights names one) to ONNX,
     * a portable model, NumPy weights, or a PNG/SVG picture of its diagram or its unrolled view.
     */
    private int export(Options o) throws Failure {
        o.allow("weights", "format", "out", "view", "steps");
        Path file = o.model();
        String formatName = o.required("format");
        ExportFormat format = ExportFormat.fromCliName(formatName);
        if (format == null) {
            throw new Failure(USAGE, "export: --format is one of onnx, model, npz, torch, png, svg, not '" + formatName + "'");
        }
        Path target = Paths.get(o.required("out"));
        DiagramImage.View view = o.choice("view", DiagramImage.View.class, DiagramImage.View.DIAGRAM);
        int steps = o.integer("steps", 4, 1);
        if ((o.has("view") || o.has("steps")) && format != ExportFormat.PNG && format != ExportFormat.SVG) {
            throw new Failure(USAGE, "export: --view and --steps are for png and svg");
        }
        try {
            TrainedModel trained = TrainedModel.load(file, o.has("weights") ? Paths.get(o.required("weights")) : null);
            for (String warning : format.exportTo(trained, view, steps, target)) {
                err.println("rnnstudio: warning: " + warning);
            }
        } catch (ExportException e) {
            throw new Failure(FAILED, "export: " + e.getMessage());
        }
        out.println("Exported " + file.getFileName() + " as " + format.label() + " to " + target);
        return OK;
    }

    /** Writes a portable model's description and weights into a folder as NAME.rnn and NAME.weights.json. */
    private int importPortable(Options o) throws Failure {
        o.allow("out", "force");
        if (o.positional.size() != 1) {
            throw new Failure(USAGE, "import: give one portable model, e.g. ./rnnstudio import adder." + PortableModel.EXTENSION + " --out DIR");
        }
        Path file = Paths.get(o.positional.get(0));
        if (!Files.exists(file)) {
            throw new Failure(FAILED, "no portable model " + file);
        }
        Path folder = o.has("out") ? Paths.get(o.required("out")) : file.toAbsolutePath().getParent();
        try {
            Path model = PortableModel.importInto(file, folder, PortableModel.baseName(file), o.flag("force"));
            out.println("Imported " + model + " and " + TrainedModel.weightsBeside(model).getFileName());
        } catch (ExportException e) {
            throw new Failure(FAILED, "import: " + e.getMessage());
        }
        return OK;
    }

    /**
     * Takes weights trained elsewhere (an .npz in the engine's layout, or the PyTorch package's folder, whose
     * train.py wrote trained.npz) as the model's weights file, keeping the vocabulary of the one it replaces.
     */
    private int importWeights(Options o) throws Failure {
        o.allow("into");
        if (o.positional.size() != 1) {
            throw new Failure(USAGE, "import: give one .npz or exported folder, e.g. ./rnnstudio import adder-torch --into binary-adder.rnn");
        }
        Path source = Paths.get(o.positional.get(0));
        Path npz = Files.isDirectory(source) ? source.resolve(TorchExport.TRAINED) : source;
        if (!Files.isRegularFile(npz)) {
            throw new Failure(FAILED, "no weights " + npz + (Files.isDirectory(source) ? " (train.py writes it there)" : ""));
        }
        Path file = Paths.get(o.required("into"));
        Plan plan = compile(loadValid(file), file);
        Network network = new Network(plan);
        Path weights = TrainedModel.weightsBeside(file);
        try (java.io.InputStream in = Files.newInputStream(npz)) {
            NumpyWeights.readInto(network, in, npz.toString());
            String vocabulary = Files.isRegularFile(weights) ? WeightsFile.vocabulary(weights) : null;
            WeightsFile.save(network, weights, vocabulary);
        } catch (ExportException e) {
            throw new Failure(FAILED, "import: " + e.getMessage());
        } catch (IOException e) {
            throw new Failure(FAILED, "import: cannot read " + npz + " or write " + weights + ": " + e.getMessage());
        }
        out.println("Imported " + plan.parameters().size() + " parameter sets from " + npz + " into " + weights);
        return OK;
    }

    /** Writes a data spec's sequences (a generator, a text or a CSV) as the CSV the loader reads, e.g. for train.py. */
    private int writeData(Options o) throws Failure {
        o.allow("model", "out");
        if (o.positional.size() != 1) {
            throw new Failure(USAGE, "data: give one data spec, e.g. ./rnnstudio data binary-adder:bits=6,count=1000 --model MODEL --out data.csv");
        }
        Path file = Paths.get(o.required("model"));
        Plan plan = compile(loadValid(file), file);
        List<Sequence> data = data(o.positional.get(0), plan);
        Path output = Paths.get(o.required("out"));
        try {
            AtomicFiles.writeString(output, SequencesCsv.write(plan, data));
        } catch (IOException e) {
            throw new Failure(FAILED, "cannot write " + output + ": " + e.getMessage());
        }
        out.println(data.size() + " sequences written to " + output);
        return OK;
    }

    /**
     * Generates text from a model trained on text: the prime goes in, then each character drawn from the
     * softmax output (sharpened or flattened by the temperature) is fed back in.
     */
    private int sample(Options o) throws Failure {
        o.allow("weights", "length", "seed", "prime", "temperature");
        Path file = o.model();
        Plan plan = compile(loadValid(file), file);
        Network network = new Network(plan);
        Path weights = Paths.get(o.required("weights"));
        loadWeights(network, weights);
        String vocabulary;
        try {
            vocabulary = WeightsFile.vocabulary(weights);
        } catch (IOException | RuntimeException e) {
            throw new Failure(FAILED, "cannot read " + weights + ": " + e.getMessage());
        }
        if (vocabulary == null) {
            throw new Failure(FAILED, weights + " has no vocabulary: sample needs weights trained on text (--data text:file=...)");
        }
        int length = o.integer("length", 300, 1);
        double temperature = o.number("temperature", 0.8);
        if (temperature <= 0) {
            throw new Failure(USAGE, "sample: --temperature must be above 0");
        }
        org.rnnstudio.engine.Sampler sampler;
        try {
            sampler = new org.rnnstudio.engine.Sampler(network, vocabulary);
        } catch (IllegalArgumentException e) {
            throw new Failure(FAILED, "sample: " + e.getMessage() + " (" + weights + ")");
        }
        String text;
        try {
            text = sampler.sample(o.has("prime") ? o.text("prime") : sampler.defaultPrime(), length, temperature, o.longInteger("seed", 1));
        } catch (IllegalArgumentException e) {
            throw new Failure(USAGE, "sample: " + e.getMessage());
        }
        out.println(text);
        return OK;
    }

    /** One character into the network, one-hot. */
    static void loadWeights(Network network, Path weights) throws Failure {
        try {
            WeightsFile.load(network, weights);
        } catch (NoSuchFileException e) {
            throw new Failure(FAILED, "no weights file " + weights);
        } catch (IOException e) {
            throw new Failure(FAILED, "cannot read " + weights + ": " + e.getMessage());
        } catch (WeightsFile.WeightsException e) {
            throw new Failure(FAILED, e.getMessage());
        }
    }

    private int gradcheck(Options o) throws Failure {
        o.allow("seed", "steps", "batch");
        Path file = o.model();
        Plan plan = compile(loadValid(file), file);
        long seed = o.longInteger("seed", 1);
        Network network = new Network(plan);
        network.initialize(Initialization.GLOROT, 1, seed);
        // biases and learned initial states start at zero; move them so their derivatives are generic
        java.util.Random random = new java.util.Random(seed);
        for (Plan.ParameterSet p : plan.parameters()) {
            if (p.kind() == Plan.ParameterSet.Kind.BIAS || p.kind() == Plan.ParameterSet.Kind.INITIAL_STATE) {
                for (int i = 0; i < p.size(); i++) {
                    network.value(p).data[i] = 0.5 * random.nextGaussian();
                }
            }
        }
        Batch batch = GradientCheck.randomBatch(plan, o.integer("batch", 3, 1), o.integer("steps", 6, 1), seed);
        double tolerance = 1e-5;
        boolean ok = true;
        out.println(String.format(Locale.ROOT, "%-40s %8s %14s %14s", "parameter set", "checked", "max rel error", "max abs error"));
        for (GradientCheck.Result r : GradientCheck.run(network, batch, 0)) {
            boolean good = r.maxRelativeError() < tolerance;
            ok &= good;
            out.println(String.format(Locale.ROOT, "%-40s %8d %14.3e %14.3e%s", r.parameterSet(), r.checked(), r.maxRelativeError(),
                    r.maxAbsoluteError(), good ? "" : "  <- above " + tolerance));
        }
        out.println(ok ? "gradients agree (relative error below " + tolerance + ")" : "gradients DISAGREE");
        return ok ? OK : FAILED;
    }

    // --- helpers -----------------------------------------------------------------------------------------

    private static ModelFile.ReadResult readModel(Path file) throws Failure {
        try {
            return ModelFile.read(file);
        } catch (NoSuchFileException e) {
            throw new Failure(FAILED, "no model file " + file);
        } catch (TextFiles.TextException e) {
            throw new Failure(FAILED, e.getMessage());
        } catch (IOException e) {
            throw new Failure(FAILED, "cannot read " + file + ": " + e.getMessage());
        }
    }

    Model loadValid(Path file) throws Failure {
        ModelFile.ReadResult read = readModel(file);
        List<Diagnostic> diagnostics = new ArrayList<>(read.diagnostics());
        if (read.model() != null) {
            diagnostics.addAll(Validator.validate(read.model()));
        }
        if (Validator.hasErrors(diagnostics)) {
            Diagnostic first = diagnostics.stream().filter(Diagnostic::isError).findFirst().orElseThrow();
            long more = diagnostics.stream().filter(Diagnostic::isError).count() - 1;
            throw new Failure(FAILED, file + ": " + first + (more > 0 ? " (and " + more + " more: ./rnnstudio validate " + file + ")" : ""));
        }
        return read.model();
    }

    static Plan compile(Model model, Path file) throws Failure {
        try {
            return Plan.compile(model);
        } catch (InvalidModelException e) {
            throw new Failure(FAILED, file + ": " + e.getMessage());
        }
    }

    private static List<Sequence> data(Options o, Plan plan) throws Failure {
        return data(o.required("data"), plan);
    }

    static List<Sequence> data(String spec, Plan plan) throws Failure {
        try {
            return org.rnnstudio.engine.DataSpec.load(spec, plan);
        } catch (DataException e) {
            throw new Failure(FAILED, e.getMessage());
        }
    }

    private static int digits(int n) {
        return Integer.toString(n).length();
    }

    static String bar(int done, int total) {
        int width = 20;
        int filled = (int) Math.round(width * done / (double) total);
        return "[" + "#".repeat(filled) + ".".repeat(width - filled) + "]";
    }

    /** The command's words: the model file first, then --name value pairs and --flags. */
    static final class Options {
        private static final Set<String> FLAGS = Set.of("nesterov", "force");
        private final String command;
        private final List<String> positional = new ArrayList<>();
        private final Map<String, String> named = new HashMap<>();

        Options(String[] args) throws Failure {
            command = args[0];
            for (int i = 1; i < args.length; i++) {
                String a = args[i];
                if (!a.startsWith("--")) {
                    positional.add(a);
                    continue;
                }
                String name = a.substring(2);
                String value = "";
                int eq = name.indexOf('=');
                if (eq >= 0) {
                    value = name.substring(eq + 1);
                    name = name.substring(0, eq);
                } else if (!FLAGS.contains(name)) {
                    if (i + 1 >= args.length) {
                        throw new Failure(USAGE, command + ": --" + name + " needs a value");
                    }
                    value = args[++i];
                }
                if (named.put(name, value) != null) {
                    throw new Failure(USAGE, command + ": --" + name + " is given twice");
                }
            }
        }

        void allow(String... names) throws Failure {
            Set<String> allowed = Set.of(names);
            for (String name : named.keySet()) {
                if (!allowed.contains(name)) {
                    throw new Failure(USAGE, command + ": unknown option --" + name
                            + (names.length == 0 ? " (it takes none)" : " (options: --" + String.join(", --", names) + ")"));
                }
            }
        }

        Path model() throws Failure {
            if (positional.size() != 1) {
                throw new Failure(USAGE, command + ": give one model file, e.g. ./rnnstudio " + command
                        + " examples/binary-adder/binary-adder.rnn" + (positional.size() > 1 ? " (got " + positional + ")" : ""));
            }
            Path file = Paths.get(positional.get(0));
            if (!Files.exists(file)) {
                throw new Failure(FAILED, "no model file " + file);
            }
            return file;
        }

        boolean has(String name) {
            return named.containsKey(name);
        }

        /** The words that are not options (a command's model file, a benchmark's name). */
        List<String> words() {
            return positional;
        }

        boolean flag(String name) {
            return named.containsKey(name);
        }

        String text(String name) {
            return named.get(name);
        }

        String required(String name) throws Failure {
            String value = named.get(name);
            if (value == null || value.isEmpty()) {
                throw new Failure(USAGE, command + ": --" + name + " is needed");
            }
            return value;
        }

        int integer(String name, int fallback, int min) throws Failure {
            String value = named.get(name);
            if (value == null) {
                return fallback;
            }
            try {
                int n = Integer.parseInt(value);
                if (n >= min) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new Failure(USAGE, command + ": --" + name + " must be a whole number" + (min > Integer.MIN_VALUE ? " of at least " + min : "")
                    + ", not '" + value + "'");
        }

        /** A comma-separated list of whole numbers of at least min (a benchmark's lengths), or the fallback list. */
        List<Integer> integers(String name, String fallback, int min) throws Failure {
            List<Integer> values = new ArrayList<>();
            for (String n : (has(name) ? required(name) : fallback).split(",")) {
                try {
                    values.add(Integer.parseInt(n.trim()));
                } catch (NumberFormatException e) {
                    values.add(Integer.MIN_VALUE);
                }
                if (values.get(values.size() - 1) < min) {
                    throw new Failure(USAGE, command + ": --" + name + " is a list of whole numbers of at least " + min + " such as " + fallback + ", not '"
                            + n.trim() + "'");
                }
            }
            return values;
        }

        long longInteger(String name, long fallback) throws Failure {
            String value = named.get(name);
            if (value == null) {
                return fallback;
            }
            try {
                return Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw new Failure(USAGE, command + ": --" + name + " must be a whole number from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE
                        + ", not '" + value + "'");
            }
        }

        /** One of the names a file spells (an optimiser, a schedule, an initialisation). */
        String choice(String name, List<String> names, String fallback) throws Failure {
            String value = named.get(name);
            if (value == null || names.contains(value)) {
                return value == null ? fallback : value;
            }
            throw new Failure(USAGE, command + ": --" + name + " is one of " + String.join(", ", names) + ", not '" + value + "'");
        }

        double number(String name, double fallback) throws Failure {
            String value = named.get(name);
            if (value == null) {
                return fallback;
            }
            try {
                double x = Double.parseDouble(value);
                if (Double.isFinite(x) && x >= 0) {
                    return x;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new Failure(USAGE, command + ": --" + name + " must be a number of 0 or more, not '" + value + "'");
        }

        <E extends Enum<E>> E choice(String name, Class<E> type, E fallback) throws Failure {
            String value = named.get(name);
            if (value == null) {
                return fallback;
            }
            List<String> names = new ArrayList<>();
            for (E e : type.getEnumConstants()) {
                if (ModelFile.fileName(e).equals(value)) {
                    return e;
                }
                names.add(ModelFile.fileName(e));
            }
            throw new Failure(USAGE, command + ": --" + name + " is one of " + String.join(", ", names) + ", not '" + value + "'");
        }
    }
}
