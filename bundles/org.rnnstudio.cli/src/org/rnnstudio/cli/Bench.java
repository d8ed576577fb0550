package org.rnnstudio.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Scanner;
import java.util.Set;

import org.rnnstudio.engine.BinaryAdder;
import org.rnnstudio.engine.Network;
import org.rnnstudio.engine.Plan;
import org.rnnstudio.engine.Sequence;
import org.rnnstudio.engine.Trainer;
import org.rnnstudio.model.Activation;
import org.rnnstudio.model.Cell;
import org.rnnstudio.model.Connection;
import org.rnnstudio.model.Model;
import org.rnnstudio.model.Precision;
import org.rnnstudio.model.UnitGroup;

/**
 * {@code ./rnnstudio bench}: training steps (forward, backward through time, SGD update) of the engine and of
 * PyTorch on the same configurations, in one run. Each side runs in a process of its own that warms up
 * and then waits; the driver asks the sides in turn for a few timed steps, rotating who goes first, until
 * each side has at least 30, so that the drifts of a shared machine fall on both sides alike. It prints the
 * median step with its spread (min-max and the interquartile range), and the ratio of the medians.
 * Each configuration gets fresh processes, as JMH forks a JVM per benchmark: in one JVM the adder after the
 * LSTM ran with the JIT's code shaped by the LSTM's large products (112 µs a step at batch 64 against 94).
 */
public final class Bench {

    /** One configuration: the engine's model and data, and how many steps a round asks of each side. */
    enum Case {
        LSTM("lstm", "LSTM: input 32, hidden 128, T 50, batch 32, softmax over 10 classes", 32, 128, 50, 32, 12, 3),
        LSTM_LARGE("lstm-large", "LSTM large: input 64, hidden 256, T 100, batch 64, softmax over 10 classes", 64, 256, 100, 64, 10, 3),
        ADDER_1("adder-1", "binary adder (2-3-1 logistic, T 8), batch 1", 0, 0, 8, 1, 10, 100),
        ADDER_64("adder-64", "binary adder (2-3-1 logistic, T 8), batch 64", 0, 0, 8, 64, 10, 100);

        final String id;
        final String title;
        final int input;
        final int hidden;
        final int steps;
        final int batch;
        final int rounds;
        final int perRound;

        Case(String id, String title, int input, int hidden, int steps, int batch, int rounds, int perRound) {
            this.id = id;
            this.title = title;
            this.input = input;
            this.hidden = hidden;
            this.steps = steps;
            this.batch = batch;
            this.rounds = rounds;
            this.perRound = perRound;
        }

        boolean isLstm() {
            return hidden > 0;
        }

        /** Floating-point operations of one LSTM training step: 2 per multiply-add, backward twice the forward. */
        double flops() {
            double forward = steps * (2.0 * batch * 4 * hidden * (input + hidden) + 2.0 * batch * hidden * 10);
            return 3 * forward;
        }

        static Case of(String id) {
            for (Case c : values()) {
                if (c.id.equals(id)) {
                    return c;
                }
            }
            throw new IllegalArgumentException("no benchmark '" + id + "' (there are " + java.util.Arrays.stream(values()).map(c -> c.id)
                    .collect(java.util.stream.Collectors.joining(", ")) + ")");
        }
    }

    private final PrintStream out;

    Bench(PrintStream out) {
        this.out = out;
    }

    static Model lstm(int input, int hidden) {
        Model m = new Model();
        m.addGroup(new UnitGroup("x", UnitGroup.Role.INPUT, input));
        m.cells().add(new Cell("lstm", Cell.Kind.LSTM, hidden));
        UnitGroup y = m.addGroup(new UnitGroup("y", UnitGroup.Role.OUTPUT, 10));
        y.setActivation(Activation.SOFTMAX);
        y.setTarget(UnitGroup.Loss.CROSS_ENTROPY, UnitGroup.TargetSchedule.EVERY_STEP, 1);
        m.addConnection(new Connection("x-lstm", "x", "lstm", Connection.Kind.FULL, 0));
        m.addConnection(new Connection("lstm-y", "lstm", "y", Connection.Kind.FULL, 0));
        return m;
    }

    static List<Sequence> lstmData(int input, int batch, int steps, long seed) {
        Random random = new Random(seed);
        List<Sequence> data = new ArrayList<>();
        for (int b = 0; b < batch; b++) {
            double[][] x = new double[steps][input];
            double[][] y = new double[steps][10];
            for (int t = 0; t < steps; t++) {
                for (int i = 0; i < input; i++) {
                    x[t][i] = random.nextGaussian();
                }
                y[t][random.nextInt(10)] = 1;
            }
            data.add(new Sequence(steps, Map.of("x", x), Map.of("y", y)));
        }
        return data;
    }

    /** A side of the comparison: a process that answers "N" with the seconds of N timed steps on one line. */
    private static final class Side implements AutoCloseable {
        final String name;
        final Process process;
        final BufferedReader replies;
        final PrintWriter requests;
        final Path errors;
        final List<Double> seconds = new ArrayList<>();

