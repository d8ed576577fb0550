package org.rnnstudio.engine;

import java.util.Arrays;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * The loop of EM fitting, the same for every hidden-state model: iterate, report the log-likelihood after
 * each iteration (iteration 0 is the start), stop when asked.
 */
public final class EmIterations {

    /** One iteration's outcome: the new parameters and the log-likelihood of the data under the old ones. */
    public record Step<M>(M model, double logLikelihood) {
    }

    /** The fitted parameters and the log-likelihood after each iteration, index 0 being the start. */
    public record Result<M>(M model, double[] logLikelihoods) {
    }

    private EmIterations() {
    }

    public static <M> Result<M> run(M start, Function<M, Step<M>> iterate, ToDoubleFunction<M> logLikelihood, int iterations, FitListener listener) {
        M model = start;
        double[] history = new double[iterations + 1];
        int done = 0;
        for (; done < iterations && !listener.stopRequested(); done++) {
            Step<M> step = iterate.apply(model);
            history[done] = step.logLikelihood();
            listener.iteration(done, step.logLikelihood());
            model = step.model();
        }
        history[done] = logLikelihood.applyAsDouble(model);
        listener.iteration(done, history[done]);
        return new Result<>(model, Arrays.copyOf(history, done + 1));
    }
}
