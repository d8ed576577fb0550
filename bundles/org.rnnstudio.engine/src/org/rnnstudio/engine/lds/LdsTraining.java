package org.rnnstudio.engine.lds;

import java.util.List;

import org.rnnstudio.engine.FitListener;
import org.rnnstudio.engine.ObservedSequence;
import org.rnnstudio.model.LdsDescription;

/**
 * Fits a linear dynamical system to sequences by EM, from the description's starting values (or
 * {@link LinearDynamicalSystem#start}'s for those it leaves out), keeping its fixed parameter sets.
 */
public final class LdsTraining {

    /** The fitted system and the log-likelihood after each iteration, index 0 being the start. */
    public record Result(LinearDynamicalSystem system, double[] logLikelihoods) {
    }

    private LdsTraining() {
    }

    public static Result fit(LdsDescription description, List<ObservedSequence> data, int iterations, long seed, FitListener listener) {
        return fit(LinearDynamicalSystem.start(description, seed), description, data, iterations, listener);
    }

    /** Continues from the given system (e.g. weights trained before). */
    public static Result fit(LinearDynamicalSystem start, LdsDescription description, List<ObservedSequence> data, int iterations,
            FitListener listener) {
        LinearDynamicalSystem system = start;
        double[] history = new double[iterations + 1];
        int done = 0;
        for (; done < iterations && !listener.stopRequested(); done++) {
            ExpectationMaximization.Step step = ExpectationMaximization.step(system, data, description.fixed(), description.stateNoise(),
                    description.observationNoise());
            history[done] = step.logLikelihood();
            listener.iteration(done, step.logLikelihood());
            system = step.system();
        }
        history[done] = logLikelihood(system, data);
        listener.iteration(done, history[done]);
        return new Result(system, java.util.Arrays.copyOf(history, done + 1));
    }

    public static double logLikelihood(LinearDynamicalSystem system, List<ObservedSequence> data) {
        double sum = 0;
        for (ObservedSequence s : data) {
            sum += KalmanSmoother.filter(system, s).logLikelihood();
        }
        return sum;
    }
}