        Side(String name, List<String> command) throws IOException {
            this.name = name;
            errors = Files.createTempFile("rnnstudio-bench", ".err");
            ProcessBuilder builder = new ProcessBuilder(command).redirectError(errors.toFile());
            // OpenBLAS's threads (PyTorch's products here) spin for about 2^28 cycles, 0.1 s, after each product before they
            // sleep: between two sides' turns they took a core from the other side's steps (the engine's LSTM step 15 -> 25 ms).
            // 2^4 cycles lets them sleep at once; PyTorch's own step times are the same either way (docs/benchmarks.md).
            builder.environment().put("OPENBLAS_THREAD_TIMEOUT", "4");
            process = builder.start();
            replies = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            requests = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
            reply();
        }

        /** The next line, which must come: a side that ended early fails the benchmark with its own error. */
        private String reply() throws IOException {
            String line = replies.readLine();
            if (line == null) {
                throw new IllegalStateException(name + " stopped: " + Files.readString(errors).trim());
            }
            return line;
        }

        /**
         * Steps timed in one turn, after one that is not: the first step of a turn pays for the other side having
         * run (its caches refilled; the engine also sets up an epoch), which no training run pays between two steps.
         */
        void measure(int steps) throws IOException {
            requests.println(steps + 1);
            String[] times = reply().trim().split(" ");
            for (int i = 1; i < times.length; i++) {
                seconds.add(Double.parseDouble(times[i]));
            }
        }

        @Override
        public void close() throws IOException {
            requests.close();
            process.destroy();
            Files.deleteIfExists(errors);
        }
    }

