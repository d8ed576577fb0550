package org.rnnstudio.engine;

import java.util.List;

import org.rnnstudio.model.UnitGroup;

/**
 * How well a model that predicts the next term of a series (an output whose target is {@code "next"} of an
 * input) forecasts it: after the same first {@code warmup} true terms of each sequence, the mean squared
 * error of its predictions of every later term, one step ahead (each from the true terms before it) and
 * many steps ahead (from its own predictions fed back as its inputs, as a generative model runs), for the
 * {@code horizon} terms after the warm-up.
 */
public final class Forecast {

    /** Mean squared errors per predicted value, over {@code predictions} values. */
    public record Errors(double oneStep, double multiStep, long predictions) {
    }

    private Forecast() {
    }

    public static Errors of(Network network, List<Sequence> data, int warmup, int horizon) {
        UnitGroup output = predictor(network.plan());
        String input = output.next();
        double oneStep = 0;
        double multiStep = 0;
        long count = 0;
        for (Sequence s : data) {
            double[][] series = s.inputs().get(input);
            if (series.length <= warmup) {
                continue;
            }
            Stepper teacherForced = new Stepper(network);
            Stepper freeRunning = new Stepper(network);
            double[] fedBack = null;
            int end = (int) Math.min(series.length, (long) warmup + horizon);
            for (int t = 0; t < end; t++) {
                if (t >= warmup) {
                    double[] truth = series[t];
                    double[] oneStepPrediction = teacherForced.output(output.id());
                    for (int u = 0; u < truth.length; u++) {
                        oneStep += square(oneStepPrediction[u] - truth[u]);
                        multiStep += square(fedBack[u] - truth[u]);
                    }
                    count += truth.length;
                }
                teacherForced.step(input, series[t]);
                freeRunning.step(input, t < warmup ? series[t] : fedBack);
                fedBack = freeRunning.output(output.id()).clone();
            }
        }
        if (count == 0) {
            throw new IllegalArgumentException("no sequence is longer than the " + warmup + " warm-up steps: nothing to forecast");
        }
        return new Errors(oneStep / count, multiStep / count, count);
    }

    private static double square(double v) {
        return v * v;
    }

    /** The output group that predicts the next term of an input; a model has exactly one to forecast with. */
    static UnitGroup predictor(Plan plan)  {
        UnitGroup found = null;
        for (UnitGroup g : plan.groups()) {
            if (g.isOutput() && g.next() != null) {
                if (found != null) {
                    throw new IllegalArgumentException("'" + found.id() + "' and '" + g.id() + "' both predict a next term: forecast needs one");
                }
                found = g;
            }
        }
        if (found == null) {
            throw new IllegalArgumentException("no output group predicts the next term of an input (its target \"next\"): nothing to forecast");
        }
        return found;
    }
}
