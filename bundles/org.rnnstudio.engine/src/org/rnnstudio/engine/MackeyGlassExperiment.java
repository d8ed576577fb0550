package org.rnnstudio.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.ejml.dense.row.CommonOps_DDRM;

import org.rnnstudio.model.Activation;
import org.rnnstudio.model.Cell;
import org.rnnstudio.model.Connection;
import org.rnnstudio.model.Model;
import org.rnnstudio.model.UnitGroup;

/**
 * Jaeger &amp; Haas (2004)'s benchmark: an echo-state network learns the chaotic Mackey-Glass series (tau 17,
 * Euler steps of 1/10 subsampled every time unit) as a generator. As in the paper the network sees the series
 * squashed, tanh(x - 1), its output feeds back into the reservoir, and a small uniform noise is added to every
 * reservoir unit's input while the states are collected (the readout learns to be robust to its own small
 * errors once it runs freely). The readout is fitted by ridge regression with teacher forcing over
 * {@code washout + training} steps (the first {@code washout} left out), the ridge chosen on a validation window
 * of the series when one is asked for, then the network runs freely for {@code horizon} steps from where the
 * teacher stopped. The score is Jaeger and Haas's NRMSE at the horizon, in the series' own units: the root of
 * the mean over runs of the squared error at the last free step, divided by the series' variance; each run has
 * a reservoir of its own seed and a window of the series of its own, by its seed.
 */
public final class MackeyGlassExperiment {

    /**
     * The reservoir and the task: {@code noise} is the half-width of the uniform noise added to each unit's
     * input while fitting (0: none); with {@code validation} steps the ridge is chosen from
     * {@link RidgeReadout}'s on a window of that many steps after a washout (0: {@code ridge} is used).
     */
    public record Settings(int units, double spectralRadius, double connectivity, double feedbackScaling, double biasScaling, double leakRate,
            int washout, int training, int horizon, double ridge, int runs, long seed, double noise, int validation) {
    }

    /**
     * One run: its reservoir's seed, the error at the horizon, the NRMSE over all free steps, the series over
     * the last {@link #LEAD} teacher-forced steps and the free ones, the prediction over the free ones, the
     * ridge used, the seconds (reservoir, fit and prediction).
     */
    public record Run(long reservoirSeed, double horizonError, double nrmse, double[] series, double[] predicted, double ridge, double seconds) {
    }

    /** The teacher-forced steps a run keeps before the free ones, for a picture of where the prediction starts. */
    public static final int LEAD = 200;

    /** All runs and Jaeger and Haas's score over them. */
    public record Result(List<Run> runs, double nrmseAtHorizon, double variance) {
    }

    private final Settings settings;

    public MackeyGlassExperiment(Settings settings) {
        this.settings = settings;
    }

    /**
     * The network: a reservoir of the settings, its output read linearly and fed back one step later; with
     * noise, an input group of one noise source per unit (each unit is given its own, see {@link #run}).
     */
    public Model model(long reservoirSeed) {
        Model m = new Model();
        m.setName("Mackey-Glass echo-state network");
        Cell reservoir = new Cell("reservoir", Cell.Kind.RESERVOIR, settings.units());
        reservoir.setSpectralRadius(settings.spectralRadius());
        reservoir.setConnectivity(settings.connectivity());
        reservoir.setInputScaling(settings.feedbackScaling());
        reservoir.setBiasScaling(settings.biasScaling());
        reservoir.setLeakRate(settings.leakRate());
        reservoir.setSeed(reservoirSeed);
        m.cells().add(reservoir);
        UnitGroup y = m.addGroup(new UnitGroup("y", UnitGroup.Role.OUTPUT, 1));
        y.setActivation(Activation.LINEAR);
        y.setTarget(UnitGroup.Loss.SQUARED_ERROR, UnitGroup.TargetSchedule.EVERY_STEP, 1);
        m.addConnection(new Connection("readout", "reservoir", "y", Connection.Kind.FULL, 0));
        m.addConnection(new Connection("feedback", "y", "reservoir", Connection.Kind.FULL, 1));
        if (settings.noise() > 0) {
            m.addGroup(new UnitGroup(NOISE, UnitGroup.Role.INPUT, settings.units()));
            m.addConnection(new Connection(NOISE, NOISE, "reservoir", Connection.Kind.FULL, 0));
        }
        return m;
    }

