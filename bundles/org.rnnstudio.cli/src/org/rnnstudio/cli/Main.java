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
import org.rnnstudio.engine.InvalidModelException;
import org.rnnstudio.engine.Network;
import org.rnnstudio.engine.Plan;
import org.rnnstudio.engine.Sequence;
import org.rnnstudio.engine.Trainer;
import org.rnnstudio.engine.WeightsFile;
import org.rnnstudio.export.DiagramImage;
import org.rnnstudio.export.ExportException;
import org.rnnstudio.export.ExportFormat;
import org.rnnstudio.export.PortableModel;
import org.rnnstudio.export.TrainedModel;
import org.rnnstudio.model.AtomicFiles;
import org.rnnstudio.model.Diagnostic;
import org.rnnstudio.model.Model;
import org.rnnstudio.model.ModelFile;
import org.rnnstudio.model.TrainingSettings;
import org.rnnstudio.model.Validator;

/**
 * The headless command line: {@code validate}, {@code train}, {@code eval}, {@code run}, {@code sample},
 * {@code export}, {@code import}, {@code gradcheck}, {@code dynamics} and {@code bench}, run by
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
                throw new Failure(USAGE, "a command is needed: validate, train, eval, run, sample, export, import, gradcheck, dynamics or bench");
            }
            Options options = new Options(args);
            switch (args[0]) {
            case "validate":
                return validate(options);
            case "train":
                return train(options);
            case "eval":
                return eval(options);
            case "gradcheck":
                return gradcheck(options);
            case "run":
                return runModel(options);
            case "sample":
                return sample(options);
            case "export":
                return export(options);
            case "import":
                return importPortable(options);
            case "dynamics":
                return new DynamicsCommand(this, out).run(options);
            case "bench":
                options.allow();
                try {
                    new Bench(out).run();
                } catch (Exception e) {
                    throw new Failure(FAILED, "the benchmark failed: " + e);
                }
                return OK;
            default:
                throw new Failure(USAGE, "unknown command '" + args[0] + "' (validate, train, eval, run, sample, export, import, gradcheck, dynamics, bench)");
            }
        } catch (Failure f) {
            err.println("rnnstudio: " + f.getMessage());
            return f.code;
        }
    }

    // --- commands ----------------------------------------------------------------------------------------

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
        int parameters = plan.parameters().stream().mapToInt(Plan.ParameterSet::size).sum();
        out.println(file + ": valid (" + read.model().groups().size() + " groups, " + read.model().connections().size()
                + " connections, " + parameters + " parameters)");
        return OK;
    }

    private int train(Options o) throws Failure {
        o.allow("data", "epochs", "batch", "lr", "momentum", "nesterov", "seed", "truncate", "init", "init-scale", "out", "optimizer",
                "clip", "weight-decay", "schedule", "step-every", "gamma", "validation", "patience");
        Path file = o.model();
        Model model = loadValid(file);
        Plan plan = compile(model, file);
        // the model's own training settings are the defaults; the command line overrides them one by one
        TrainingSettings t = model.training() != null ? model.training() : new TrainingSettings();
        String dataSpec = o.has("data") ? o.required("data") : t.data;
        if (dataSpec == null || dataSpec.isBlank()) {
            throw new Failure(USAGE, "train: --data is needed (the model's training settings name no data)");
        }
        List<Sequence> data = data(dataSpec, plan);
        Trainer.Optimization optimization = new Trainer.Optimization(
                o.choice("optimizer", Trainer.Optimizer.class, enumOf(Trainer.Optimizer.class, t.optimizer)), 0.9, 0.999, 1e-8, 0.9,
                o.number("clip", t.clipNorm), o.number("weight-decay", t.weightDecay),
                o.choice("schedule", Trainer.Schedule.class, enumOf(Trainer.Schedule.class, t.schedule)), o.integer("step-every", t.stepEvery, 1),
                o.number("gamma", t.gamma), o.number("validation", t.validation), o.integer("patience", t.patience, 0));
        if (optimization.validation() >= 1) {
            throw new Failure(USAGE, "train: --validation is the fraction of the data held out, below 1");
        }
        Trainer.Settings settings = new Trainer.Settings(o.integer("epochs", t.epochs, 1), o.integer("batch", t.batch, 1), o.number("lr", t.learningRate),
                o.number("momentum", t.momentum), o.flag("nesterov") || t.nesterov, o.integer("seed", (int) t.seed, Integer.MIN_VALUE),
                o.integer("truncate", t.truncation, 0), optimization);
        Network.Initialization init = o.choice("init", Network.Initialization.class, enumOf(Network.Initialization.class, t.init));
        Network network = new Network(plan);
        double initScale = o.number("init-scale", t.initScale);
        network.initialize(init, initScale, settings.seed());

        Path outDir = o.has("out") ? Paths.get(o.text("out")) : file.toAbsolutePath().getParent();
        String base = baseName(file);
        Path weights = outDir.resolve(base + ".weights.json");
        Path metrics = outDir.resolve(base + ".metrics.csv");
        String settingsLine = settingsLine(settings, init, initScale, dataSpec);
        StringBuilder csv = new StringBuilder("# " + settingsLine + "\nepoch,loss,accuracy,validation_loss,validation_accuracy,seconds\n");
        long start = System.nanoTime();
        double[] lastValidation = {Double.NaN, Double.NaN};
        Trainer.Listener progress = new Trainer.Listener() {
            @Override
            public void validation(int epoch, double loss, double accuracy) {
                lastValidation[0] = loss;
                lastValidation[1] = accuracy;
            }

            @Override
            public void epoch(int epoch, double loss, double accuracy) {
                report(epoch, loss, accuracy);
            }

            private void report(int epoch, double loss, double accuracy) {
                double seconds = (System.nanoTime() - start) / 1e9;
                csv.append(epoch).append(',').append(loss).append(',').append(accuracy).append(',').append(lastValidation[0]).append(',')
                        .append(lastValidation[1]).append(',').append(String.format(Locale.ROOT, "%.3f", seconds)).append('\n');
                String line = String.format(Locale.ROOT, "epoch %" + digits(settings.epochs()) + "d/%d %s loss %.4f  accuracy %5.1f%%",
                        epoch, settings.epochs(), bar(epoch, settings.epochs()), loss, 100 * accuracy);
                if (console) {
                    out.print("\r" + line + (epoch == settings.epochs() ? "\n" : ""));
                } else {
                    out.println(line);
                }
                out.flush();
            }
        };
        out.println("Training " + file.getFileName() + " on " + data.size() + " sequences: " + settingsLine);
        Trainer.Result result;
        String stopped = null;
        try {
            result = new Trainer(network).train(data, settings, progress, () -> false);
        } catch (Trainer.DivergedException e) {
            stopped = e.getMessage();
            result = null;
        }
        try {
            WeightsFile.save(network, weights, vocabulary(dataSpec));
            AtomicFiles.writeString(metrics, csv.toString());
        } catch (IOException e) {
            throw new Failure(FAILED, "cannot write the results into " + outDir + ": " + e.getMessage());
        }
        if (stopped != null) {
            if (console) {
                out.println();
            }
            throw new Failure(FAILED, "training stopped: " + stopped + " (written to " + weights + ")");
        }
        if (result.epochs() < settings.epochs()) {
            out.println("Stopped early after epoch " + result.epochs() + ": the validation loss had not improved for "
                    + optimization.patience() + " epochs; the best weights are kept.");
        }
        out.println(String.format(Locale.ROOT, "Done in %.1f s: loss %.4f, accuracy %.1f%% (sequences with every target right)",
                (System.nanoTime() - start) / 1e9, result.loss(), 100 * result.accuracy()));
        out.println("Weights: " + weights);
        out.println("Metrics: " + metrics);
        return OK;
    }

    /** A name as spelt in files ("small-uniform") as the engine's enum constant. */
    private static <E extends Enum<E>> E enumOf(Class<E> type, String fileName) throws Failure {
        try {
            return Trainer.named(type, fileName);
        } catch (IllegalArgumentException e) {
            throw new Failure(FAILED, "the model's training settings name an unknown " + type.getSimpleName().toLowerCase(Locale.ROOT) + " '" + fileName + "'");
        }
    }

    private int eval(Options o) throws Failure {
        o.allow("weights", "data", "batch");
        Path file = o.model();
        Plan plan = compile(loadValid(file), file);
        Network network = new Network(plan);
        loadWeights(network, Paths.get(o.required("weights")));
        List<Sequence> data = data(o, plan);
        double[] score = new Trainer(network).evaluate(data, o.integer("batch", 1024, 1));
        out.println(String.format(Locale.ROOT, "%d sequences: loss %.6f, accuracy %.2f%% (%d of %d sequences with every target right)",
                data.size(), score[0], 100 * score[1], Math.round(score[1] * data.size()), data.size()));
        return OK;
    }

    /**
     * Runs trained weights forward over the sequences of a CSV file and writes every output group's values
     * at every step, in the loader's own shape: a sequence column, then GROUP.UNIT columns.
     */
    private int runModel(Options o) throws Failure {
        o.allow("weights", "input", "output");
        Path file = o.model();
        Plan plan = compile(loadValid(file), file);
        Network network = new Network(plan);
        loadWeights(network, Paths.get(o.required("weights")));
        Path input = Paths.get(o.required("input"));
        Path output = Paths.get(o.required("output"));
        List<Sequence> data = data(input.toString(), plan);
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
            java.util.Map<String, double[][]> outputs = trainer.outputs(data.get(s), ids);
            for (int t = 0; t < data.get(s).length(); t++) {
                csv.append(s + 1);
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
            throw new Failure(USAGE, "export: --format is one of onnx, model, npz, png, svg, not '" + formatName + "'");
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
        o.allow("out");
        if (o.positional.size() != 1) {
            throw new Failure(USAGE, "import: give one portable model, e.g. ./rnnstudio import adder." + PortableModel.EXTENSION + " --out DIR");
        }
        Path file = Paths.get(o.positional.get(0));
        if (!Files.exists(file)) {
            throw new Failure(FAILED, "no portable model " + file);
        }
        Path folder = o.has("out") ? Paths.get(o.required("out")) : file.toAbsolutePath().getParent();
        try {
            Path model = PortableModel.importInto(file, folder, PortableModel.baseName(file));
            out.println("Imported " + model + " and " + TrainedModel.weightsBeside(model).getFileName());
        } catch (ExportException e) {
            throw new Failure(FAILED, "import: " + e.getMessage());
        }
        return OK;
    }

    /** A text model's vocabulary, saved with its weights so that sampling writes the same characters. */
    private static String vocabulary(String dataSpec) throws Failure {
        try {
            String text = org.rnnstudio.engine.DataSpec.textOf(dataSpec);
            return text == null ? null : org.rnnstudio.engine.TextData.vocabulary(text);
        } catch (DataException e) {
            throw new Failure(FAILED, e.getMessage());
        }
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
        String inputId = null;
        String outputId = null;
        for (org.rnnstudio.model.UnitGroup g : plan.groups()) {
            if (g.isInput() && inputId == null) {
                inputId = g.id();
            }
            if (g.isOutput() && outputId == null) {
                outputId = g.id();
            }
        }
        int length = o.integer("length", 300, 1);
        double temperature = o.number("temperature", 0.8);
        if (temperature <= 0) {
            throw new Failure(USAGE, "sample: --temperature must be above 0");
        }
        StringBuilder text = new StringBuilder(o.has("prime") ? o.text("prime") : vocabulary.substring(vocabulary.length() - 1));
        for (char c : text.toString().toCharArray()) {
            if (vocabulary.indexOf(c) < 0) {
                throw new Failure(USAGE, "sample: the prime's '" + c + "' is not among the " + vocabulary.length() + " characters the model knows");
            }
        }
        java.util.Random random = new java.util.Random(o.integer("seed", 1, Integer.MIN_VALUE));
        Trainer trainer = new Trainer(network);
        for (int i = 0; i < length; i++) {
            // the last 100 characters are context enough for a small net, and keep each step's cost bounded
            String context = text.substring(Math.max(0, text.length() - 100));
            double[][] p = trainer.outputs(org.rnnstudio.engine.TextData.prompt(context, vocabulary, inputId, outputId), List.of(outputId)).get(outputId);
            double[] last = p[p.length - 1];
            double[] weighted = new double[last.length];
            double sum = 0;
            for (int k = 0; k < last.length; k++) {
                weighted[k] = Math.pow(Math.max(last[k], 1e-300), 1 / temperature);
                sum += weighted[k];
            }
            double r = random.nextDouble() * sum;
            int pick = 0;
            while (pick < weighted.length - 1 && (r -= weighted[pick]) > 0) {
                pick++;
            }
            text.append(vocabulary.charAt(pick));
        }
        out.println(text);
        return OK;
    }

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
        long seed = o.integer("seed", 1, Integer.MIN_VALUE);
        Network network = new Network(plan);
        network.initialize(Network.Initialization.GLOROT, 1, seed);
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

    private static String baseName(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".rnn") ? name.substring(0, name.length() - 4) : name;
    }

    private static String settingsLine(Trainer.Settings s, Network.Initialization init, double initScale, String data) {
        Trainer.Optimization o = s.optimization();
        return String.format(Locale.ROOT, "%s, epochs %d, batch %d, lr %s (%s), momentum %s%s, clip %s, weight decay %s, seed %d, truncate %d, "
                + "init %s %s, validation %s, patience %d, data %s", ModelFile.fileName(o.optimizer()), s.epochs(), s.batchSize(), s.learningRate(),
                ModelFile.fileName(o.schedule()), s.momentum(), s.nesterov() ? " (Nesterov)" : "", o.clipNorm(), o.weightDecay(), s.seed(),
                s.truncation(), ModelFile.fileName(init), initScale, o.validation(), o.patience(), data);
    }

    private static int digits(int n) {
        return Integer.toString(n).length();
    }

    private static String bar(int done, int total) {
        int width = 20;
        int filled = (int) Math.round(width * done / (double) total);
        return "[" + "#".repeat(filled) + ".".repeat(width - filled) + "]";
    }

    /** The command's words: the model file first, then --name value pairs and --flags. */
    static final class Options {
        private static final Set<String> FLAGS = Set.of("nesterov");
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
