package org.rnnstudio.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;

import org.ejml.data.DMatrixRMaj;
import org.rnnstudio.model.Activation;
import org.rnnstudio.model.Cell;
import org.rnnstudio.model.Connection;
import org.rnnstudio.model.Initialization;
import org.rnnstudio.model.Model;
import org.rnnstudio.model.Optimizer;
import org.rnnstudio.model.TrainingSettings;
import org.rnnstudio.model.UnitGroup;

/**
 * The long-time-lag problems (Hochreiter &amp; Schmidhuber 1997) by each way to learn an RNN, with the rule of
 * Martens &amp; Sutskever (2011): a real-valued output is wrong when |y - t| &gt; 0.04, a class output when its
 * largest unit is not the target's; a run has solved the problem when fewer than 1% of held-out sequences
 * have a wrong output. Each run trains until it has solved the problem (checked after every epoch on the
 * held-out sequences) or its time budget is spent.
 */
public final class LongLagBenchmark {

    /** The ways to learn, with the settings each is given. */
    public enum Method {
        TANH_SGD("tanh RNN, SGD + momentum"),
        TANH_HF("tanh RNN, HF + structural damping"),
        LSTM_ADAM("LSTM, Adam"),
        IRNN("IRNN (identity-initialised ReLU), SGD"),
        ESN("echo-state network, ridge readout");

        private final String label;

