package org.rnnstudio.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.rnnstudio.model.Activation;
import org.rnnstudio.model.Cell;
import org.rnnstudio.model.Connection;
import org.rnnstudio.model.Model;
import org.rnnstudio.model.UnitGroup;

/**
 * Jaeger &amp; Haas (2004)'s benchmark: an echo-state network learns the chaotic Mackey-Glass series (tau 17,
 * sampled every time unit) as a generator. Its output feeds back into the reservoir; the readout is fitted by
 * ridge regression with teacher forcing over {@code washout + training} steps (the first {@code washout} left
 * out), then the network runs freely for {@code horizon} steps from where the teacher stopped. The score is
 * Jaeger and Haas's NRMSE at the horizon: the root of the mean over runs of the squared error at the last free
 * step, divided by the series' variance; each run has a reservoir of its own seed and a window of the series
 * of its own. The network sees the series less its mean (errors are the same).
 */
public final class MackeyGlassExperiment {

    /** The reservoir and the task. */
    public record Settings(int units, double spectralRadius, double connectivity, double feedbackScaling, double biasScaling, double leakRate,
            int washout, int training, int horizon, double ridge, int runs, long seed) {
    }

    /**
     * One run: its reservoir's seed, the error at the horizon, the NRMSE over all free steps, the series over
     * the last {@link #LEAD} teacher-forced steps and the free ones, the prediction over the free ones, the
     * seconds (reservoir, fit and prediction).
     */
    public record Run(long reservoirSeed, double horizonError, double nrmse, double[] series, double[] predicted, double seconds) {
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

    /** The network: a reservoir of the settings, its output read linearly and fed back one step later. */
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
        return m;
    }

    public Result run() throws InvalidModelException {
        int fitted = settings.washout() + settings.training();
        int length = fitted + settings.horizon();
        double[] series = Generators.mackeyGlassSeries(500 + settings.runs() * settings.horizon() + length, 17);
        double mean = 0;
        for (double v : series) {
            mean += v / series.length;
        }
        double variance = 0;
        for (int i = 0; i < series.length; i++) {
            variance += (series[i] - mean) * (series[i] - mean) / series.length;
            // centred, so that the fed-back output drives the reservoir about zero rather than biasing it by the series' mean
            series[i] -= mean;
        }
        List<Run> runs = new ArrayList<>();
        double squared = 0;
        for (int r = 0; r < settings.runs(); r++) {
            long start = System.nanoTime();
            long reservoirSeed = settings.seed() + r;
            Network network = new Network(Plan.compile(model(reservoirSeed)));
            network.initialize(org.rnnstudio.model.Initialization.SMALL_UNIFORM, 0.1, reservoirSeed);
            // each run its own window of the series: consecutive runs start one horizon apart
            int offset = 500 + r * settings.horizon();
            Sequence fitting = window(series, offset, fitted);
            new RidgeReadout(network).fit(List.of(fitting), List.of(), settings.washout(), settings.ridge(), false, 1);
            Sequence whole = window(series, offset, length);
            double[][] y = FreeRunning.outputs(network, whole, List.of("y"), fitted).get("y");
            double[] predicted = new double[settings.horizon()];
            double sum = 0;
            double last = 0;
            for (int t = 0; t < settings.horizon(); t++) {
                predicted[t] = y[fitted + t][0] + mean;
                last = y[fitted + t][0] - series[offset + fitted + t];
                sum += last * last;
            }
            squared += last * last;
            int lead = Math.min(LEAD, fitted);
            double[] shown = new double[lead + settings.horizon()];
            for (int t = 0; t < shown.length; t++) {
                shown[t] = series[offset + fitted - lead + t] + mean;
            }
            runs.add(new Run(reservoirSeed, Math.abs(last), Math.sqrt(sum / settings.horizon() / variance), shown, predicted,
                    (System.nanoTime() - start) / 1e9));
        }
        return new Result(runs, Math.sqrt(squared / settings.runs() / variance), variance);
    }

    private static Sequence window(double[] series, int offset, int length) {
        double[][] y = new double[length][1];
        for (int t = 0; t < length; t++) {
            y[t][0] = series[offset + t];
        }
        return new Sequence(length, Map.of(), Map.of("y", y));
    }
}
