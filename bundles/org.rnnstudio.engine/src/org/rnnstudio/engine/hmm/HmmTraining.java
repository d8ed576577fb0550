package org.rnnstudio.engine.hmm;

import java.util.List;

import org.rnnstudio.engine.EmIterations;
import org.rnnstudio.engine.FitListener;
import org.rnnstudio.engine.ObservedSequence;
import org.rnnstudio.model.HmmDescription;

/**
 * Fits a hidden Markov model to sequences by Baum-Welch, from the description's starting values (or
 * {@link HiddenMarkovModel#start}'s for those it leaves out), keeping its fixed parameter sets and adding
 * its pseudocount.
 */
public final class HmmTraining {

    private HmmTraining() {
    }

    public static EmIterations.Result<HiddenMarkovModel> fit(HmmDescription description, List<ObservedSequence> data, int iterations, long seed,
            FitListener listener) {
        return fit(HiddenMarkovModel.start(description, data, seed), description, data, iterations, listener);
    }

    /** Continues from the given model (e.g. weights trained before). */
    public static EmIterations.Result<HiddenMarkovModel> fit(HiddenMarkovModel start, HmmDescription description, List<ObservedSequence> data,
            int iterations, FitListener listener) {
        return EmIterations.run(start, m -> BaumWelch.step(m, data, description.fixed(), description.pseudocount()), m -> logLikelihood(m, data),
                iterations, listener);
    }

    public static double logLikelihood(HiddenMarkovModel model, List<ObservedSequence> data) {
        double sum = 0;
        for (ObservedSequence s : data) {
            sum += ForwardBackward.run(model, s).logLikelihood();
        }
        return sum;
    }
}