    /** The processor's vector extensions, from /proc/cpuinfo's flags: the figures depend on them. */
    static String vectorExtensions() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("flags")) {
                    Set<String> found = new LinkedHashSet<>();
                    for (String flag : line.substring(line.indexOf(':') + 1).trim().split(" ")) {
                        if (flag.matches("sse4_2|avx|avx2|fma|avx512(f|dq|bw|vl|_bf16|_fp16)|amx_.*")) {
                            found.add(flag);
                        }
                    }
                    return String.join(" ", found);
                }
            }
        } catch (IOException e) {
            return "unknown (no /proc/cpuinfo)";
        }
        return "unknown";
    }

    private static String processor() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            return System.getProperty("os.arch");
        }
        return System.getProperty("os.arch");
    }

    void run() throws Exception {
        List<Case> cases = cases(System.getenv("RNNSTUDIO_BENCH_CASES"));
        String torch = System.getenv("RNNSTUDIO_TORCH_BENCH");
        // PyTorch's threads: 2 (both cores) unless told; on a shared machine its two threads wait for each
        // other at every operation, and one thread is the fairer reference (docs/benchmarks.md)
        String[] torchThreads = System.getenv().getOrDefault("RNNSTUDIO_TORCH_THREADS", "2").split(",");
        out.printf(Locale.ROOT, "Processor: %s, %d cores; vector extensions: %s%n", processor(), Runtime.getRuntime().availableProcessors(),
                vectorExtensions());
        out.printf(Locale.ROOT, "Engine: Java %s, products in double (ours float64) and, for the LSTMs, in single precision (ours float32), %s%n",
                System.getProperty("java.version"),
                ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent() ? "products on the Vector API kernels"
                        : "products on EJML (the JVM has no jdk.incubator.vector)");
        if (torch == null) {
            out.println("PyTorch: not measured (python3-torch is not installed for /usr/bin/python3)");
        }
        for (Case c : cases) {
            List<Side> sides = new ArrayList<>();
            try {
                sides.add(new Side("ours float64", engineCommand(c, Precision.FLOAT64)));
                if (c.isLstm()) {
                    sides.add(new Side("ours float32", engineCommand(c, Precision.FLOAT32)));
                }
                if (torch != null) {
                    for (String threads : torchThreads) {
                        sides.add(new Side("torch f32 " + threads + "t", List.of("/usr/bin/python3", torch, c.id, "float32", threads)));
                    }
                    sides.add(new Side("torch f64 " + torchThreads[0] + "t", List.of("/usr/bin/python3", torch, c.id, "float64", torchThreads[0])));
                }
                for (int r = 0; r < c.rounds; r++) {
                    for (int k = 0; k < sides.size(); k++) {
                        sides.get((r + k) % sides.size()).measure(c.perRound);
                    }
                }
                report(c, sides);
            } finally {
                for (Side s : sides) {
                    s.close();
                }
            }
        }
    }

    /** The configurations named (e.g. "adder-1,adder-64"), or all of them when none are. */
    static List<Case> cases(String names) throws Main.Failure {
        if (names == null || names.isBlank()) {
            return List.of(Case.values());
        }
        List<Case> cases = new ArrayList<>();
        for (String name : names.split(",")) {
            try {
                cases.add(Case.of(name.trim()));
            } catch (IllegalArgumentException e) {
                throw new Main.Failure(Main.USAGE, "RNNSTUDIO_BENCH_CASES: " + e.getMessage());
            }
        }
        return cases;
    }

    private static List<String> engineCommand(Case c, Precision products) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Bench.class.getName(), c.id, products.fileName()));
        return command;
    }

    private static double quantile(double[] sorted, double q) {
        double at = q * (sorted.length - 1);
        int below = (int) Math.floor(at);
        int above = Math.min(sorted.length - 1, below + 1);
        return sorted[below] + (at - below) * (sorted[above] - sorted[below]);
    }

    private void report(Case c, List<Side> sides) {
        out.printf(Locale.ROOT, "%n%s: %d timed steps per side, alternated in %d rounds (each turn after one untimed step)%n", c.title,
                c.rounds * c.perRound, c.rounds);
        String unit = c.isLstm() ? "ms" : "µs";
        double scale = c.isLstm() ? 1e3 : 1e6;
        out.printf(Locale.ROOT, "  %-14s %10s %19s %19s %12s %9s%n", "side", "median " + unit, "min-max " + unit, "IQR " + unit,
                c.isLstm() ? "tokens/s" : "", c.isLstm() ? "GFLOP/s" : "");
        double[] medians = new double[sides.size()];
        for (int i = 0; i < sides.size(); i++) {
            Side s = sides.get(i);
            double[] t = s.seconds.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            medians[i] = quantile(t, 0.5);
            String rate = c.isLstm() ? String.format(Locale.ROOT, "%,12.0f %9.1f", c.batch * c.steps / medians[i], c.flops() / medians[i] / 1e9) : "";
            out.printf(Locale.ROOT, "  %-14s %10.2f %19s %19s %s%n", s.name, medians[i] * scale,
                    String.format(Locale.ROOT, "%.2f-%.2f", t[0] * scale, t[t.length - 1] * scale),
                    String.format(Locale.ROOT, "%.2f-%.2f", quantile(t, 0.25) * scale, quantile(t, 0.75) * scale), rate);
        }
        for (int i = 0; i < sides.size(); i++) {
            for (int j = 0; j < sides.size() && sides.get(i).name.startsWith("ours"); j++) {
                if (!sides.get(j).name.startsWith("ours")) {
                    out.printf(Locale.ROOT, "  %s against %s: %.2f times as fast (ratio of the medians)%n", sides.get(i).name, sides.get(j).name,
                            medians[j] / medians[i]);
                }
            }
        }
    }

    /**
     * The engine's side of one configuration: warms up, says "ready", then answers each line "N" with the
     * seconds of N training steps, each timed on its own inside one epoch of N minibatches (what a step
     * costs while training runs, not the set-up of a training run).
     */
    /** How long each side warms up before it says "ready", at the least. */
    private static final long WARMUP_NANOS = 5_000_000_000L;

    public static void main(String[] args) throws Exception {
        Case c = Case.of(args.length == 2 ? args[0] : "");
        Precision products = Precision.valueOf(args[1].toUpperCase(Locale.ROOT));
        Model model = c.isLstm() ? lstm(c.input, c.hidden) : org.rnnstudio.model.ModelFile.read(BenchModels.ADDER).model();
        List<Sequence> batch = c.isLstm() ? lstmData(c.input, c.batch, c.steps, 1) : BinaryAdder.random(5, c.batch, 1, "input", "output");
        Network network = new Network(Plan.compile(model));
        network.initialize(org.rnnstudio.model.Initialization.GLOROT, 1, 1);
        Trainer trainer = new Trainer(network);
        long[] last = new long[1];
        List<Double> times = new ArrayList<>();
        Trainer.Listener timer = new Trainer.Listener() {
            @Override
            public void step(int epoch, int step, double loss, double accuracy) {
                long now = System.nanoTime();
                times.add((now - last[0]) / 1e9);
                last[0] = now;
            }
        };
        // until the JIT has compiled the kernels: the LSTM's first 70 or so steps run at 2 to 4 times the steady time
        int warmup = c.isLstm() ? 10 : 3000;
        long warm = System.nanoTime() + WARMUP_NANOS;
        do {
            steps(trainer, batch, warmup, timer, last, products);
        } while (System.nanoTime() < warm);
        System.out.println("ready");
        Scanner requests = new Scanner(System.in, StandardCharsets.UTF_8);
        while (requests.hasNextInt()) {
            times.clear();
            steps(trainer, batch, requests.nextInt(), timer, last, products);
            StringBuilder line = new StringBuilder();
            for (double t : times) {
                line.append(line.length() == 0 ? "" : " ").append(t);
            }
            System.out.println(line);
        }
    }

    /** One epoch of n minibatches, the batch repeated; lr 0 keeps the weights, so every step does the same work. */
    private static void steps(Trainer trainer, List<Sequence> batch, int n, Trainer.Listener timer, long[] last, Precision products) throws Exception {
        List<Sequence> data = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            data.addAll(batch);
        }
        Trainer.Settings epoch = new Trainer.Settings(1, batch.size(), 0.0, 0.0, false, 1, 0).withPrecision(products);
        last[0] = System.nanoTime();
        trainer.train(data, epoch, timer, () -> false);
    }
}
