package org.rnnstudio.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.rnnstudio.engine.InvalidModelException;
import org.rnnstudio.engine.Network;
import org.rnnstudio.engine.Plan;
import org.rnnstudio.engine.Sequence;
import org.rnnstudio.engine.Trainer;
import org.rnnstudio.engine.WeightsFile;
import org.rnnstudio.model.Activation;
import org.rnnstudio.model.Initialization;
import org.rnnstudio.model.Connection;
import org.rnnstudio.model.Initialization;
import org.rnnstudio.model.Model;
import org.rnnstudio.model.ModelFile;
import org.rnnstudio.model.Optimizer;
import org.rnnstudio.model.UnitGroup;

/**
 * Makes the models and weights of examples/dynamics, each from a seed, so that anyone can make them again:
 * {@code java -cp ... org.rnnstudio.cli.DynamicsExamples} in the repository's root (docs/dynamics.md gives the line).
 * The trained ones (the sine generator, the binary adder) train here, in the engine; run it from the repository's root.
 */
public final class DynamicsExamples {

    static final int CHAOS_UNITS = 100;

    private DynamicsExamples() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Paths.get(".");
        Path examples = root.resolve("examples").resolve("dynamics");
        save(oscillator(), examples.resolve("oscillator"), "oscillator");
        save(hopfield(), examples.resolve("point-attractors"), "hopfield");
        save(randomNetwork(1.5, 1), examples.resolve("chaos"), "random-tanh");
        Network calm = randomNetwork(0.5, 1);
        Files.createDirectories(examples.resolve("chaos"));
        WeightsFile.save(calm, examples.resolve("chaos").resolve("random-tanh-g0.5.weights.json"));
        save(sineGenerator(), examples.resolve("sine-generator"), "sine-generator");
        Path adder = examples.resolve("adder-automaton");
        Files.createDirectories(adder);
        trainAdder(adder.resolve("binary-adder.weights.json"));
        Path gradients = examples.resolve("gradients");
        Files.createDirectories(gradients);
        ModelFile.writeAtomically(gradientsModel(), gradients.resolve("gradients.rnn"));
        GradientsThroughTime.picture(gradientsModel(), root.resolve("docs").resolve("images").resolve("dynamics-gradients.png"));
    }

    private static void save(Network network, Path folder, String name) throws IOException {
        Files.createDirectories(folder);
        ModelFile.writeAtomically(network.plan().model(), folder.resolve(name + ".rnn"));
        WeightsFile.save(network, folder.resolve(name + ".weights.json"));
    }

    /** One recurrent group reading itself one step back, read out by a linear unit at every step, laid out as the adder is. */
    static Model recurrent(String name, String notes, int n, Activation f, boolean bias) {
        Model m = new Model();
        m.setName(name);
        m.setNotes(notes);
        UnitGroup h = m.addGroup(new UnitGroup("hidden", UnitGroup.Role.HIDDEN, n));
        h.setActivation(f);
        h.setBias(bias);
        UnitGroup y = m.addGroup(new UnitGroup("readout", UnitGroup.Role.OUTPUT, 1));
        y.setActivation(Activation.LINEAR);
        y.setBias(false);
        m.addConnection(new Connection("recurrent", "hidden", "hidden", Connection.Kind.FULL, 1));
        m.addConnection(new Connection("hidden-readout", "hidden", "readout", Connection.Kind.FULL, 0));
        m.bounds().put("hidden", new Model.Bounds(40, 150, 140, 50));
        m.bounds().put("readout", new Model.Bounds(40, 40, 120, 50));
        loop(m, "recurrent");
        return m;
    }

    private static void loop(Model m, String connection) {
        m.bendPoints().put(connection, List.of(new Model.Point(230, 175), new Model.Point(230, 120), new Model.Point(190, 120)));
    }

    private static void set(Network network, String parameter, double[] values) {
        for (Plan.ParameterSet p : network.plan().parameters()) {
            if (p.name().equals(parameter)) {
                System.arraycopy(values, 0, network.value(p).data, 0, values.length);
                return;
            }
        }
        throw new IllegalArgumentException("no parameter set " + parameter);
    }

    /** Two tanh units whose weights turn the state by 18 degrees a step and stretch it by 1.3: saturation holds it on a closed curve. */
    static Network oscillator() throws InvalidModelException {
        Model m = recurrent("Oscillator", "Two tanh units whose recurrent weights turn the state by 18 degrees a step and stretch it by 1.3. "
                + "The origin repels (an unstable spiral); tanh squashes the growing state, which settles on a closed curve and goes round it "
                + "about every 20 steps: it oscillates.", 2, Activation.TANH, false);
        Network network = new Network(Plan.compile(m));
        double angle = Math.toRadians(18);
        double c = 1.3 * Math.cos(angle);
        double s = 1.3 * Math.sin(angle);
        set(network, "connection:recurrent", new double[] {c, s, -s, c});
        set(network, "connection:hidden-readout", new double[] {1, 0});
        return network;
    }

    /** The patterns the point-attractor example stores: three of 32 units, +-1 (well below the capacity of about 0.14 N). */
    static double[][] patterns() {
        Random random = new Random(7);
        double[][] p = new double[3][32];
        for (double[] row : p) {
            for (int i = 0; i < row.length; i++) {
                row[i] = random.nextBoolean() ? 1 : -1;
            }
        }
        return p;
    }

    /**
     * A Hopfield-like network: w_ij = (4/32) sum over the patterns of p_i p_j, no self-connections, tanh
     * units. Symmetric weights: every run settles to a point; the stored patterns (and their negatives)
     * are stable fixed points.
     */
    static Network hopfield() throws InvalidModelException {
        double[][] patterns = patterns();
        int n = patterns[0].length;
        Model m = recurrent("Point attractors", "A symmetric network of 32 tanh units storing three patterns of +-1 (Hebb's rule, "
                + "w_ij = 4/32 sum_p p_i p_j, no self-connections). From a corrupted pattern it settles to the stored one: "
                + "each pattern is a point attractor.", n, Activation.TANH, false);
        Network network = new Network(Plan.compile(m));
        double[] w = new double[n * n];
        for (double[] p : patterns) {
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    w[i * n + j] += i == j ? 0 : 4.0 / n * p[i] * p[j];
                }
            }
        }
        set(network, "connection:recurrent", w);
        double[] readout = new double[n];
        readout[0] = 1;
        set(network, "connection:hidden-readout", readout);
        return network;
    }

    /** w_ij from N(0, g^2 / N) for N = 100 tanh units (Sompolinsky, Crisanti and Sommers 1988). */
    static Network randomNetwork(double gain, long seed) throws InvalidModelException {
        Model m = recurrent("Random tanh network", "100 tanh units with random weights drawn from N(0, g^2/N) (Sompolinsky, Crisanti "
                + "and Sommers 1988). With g = 1.5 (random-tanh.weights.json) the network is chaotic; with g = 0.5 "
                + "(random-tanh-g0.5.weights.json) every run settles to the origin.", CHAOS_UNITS, Activation.TANH, false);
        Network network = new Network(Plan.compile(m));
        Random random = new Random(seed);
        double[] w = new double[CHAOS_UNITS * CHAOS_UNITS];
        for (int i = 0; i < w.length; i++) {
            w[i] = random.nextGaussian() * gain / Math.sqrt(CHAOS_UNITS);
        }
        set(network, "connection:recurrent", w);
        double[] readout = new double[CHAOS_UNITS];
        readout[0] = 1;
        set(network, "connection:hidden-readout", readout);
        return network;
    }

    static final int SINE_PERIOD = 20;
    static final int SINE_UNITS = 20;

    /**
     * The sine generator: 20 tanh units that read themselves one step back and the previous value of the sine
     * through "feedback", and a linear output. As trained, the previous value is given by the teacher, an input
     * group read at the same step (teacher forcing); running free, it is the network's own output one step back.
     * Both have the same parameter sets, so the trained weights fit the free-running network.
     */
    static Model sineModel(boolean teacherForced) {
        Model m = new Model();
        m.setName(teacherForced ? "Sine generator, teacher forced" : "Sine generator");
        if (teacherForced) {
            m.addGroup(new UnitGroup("previous", UnitGroup.Role.INPUT, 1));
        }
        UnitGroup h = m.addGroup(new UnitGroup("hidden", UnitGroup.Role.HIDDEN, SINE_UNITS));
        h.setActivation(Activation.TANH);
        UnitGroup y = m.addGroup(new UnitGroup("output", UnitGroup.Role.OUTPUT, 1));
        y.setActivation(Activation.LINEAR);
        m.addConnection(new Connection("feedback", teacherForced ? "previous" : "output", "hidden", Connection.Kind.FULL, teacherForced ? 0 : 1));
        m.addConnection(new Connection("recurrent", "hidden", "hidden", Connection.Kind.FULL, 1));
        m.addConnection(new Connection("hidden-output", "hidden", "output", Connection.Kind.FULL, 0));
        if (!teacherForced) {
            m.setNotes("Trained with teacher forcing to continue a sine wave of period " + SINE_PERIOD + " steps (its input was the true "
                    + "previous value); here the loop is closed, the output feeding the hidden units one step later. Running on its own "
                    + "it goes round a limit cycle: it oscillates.");
            m.bounds().put("hidden", new Model.Bounds(40, 150, 140, 50));
            m.bounds().put("output", new Model.Bounds(40, 40, 120, 50));
            loop(m, "recurrent");
            m.bendPoints().put("feedback", List.of(new Model.Point(-40, 65), new Model.Point(-40, 175)));
        }
        return m;
    }

    /** 0.8 sin(2 pi t / 20 + phase): the target at t, and as input the value at t - 1 with a little noise, so that the net learns to correct its own errors. */
    static List<Sequence> sineData(int count, int length, long seed) {
        Random random = new Random(seed);
        List<Sequence> data = new ArrayList<>();
        for (int s = 0; s < count; s++) {
            double phase = 2 * Math.PI * random.nextDouble();
            double[][] in = new double[length][1];
            double[][] target = new double[length][1];
            for (int t = 0; t < length; t++) {
                in[t][0] = 0.8 * Math.sin(2 * Math.PI * (t - 1) / SINE_PERIOD + phase) + 0.02 * random.nextGaussian();
                target[t][0] = 0.8 * Math.sin(2 * Math.PI * t / SINE_PERIOD + phase);
            }
            data.add(new Sequence(length, Map.of("previous", in), Map.of("output", target)));
        }
        return data;
    }

    static Network sineGenerator() throws Exception {
        Network forced = new Network(Plan.compile(sineModel(true)));
        forced.initialize(Initialization.GLOROT, 1, 3);
        Trainer.Optimization adam = Trainer.Optimization.PLAIN.with(Optimizer.ADAM);
        new Trainer(forced).train(sineData(200, 60, 5), new Trainer.Settings(300, 20, 0.005, 0, false, 11, 0, adam), new Trainer.Listener() { },
                () -> false);
        Network free = new Network(Plan.compile(sineModel(false)));
        for (Plan.ParameterSet p : free.plan().parameters()) {
            set(free, p.name(), forced.copyOf(forced.plan().parameters().stream().filter(q -> q.name().equals(p.name())).findFirst().orElseThrow()));
        }
        return free;
    }

    /**
     * A tanh RNN of 32 units on the adding problem with sequences of 50 steps (the sum of the two marked
     * values at the last step), trained as the lecture's figure 7-4-2 needs: the recurrent weights a random
     * orthogonal matrix times the scale (the spectral radius), stored as 1.5; the command line's
     * --init-scale and --clip change them.
     */
    static Model gradientsModel() {
        Model m = new Model();
        m.setName("Gradients through time");
        m.setNotes("A tanh RNN on the adding problem (50 steps). Its recurrent weights start as a random orthogonal matrix times the "
                + "initial scale, which is then their spectral radius: 0.5 makes the error derivatives vanish as they go back in time, "
                + "1.5 makes them explode; clipping the gradient's norm at 1 tames the explosion.");
        m.addGroup(new UnitGroup("input", UnitGroup.Role.INPUT, 2));
        UnitGroup h = m.addGroup(new UnitGroup("hidden", UnitGroup.Role.HIDDEN, 32));
        h.setActivation(Activation.TANH);
        UnitGroup y = m.addGroup(new UnitGroup("output", UnitGroup.Role.OUTPUT, 1));
        y.setActivation(Activation.LINEAR);
        y.setTarget(UnitGroup.Loss.SQUARED_ERROR, UnitGroup.TargetSchedule.FINAL_STEP, 1);
        m.addConnection(new Connection("input-hidden", "input", "hidden", Connection.Kind.FULL, 0));
        m.addConnection(new Connection("recurrent", "hidden", "hidden", Connection.Kind.FULL, 1));
        m.addConnection(new Connection("hidden-output", "hidden", "output", Connection.Kind.FULL, 0));
        m.bounds().put("input", new Model.Bounds(40, 260, 120, 50));
        m.bounds().put("hidden", new Model.Bounds(40, 150, 140, 50));
        m.bounds().put("output", new Model.Bounds(40, 40, 120, 50));
        loop(m, "recurrent");
        org.rnnstudio.model.TrainingSettings t = new org.rnnstudio.model.TrainingSettings();
        t.data = "adding:length=50,count=1000,seed=1";
        t.epochs = 12;
        t.batch = 20;
        t.learningRate = 0.1;
        t.momentum = 0.9;
        t.init = "orthogonal";
        t.initScale = 1.5;
        m.setTraining(t);
        return m;
    }

    /**
     * The binary adder trained as the README trains it (./rnnstudio train with the model's own settings:
     * 30 epochs on 1,000 six-bit sums), which adds all 65,536 pairs of 8-bit numbers.
     */
    static void trainAdder(Path into) throws IOException {
        Path scratch = Files.createTempDirectory("adder");
        int code = new Main(System.out, System.err, false).run(new String[] {"train", "examples/binary-adder/binary-adder.rnn", "--out", scratch.toString()});
        if (code != Main.OK) {
            throw new IllegalStateException("training the adder failed");
        }
        Files.copy(scratch.resolve("binary-adder.weights.json"), into, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