    /**
     * A run's window of the series is chosen by its reservoir's seed (modulo this), one horizon apart: the
     * runs of one command and those of several commands over parts of the seeds are the same runs.
     */
    static final int WINDOWS = 1000;

    /** The input group of the fitting noise, and its connection. */
    static final String NOISE = "noise";

    public Result run() throws InvalidModelException {
        int fitted = settings.washout() + settings.training();
        int length = fitted + settings.horizon();
        int validated = settings.validation() > 0 ? settings.washout() + settings.validation() : 0;
        double[] series = Generators.mackeyGlassSeries(500 + WINDOWS * settings.horizon() + length + validated, 17);
        double mean = 0;
        for (double v : series) {
            mean += v / series.length;
        }
        double variance = 0;
        double[] squashed = new double[series.length];
        for (int i = 0; i < series.length; i++) {
            variance += (series[i] - mean) * (series[i] - mean) / series.length;
            squashed[i] = Math.tanh(series[i] - 1);
        }
        List<Run> runs = new ArrayList<>();
        double squared = 0;
        for (int r = 0; r < settings.runs(); r++) {
            long start = System.nanoTime();
            long reservoirSeed = settings.seed() + r;
            Network network = new Network(Plan.compile(model(reservoirSeed)));
            network.initialize(org.rnnstudio.model.Initialization.SMALL_UNIFORM, 0.1, reservoirSeed);
            if (settings.noise() > 0) {
                // the noise reaches each unit alone, as Jaeger and Haas's state noise does, not mixed by random input weights
                CommonOps_DDRM.setIdentity(network.value(parameter(network.plan(), "connection:" + NOISE + ".candidate")));
            }
            Random noise = new Random(reservoirSeed);
            int offset = 500 + (int) Math.floorMod(reservoirSeed, (long) WINDOWS) * settings.horizon();
            Sequence fitting = window(squashed, offset, fitted, settings.noise(), noise);
            // the validation window right after the prediction's, so that it shares no step with the fit
            List<Sequence> validation = validated > 0 ? List.of(window(squashed, offset + length, validated, 0, noise)) : List.of();
            RidgeReadout.Fit fit = new RidgeReadout(network).fit(List.of(fitting), validation, settings.washout(), settings.ridge(), validated > 0, 1);
            Sequence whole = window(squashed, offset, length, 0, noise);
            double[][] y = FreeRunning.outputs(network, whole, List.of("y"), fitted).get("y");
            double[] predicted = new double[settings.horizon()];
            double sum = 0;
            double last = 0;
            for (int t = 0; t < settings.horizon(); t++) {
                predicted[t] = unsquash(y[fitted + t][0]);
                last = predicted[t] - series[offset + fitted + t];
                sum += last * last;
            }
            squared += last * last;
            int lead = Math.min(LEAD, fitted);
            double[] shown = Arrays.copyOfRange(series, offset + fitted - lead, offset + fitted + settings.horizon());
            runs.add(new Run(reservoirSeed, Math.abs(last), Math.sqrt(sum / settings.horizon() / variance), shown, predicted, fit.ridge(),
                    (System.nanoTime() - start) / 1e9));
        }
        return new Result(runs, Math.sqrt(squared / settings.runs() / variance), variance);
    }

    /** The series' value from the network's squashed one, tanh(x - 1); an output that left (-1, 1) is as far off as the squashing allows. */
    static double unsquash(double y) {
        double inside = Math.max(-1 + 1e-15, Math.min(1 - 1e-15, y));
        return 1 + 0.5 * Math.log((1 + inside) / (1 - inside));
    }

    private static Plan.ParameterSet parameter(Plan plan, String name) {
        return plan.parameters().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }

    /** A window of the squashed series as targets, with uniform noise in [-noise, noise] for each unit as the noise group's input. */
    private Sequence window(double[] squashed, int offset, int length, double noise, Random random) {
        double[][] y = new double[length][1];
        for (int t = 0; t < length; t++) {
            y[t][0] = squashed[offset + t];
        }
        if (settings.noise() == 0) {
            return new Sequence(length, Map.of(), Map.of("y", y));
        }
        double[][] n = new double[length][settings.units()];
        for (int t = 0; t < length && noise > 0; t++) {
            for (int i = 0; i < n[t].length; i++) {
                n[t][i] = (2 * random.nextDouble() - 1) * noise;
            }
        }
        return new Sequence(length, Map.of(NOISE, n), Map.of("y", y));
    }
}
