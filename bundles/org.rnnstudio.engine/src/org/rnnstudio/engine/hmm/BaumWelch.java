package org.rnnstudio.engine.hmm;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.rnnstudio.engine.EmIterations;
import org.rnnstudio.engine.ObservedSequence;

/**
 * One Baum-Welch iteration over many sequences: forward-backward on each (the E step), then pi, A and the
 * emission from the expected counts (the M step), each plus the pseudocount. Fixed parameter sets stay as
 * they are. With pseudocount 0 the log-likelihood never goes down.
 */
public final class BaumWelch {

    private BaumWelch() {
    }

    /** The model after the iteration, and the log-likelihood of the data under the model before it. */
    public static EmIterations.Step<HiddenMarkovModel> step(HiddenMarkovModel model, List<ObservedSequence> data, Set<String> fixed, double pseudocount) {
        int n = model.states();
        double[] firstStates = new double[n];
        double[][] moves = new double[n][n];
        List<double[][]> posteriors = new ArrayList<>();
        double logLikelihood = 0;
        for (ObservedSequence sequence : data) {
            ForwardBackward.Result r = ForwardBackward.run(model, sequence);
            logLikelihood += r.logLikelihood();
            posteriors.add(r.posterior());
            for (int i = 0; i < n; i++) {
                firstStates[i] += r.posterior()[0][i];
                for (int j = 0; j < n; j++) {
                    moves[i][j] += r.transitions()[i][j];
                }
            }
        }
        double[] start = fixed.contains("pi") ? model.start().clone() : HiddenMarkovModel.normalized(firstStates, pseudocount, model.start());
        double[][] transitions = new double[n][];
        for (int i = 0; i < n; i++) {
            transitions[i] = fixed.contains("A") ? model.transitions()[i].clone()
                    : HiddenMarkovModel.normalized(moves[i], pseudocount, model.transitions()[i]);
        }
        Emission emission = model.emission().reestimate(data, posteriors, pseudocount, fixed);
        return new EmIterations.Step<>(new HiddenMarkovModel(start, transitions, emission), logLikelihood);
    }
}
