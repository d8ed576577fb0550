package org.rnnstudio.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.rnnstudio.engine.BinaryAdder;
import org.rnnstudio.engine.Network;
import org.rnnstudio.engine.Plan;
import org.rnnstudio.engine.Sequence;
import org.rnnstudio.engine.Trainer;
import org.rnnstudio.model.Activation;
import org.rnnstudio.model.Cell;
import org.rnnstudio.model.Connection;
import org.rnnstudio.model.Model;
import org.rnnstudio.model.UnitGroup;

/**
 * The engine's side of {@code ./rnnstudio bench}: one training step (forward, backward through time, SGD
 * update) of the configurations the issue names, timed after a warm-up, the median of repeated runs, each
 * configuration in a JVM of its own.
 * benchmarks/torch_bench.py measures PyTorch on the same configurations in the same run.
 */
public final class Bench {

    private final PrintStream out;

    Bench(PrintStream out) {
        this.out = out;
    }

    /** LSTM: input 32, hidden 128, T 50, batch 32, softmax over 10 classes at every step. */
    static Model lstm() {
        Model m = new Model();
        m.addGroup(new UnitGroup("x", UnitGroup.Role.INPUT, 32));
        m.cells().add(new Cell("lstm", Cell.Kind.LSTM, 128));
        UnitGroup y = m.addGroup(new UnitGroup("y", UnitGroup.Role.OUTPUT, 10));
        y.setActivation(Activation.SOFTMAX);
        y.setTarget(UnitGroup.Loss.CROSS_ENTROPY, UnitGroup.TargetSchedule.EVERY_STEP, 1);
        m.addConnection(new Connection("x-lstm", "x", "lstm", Connection.Kind.FULL, 0));
        m.addConnection(new Connection("lstm-y", "lstm", "y", Connection.Kind.FULL, 0));
        return m;
    }

    static List<Sequence> lstmData(int batch, int steps, long seed) {
        Random random = new Random(seed);
        List<Sequence> data = new ArrayList<>();
        for (int b = 0; b < batch; b++) {
            double[][] x = new double[steps][32];
            double[][] y = new double[steps][10];
            for (int t = 0; t < steps; t++) {
                for (int i = 0; i < 32; i++) {
                    x[t][i] = random.nextGaussian();
                }
                y[t][random.nextInt(10)] = 1;
            }
            data.add(new Sequence(steps, Map.of("x", x), Map.of("y", y)));
        }
        return data;
    }

    /**
     * Seconds per training step: the median over repeats of one epoch of stepsPerEpoch minibatches (the
     * batch repeated), divided by stepsPerEpoch, after warm-up epochs. Measuring inside an epoch counts
     * what a step costs while training runs, not the set-up of a training run.
     */
    static double stepSeconds(Model model, List<Sequence> batch, int stepsPerEpoch, int warmup, int repeats) throws Exception {
        Plan plan = Plan.compile(model);
        Network network = new Network(plan);
        network.initialize(org.rnnstudio.model.Initialization.GLOROT, 1, 1);
        Trainer trainer = new Trainer(network);
        List<Sequence> data = new ArrayList<>();
        for (int i = 0; i < stepsPerEpoch; i++) {
            data.addAll(batch);
        }
        // lr 0 keeps the weights where they are, so every step does the same work; the update still runs
        Trainer.Settings epoch = new Trainer.Settings(1, batch.size(), 0.0, 0.0, false, 1, 0);
        for (int i = 0; i < warmup; i++) {
            trainer.train(data, epoch, new Trainer.Listener() { }, () -> false);
        }
        double[] times = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            long start = System.nanoTime();
            trainer.train(data, epoch, new Trainer.Listener() { }, () -> false);
            times[i] = (System.nanoTime() - start) / 1e9 / stepsPerEpoch;
        }
        Arrays.sort(times);
        return times[repeats / 2];
    }

    /** Floating-point operations of one LSTM training step: 2 per multiply-add, backward twice the forward. */
    static double lstmFlops(int batch, int steps) {
        double forward = steps * (2.0 * batch * 4 * 128 * (32 + 128) + 2.0 * batch * 128 * 10);
        return 3 * forward;
    }

    /** The configurations, each measured in a JVM of its own. */
    static final List<String> CONFIGURATIONS = List.of("lstm", "adder-1", "adder-64");

    /**
     * Runs every configuration in a fresh JVM, as JMH forks one per benchmark: measured in one JVM, the
     * adder after the LSTM ran with the JIT's code and profiles shaped by the LSTM's large products, 112
     * µs a step at batch 64 against 94 µs in a JVM of its own (what a training run started for the adder
     * gets).
     */
    void run() throws Exception {
        out.println("RNN Studio engine (Java " + System.getProperty("java.version") + ", double precision, large products on all cores, "
                + "a JVM per configuration)");
        String javaCommand = ProcessHandle.current().info().command().orElse("java");
        for (String configuration : CONFIGURATIONS) {
            Process p = new ProcessBuilder(javaCommand, "-cp", System.getProperty("java.class.path"), Bench.class.getName(), configuration)
                    .redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (p.waitFor() != 0) {
                throw new IllegalStateException("the " + configuration + " benchmark failed: " + output);
            }
            out.println(output);
        }
    }

    /** One configuration, in this JVM: the line {@link #run} relays. */
    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        switch (args.length == 1 ? args[0] : "") {
        case "lstm":
            double lstm = stepSeconds(lstm(), lstmData(32, 50, 1), 3, 2, 5);
            out.printf(java.util.Locale.ROOT, "ours  lstm_step_seconds %.5f tokens_per_second %.0f gflops %.2f%n", lstm, 32 * 50 / lstm,
                    lstmFlops(32, 50) / lstm / 1e9);
            break;
        case "adder-1":
        case "adder-64":
            int batch = Integer.parseInt(args[0].substring("adder-".length()));
            Model adder = org.rnnstudio.model.ModelFile.read(BenchModels.ADDER).model();
            double adderStep = stepSeconds(adder, BinaryAdder.random(5, batch, 1, "input", "output"), 100, 50, 41);
            out.printf(java.util.Locale.ROOT, "ours  adder_batch_%d_step_microseconds %.1f%n", batch, adderStep * 1e6);
            break;
        default:
            System.err.println("usage: Bench " + String.join("|", CONFIGURATIONS));
            System.exit(2);
        }
    }
}