        Method(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** What a problem's output is: a real number, a bit (a logistic unit), or a class (softmax). */
    public enum Output {
        REAL, BIT, CLASS
    }

    /**
     * A problem: its data spec's generator name, the widths of its input and output, its kind of output, and the
     * last steps that have targets.
     */
    public record Problem(String generator, int inputs, int outputs, Output output, int targetSteps) {
        boolean classes() {
            return output == Output.CLASS;
        }
    }

    /** Martens and Sutskever's problems ({@link LongLagProblems}), then the engine's older adding and temporal-order generators. */
    public static final List<Problem> PROBLEMS = List.of(new Problem("addition", 2, 1, Output.REAL, 1), new Problem("multiplication", 2, 1, Output.REAL, 1),
            new Problem("xor", 2, 1, Output.BIT, 1), new Problem("temporal-order-2", LongLagProblems.ORDER_SYMBOLS.length(), 4, Output.CLASS, 1),
            new Problem("temporal-order-3", LongLagProblems.ORDER_SYMBOLS.length(), 8, Output.CLASS, 1),
            new Problem("random-permutation", LongLagProblems.PERMUTATION_SYMBOLS, LongLagProblems.PERMUTATION_SYMBOLS, Output.CLASS, 1),
            new Problem("memorisation", 4, 2, Output.CLASS, LongLagProblems.MEMORY_BITS), new Problem("adding", 2, 1, Output.REAL, 1),
            new Problem("temporal-order", 8, 4, Output.CLASS, 1));

    /** The effort: units of the recurrent layer, reservoir units, sequences, batch and the time budget of one run. */
    public record Settings(int units, int reservoirUnits, int trainingSequences, int testSequences, int batch, double budgetSeconds) {
    }

    /** One run: solved or not, the fraction of held-out sequences wrong at the end, epochs (HF steps for HF, 1 for a fit) and seconds. */
    public record Run(Problem problem, int length, Method method, long seed, boolean solved, double wrong, int epochs, double seconds) {
        public String toString() {
            return String.format(Locale.ROOT, "%s T=%d %s seed %d: %s, %.1f%% wrong, %d %s, %.1f s", problem.generator(), length, method.label(), seed,
                    solved ? "solved" : "not solved", 100 * wrong, epochs, method == Method.TANH_HF ? "HF steps" : "epochs", seconds);
        }
    }

    /** The sparse initialisation's spectral radius of the recurrent weights (Martens and Sutskever 2011). */
    static final double SPECTRAL_RADIUS = 1.1;
    /** The share of each HF step's sequences that the curvature is taken on. */
    static final double CURVATURE_FRACTION = 0.1;
    /**
     * Structural damping's weight mu relative to lambda for the benchmark's HF runs: 1/30 reached a given loss on
     * addition at T = 50 in fewer CG iterations a step than the optimiser's default 0.3 (docs/problems.md).
     */
    static final double STRUCTURAL_DAMPING = 1.0 / 30;

    private final Settings settings;

    public LongLagBenchmark(Settings settings) {
        this.settings = settings;
    }

    /** The network a method trains on a problem. */
    public Model model(Problem problem, Method method, long seed) {
        Model m = new Model();
        m.setName(problem.generator() + ", " + method.label());
        m.addGroup(new UnitGroup("in", UnitGroup.Role.INPUT, problem.inputs()));
        UnitGroup out = m.addGroup(new UnitGroup("out", UnitGroup.Role.OUTPUT, problem.outputs()));
        // the echo-state network's readout is linear for bits and classes too (regressing the target); the others learn a logistic or softmax unit
        UnitGroup.TargetSchedule schedule = problem.targetSteps() == 1 ? UnitGroup.TargetSchedule.FINAL_STEP : UnitGroup.TargetSchedule.LAST_STEPS;
        Output output = method == Method.ESN ? Output.REAL : problem.output();
        switch (output) {
        case CLASS:
            out.setActivation(Activation.SOFTMAX);
            out.setTarget(UnitGroup.Loss.CROSS_ENTROPY, schedule, problem.targetSteps());
            break;
        case BIT:
            out.setActivation(Activation.LOGISTIC);
            out.setTarget(UnitGroup.Loss.LOGISTIC_CROSS_ENTROPY, schedule, problem.targetSteps());
            break;
        default:
            out.setActivation(Activation.LINEAR);
            out.setTarget(UnitGroup.Loss.SQUARED_ERROR, schedule, problem.targetSteps());
        }
        Cell cell;
        switch (method) {
        case LSTM_ADAM:
            cell = new Cell("memory", Cell.Kind.LSTM, settings.units());
            break;
        case ESN:
            cell = new Cell("memory", Cell.Kind.RESERVOIR, settings.reservoirUnits());
            cell.setSpectralRadius(0.95);
            cell.setConnectivity(Math.min(1, 10.0 / settings.reservoirUnits()));
            cell.setLeakRate(0.3);
            cell.setInputScaling(0.5);
            cell.setSeed(seed);
            break;
        default:
            cell = new Cell("memory", Cell.Kind.ELMAN, settings.units());
            cell.setActivation(method == Method.IRNN ? Activation.RELU : Activation.TANH);
        }
        m.cells().add(cell);
        m.addConnection(new Connection("in-memory", "in", "memory", Connection.Kind.FULL, 0));
        m.addConnection(new Connection("memory-out", "memory", "out", Connection.Kind.FULL, 0));
        return m;
    }

    /** The training settings of a method (not used by the echo-state network, which is fitted). */
    public TrainingSettings training(Method method, long seed) {
        TrainingSettings t = new TrainingSettings();
        t.epochs = 100_000;
        t.batch = settings.batch();
        t.seed = seed;
        t.clipNorm = 1;
        switch (method) {
        case TANH_SGD:
            t.optimizer = Optimizer.SGD.fileName();
            t.learningRate = 0.01;
            t.momentum = 0.9;
            t.init = Initialization.ORTHOGONAL.fileName();
            break;
        case TANH_HF:
            // Martens and Sutskever's recipe: sparse initialisation at spectral radius 1.1, HF with structural damping,
            // the gradient on a large batch and the curvature on a tenth of it; the batch is drawn fresh for each step
            // (hessianFree below), so t.batch is the step's number of sequences
            t.optimizer = Optimizer.HF.fileName();
            t.init = Initialization.SPARSE.fileName();
            t.initScale = SPECTRAL_RADIUS;
            t.clipNorm = 0;
            t.batch = settings.trainingSequences();
            t.hfCurvatureFraction = CURVATURE_FRACTION;
            t.hfStructuralDamping = STRUCTURAL_DAMPING;
            break;
        case LSTM_ADAM:
            t.optimizer = Optimizer.ADAM.fileName();
            t.learningRate = 0.003;
            break;
        case IRNN:
            t.optimizer = Optimizer.SGD.fileName();
            t.learningRate = 1e-3;
            t.momentum = 0.9;
            t.init = Initialization.SCALED_IDENTITY.fileName();
            break;
        default:
            t.ridge = 1e-6;
            t.chooseRidge = true;
        }
        return t;
    }

    /** What a method's runs are given, as the benchmark prints it: the settings it uses and no others. */
    public String describe(Method method) {
        TrainingSettings t = training(method, 1);
        switch (method) {
        case TANH_HF:
            return String.format(Locale.ROOT, "%d units, a fresh batch of %d sequences a step, the curvature on %d of them, lambda from %s, "
                    + "structural damping %.3g, CG at most %d iterations", settings.units(), settings.trainingSequences(),
                    Math.max(1, Math.round(t.hfCurvatureFraction * settings.trainingSequences())), t.hfLambda, t.hfStructuralDamping, t.hfCgIterations);
        case ESN:
            return String.format(Locale.ROOT, "%d reservoir units, one ridge fit on %d sequences", settings.reservoirUnits(), settings.trainingSequences());
        default:
            return String.format(Locale.ROOT, "%d units, %d sequences, batch %d", settings.units(), settings.trainingSequences(), settings.batch());
        }
    }

    public Run run(Problem problem, int length, Method method, long seed) throws InvalidModelException, DataException {
        Plan plan = Plan.compile(model(problem, method, seed));
        Network network = new Network(plan);
        TrainingSettings t = training(method, seed);
        network.initialize(t.init(), t.initScale, seed);
        String spec = problem.generator() + ":length=" + length + ",count=";
        List<Sequence> test = DataSpec.load(spec + settings.testSequences() + ",seed=" + (1_000_000 + seed), plan);
        if (method == Method.TANH_HF) {
            return hessianFree(problem, length, seed, network, t, spec, test);
        }
        List<Sequence> data = DataSpec.load(spec + settings.trainingSequences() + ",seed=" + seed, plan);
        long start = System.nanoTime();
        if (method == Method.ESN) {
            List<Sequence> fitting = new ArrayList<>(data);
            List<Sequence> held = Trainer.split(fitting, 0.2, seed);
            new RidgeReadout(network).fit(fitting, held, 0, t.ridge, t.chooseRidge, settings.batch());
            double wrong = wrongFraction(network, test, problem.classes());
            return new Run(problem, length, method, seed, wrong < 0.01, wrong, 1, (System.nanoTime() - start) / 1e9);
        }
        AtomicBoolean solved = new AtomicBoolean();
        double[] wrong = {1};
        int[] epochs = {0};
        long deadline = start + (long) (settings.budgetSeconds() * 1e9);
        Trainer.Listener check = new Trainer.Listener() {
            @Override
            public void epoch(int epoch, double loss, double accuracy) {
                epochs[0] = epoch;
                wrong[0] = wrongFraction(network, test, problem.classes());
                solved.set(wrong[0] < 0.01);
            }
        };
        try {
            new Trainer(network).train(data, Trainer.Settings.of(t), check, () -> solved.get() || System.nanoTime() > deadline);
        } catch (Trainer.DivergedException e) {
            wrong[0] = 1;
        }
        return new Run(problem, length, method, seed, solved.get(), wrong[0], epochs[0], (System.nanoTime() - start) / 1e9);
    }

    /**
     * Hessian-free as Martens and Sutskever train on these problems: each step takes its gradient on a fresh
     * batch of the generator's sequences (their data are unlimited), its curvature on a tenth of that batch,
     * and the held-out sequences are checked after every step. On a fixed set of 1,000 sequences a net of 100
     * units learns the set, not the problem: at T = 50 its training loss fell to a tenth of its held-out loss.
     */
    private Run hessianFree(Problem problem, int length, long seed, Network network, TrainingSettings t, String spec, List<Sequence> test)
            throws DataException {
        Plan plan = network.plan();
        long start = System.nanoTime();
        HessianFree hf = new HessianFree(new Trainer(network), network,
                new HessianFree.Settings(t.hfLambda, t.hfStructuralDamping, t.hfCgIterations, t.hfCurvatureFraction));
        long deadline = start + (long) (settings.budgetSeconds() * 1e9);
        Random seeds = new Random(seed);
        double wrong = 1;
        int steps = 0;
        while (wrong >= 0.01 && System.nanoTime() < deadline) {
            List<Sequence> batch = DataSpec.load(spec + settings.trainingSequences() + ",seed=" + trainingSeed(seeds), plan);
            try {
                hf.step(batch, ++steps, steps);
            } catch (Trainer.DivergedException e) {
                wrong = 1;
                break;
            }
            wrong = wrongFraction(network, test, problem.classes());
        }
        return new Run(problem, length, Method.TANH_HF, seed, wrong < 0.01, wrong, steps, (System.nanoTime() - start) / 1e9);
    }

    /** A seed for a fresh training batch, never that of the held-out sequences (1,000,000 + the run's seed). */
    static long trainingSeed(Random seeds) {
        return 2_000_000L + (seeds.nextLong() >>> 2);
    }

    /** The fraction of sequences with a wrong output at a step that has a target, by the rule above. */
    static double wrongFraction(Network network, List<Sequence> data, boolean classes) {
        Plan plan = network.plan();
        int out = plan.groupIndex("out");
        int wrong = 0;
        int batchSize = 250;
        for (int start = 0; start < data.size(); start += batchSize) {
            List<Sequence> part = data.subList(start, Math.min(data.size(), start + batchSize));
            int steps = part.stream().mapToInt(Sequence::length).max().orElse(0);
            Batch batch = new Batch(plan, part.size(), steps);
            batch.fill(plan, part);
            Pass pass = new Pass(plan, part.size(), steps);
            pass.forward(network, batch);
            for (int b = 0; b < part.size(); b++) {
                boolean right = true;
                for (int t = 0; t < part.get(b).length() && right; t++) {
                    right = rightAt(pass.output(out, t), batch.target(out, t), b, classes);
                }
                wrong += right ? 0 : 1;
            }
        }
        return wrong / (double) data.size();
    }

    private static boolean rightAt(DMatrixRMaj y, DMatrixRMaj target, int b, boolean classes) {
        int n = y.numCols;
        if (Double.isNaN(target.get(b, 0))) {
            return true;
        }
        if (classes) {
            int best = 0;
            int truth = 0;
            for (int j = 1; j < n; j++) {
                best = y.get(b, j) > y.get(b, best) ? j : best;
                truth = target.get(b, j) > target.get(b, truth) ? j : truth;
            }
            return best == truth;
        }
        for (int j = 0; j < n; j++) {
            if (Math.abs(y.get(b, j) - target.get(b, j)) > 0.04) {
                return false;
            }
        }
        return true;
    }
}
