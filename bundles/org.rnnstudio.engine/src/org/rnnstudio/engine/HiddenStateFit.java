package org.rnnstudio.engine;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;

import org.rnnstudio.engine.hmm.HiddenMarkovModel;
import org.rnnstudio.engine.hmm.HmmTraining;
import org.rnnstudio.engine.lds.LdsTraining;
import org.rnnstudio.engine.lds.LinearDynamicalSystem;
import org.rnnstudio.model.Model;
import org.rnnstudio.model.TrainingSettings;

/**
 * The training session's part for a hidden-state model (kind {@code lds} or {@code hmm}): EM iterations
 * (Baum-Welch for an HMM) are the epochs, from the description's starting values or trained weights, and
 * the listener hears each iteration as an epoch whose loss is the negative log-likelihood per observed step.
 */
final class HiddenStateFit {

    /** The metrics file's columns after its comment line of settings; docs/model-format.md describes them. */
    static final String METRICS_COLUMNS = "iteration,log_likelihood,log_likelihood_per_step,seconds";

    /** What one run of EM left: the parameter sets, the iterations done, the last log-likelihood, the CSV rows. */
    record Fit(Map<String, double[][]> parameters, int iterations, double logLikelihood, boolean cancelled, String stopped, String metrics) {
    }

    private final Model model;
    private final TrainingSettings settings;
    private final String dataSpec;
    private final List<ObservedSequence> data;
    private final long steps;
    private Map<String, double[][]> continuedFrom;
    private Path continuedFile;

    HiddenStateFit(Model model, TrainingSettings settings, String dataSpec) throws DataException {
        this.model = model;
        this.settings = settings;
        this.dataSpec = dataSpec;
        this.data = ObservationData.read(model, dataSpec);
        this.steps = Math.max(1, data.stream().mapToLong(ObservedSequence::length).sum());
    }

    List<ObservedSequence> data() {
        return data;
    }

    void initialize() {
        continuedFrom = null;
        continuedFile = null;
    }

    void continueFrom(Path weights) throws WeightsFile.WeightsException {
        continuedFrom = HiddenStateWeights.load(model, weights);
        continuedFile = weights;
    }

    String describe() {
        return String.format(Locale.ROOT, "%s, iterations %d, %s, data %s (%d steps)", model.kind() == Model.Kind.LDS ? "EM" : "Baum-Welch",
                settings.epochs, continuedFile == null ? "seed " + settings.seed : "continued from " + continuedFile, dataSpec, steps);
    }

    /** Fits, reporting every iteration (0 being the start) to the listener as an epoch; stops between iterations when asked. */
    Fit fit(Trainer.Listener listener, BooleanSupplier cancelled) {
        StringBuilder csv = new StringBuilder("# ").append(describe().replace('\n', ' ')).append('\n').append(METRICS_COLUMNS).append('\n');
        long start = System.nanoTime();
        boolean[] stopRequested = {false};
        FitListener progress = new FitListener() {
            @Override
            public void iteration(int iteration, double logLikelihood) {
                csv.append(iteration).append(',').append(logLikelihood).append(',').append(logLikelihood / steps).append(',')
                        .append(String.format(Locale.ROOT, "%.3f", (System.nanoTime() - start) / 1e9)).append('\n');
                listener.epoch(iteration, -logLikelihood / steps, Double.NaN);
            }

            @Override
            public boolean stopRequested() {
                stopRequested[0] = cancelled.getAsBoolean();
                return stopRequested[0];
            }
        };
        int iterations = settings.epochs;
        try {
            if (model.kind() == Model.Kind.LDS) {
                EmIterations.Result<LinearDynamicalSystem> r = continuedFrom == null
                        ? LdsTraining.fit(model.lds(), data, iterations, settings.seed, progress)
                        : LdsTraining.fit(new LinearDynamicalSystem(model.lds().state(), model.lds().observation(), model.lds().input()).with(continuedFrom),
                                model.lds(), data, iterations, progress);
                return ended(r.model().parameters(), r.logLikelihoods(), stopRequested[0], csv);
            }
            EmIterations.Result<HiddenMarkovModel> r = continuedFrom == null ? HmmTraining.fit(model.hmm(), data, iterations, settings.seed, progress)
                    : HmmTraining.fit(HiddenMarkovModel.start(model.hmm(), List.of(), 0).with(continuedFrom), model.hmm(), data, iterations, progress);
            return ended(r.model().parameters(), r.logLikelihoods(), stopRequested[0], csv);
        } catch (InferenceException e) {
            return new Fit(null, 0, Double.NaN, false, e.getMessage(), csv.toString());
        }
    }

    private Fit ended(Map<String, double[][]> parameters, double[] history, boolean cancelled, StringBuilder csv) {
        return new Fit(parameters, history.length - 1, history[history.length - 1], cancelled, null, csv.toString());
    }

    /** The loss the listener heard for a log-likelihood: its negative per observed step. */
    double loss(double logLikelihood) {
        return -logLikelihood / steps;
    }

    void save(Map<String, double[][]> parameters, Path file) throws IOException {
        HiddenStateWeights.save(model, parameters, file);
    }
}
