package org.rnnstudio.engine.lds;

import java.util.List;

import org.rnnstudio.engine.EmIterations;
import org.rnnstudio.engine.FitListener;
import org.rnnstudio.engine.ObservedSequence;
import org.rnnstudio.model.LdsDescription;

/**
 * Fits a linear dynamical system to sequences by EM, from the description's starting values (or
 * {@link LinearDynamicalSystem#start}'s for those it leaves out), keeping its fixed parameter sets.
 */
public final class LdsTraining {

    private LdsTraining() {
    }

    public static EmIterations.Result<LinearDynamicalSystem> fit(LdsDescription description, List<ObservedSequence> data, int iterations, long seed,
            FitListener listener) {
        return fit(LinearDynamicalSystem.start(description, seed), description, data, iterations, listener);
    }

    /** Continues from the given system (e.g. weights trained before). */
    public static EmIterations.Result<LinearDynamicalSystem> fit(LinearDynamicalSystem start, LdsDescription description, List<ObservedSequence> data,
            int iterations, FitListener listener) {
        return EmIterations.run(start,
                s -> ExpectationMaximization.step(s, data, description.fixed(), description.stateNoise(), description.observationNoise()),
                s -> logLikelihood(s, data), iterations, listener);
    }

    public static double logLikelihood(LinearDynamicalSystem system, List<ObservedSequence> data) {
        double sum = 0;
        for (ObservedSequence s : data) {
            sum += KalmanSmoother.filter(system, s).logLikelihood();
        }
        return sum;
    }
}
