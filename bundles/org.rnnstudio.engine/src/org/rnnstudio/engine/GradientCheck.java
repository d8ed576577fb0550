package org.rnnstudio.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.ejml.data.DMatrixRMaj;
import org.rnnstudio.model.UnitGroup;

/**
 * Compares backpropagation through time with central differences of the loss, parameter by parameter:
 * the test of every engine operation, and the command line's {@code gradcheck}.
 */
public final class GradientCheck {

    /** The worst disagreement over one parameter set; relative error is |a - n| / max(|a| + |n|, 1e-8). */
    public record Result(String parameterSet, int checked, double maxRelativeError, double maxAbsoluteError) {
    }

    // large enough that rounding (about 1e-16 / H) stays below the truncation error (about H^2)
    private static final double H = 1e-5;

    private GradientCheck() {
    }

    /** Checks every element of every trainable parameter set on the given batch (mean loss per sequence). */
    public static List<Result> run(Network network, Batch data, int truncation) {
        Plan plan = network.plan();
        Pass pass = new Pass(plan, data.size(), data.steps());
        DMatrixRMaj[] analytic = network.zerosLike();
        pass.forward(network, data);
        pass.backward(network, data, analytic, truncation);
        List<Result> results = new ArrayList<>();
        for (Plan.ParameterSet p : plan.parameters()) {
            if (!p.trainable()) {
                continue;
            }
            double[] w = network.value(p).data;
            double worstRelative = 0;
            double worstAbsolute = 0;
            for (int i = 0; i < w.length; i++) {
                double keep = w[i];
                w[i] = keep + H;
                double plus = pass.forward(network, data) / data.size();
                w[i] = keep - H;
                double minus = pass.forward(network, data) / data.size();
                w[i] = keep;
                double numeric = (plus - minus) / (2 * H);
                double a = analytic[p.index()].data[i];
                double absolute = Math.abs(a - numeric);
                worstAbsolute = Math.max(worstAbsolute, absolute);
                worstRelative = Math.max(worstRelative, absolute / Math.max(Math.abs(a) + Math.abs(numeric), 1e-8));
            }
            results.add(new Result(p.name(), w.length, worstRelative, worstAbsolute));
        }
        return results;
    }

    /**
     * A batch of random sequences fit for the model's losses: Gaussian inputs, and targets that each loss
     * accepts (real values, 0/1, or one-hot). Lengths vary between 1 and T so that masking is exercised.
     */
    public static Batch randomBatch(Plan plan, int size, int steps, long seed) {
        Random random = new Random(seed);
        Batch batch = new Batch(plan, size, steps);
        for (int b = 0; b < size; b++) {
            batch.lengths()[b] = b == 0 ? steps : 1 + random.nextInt(steps);
        }
        for (int g = 0; g < plan.groups().size(); g++) {
            UnitGroup group = plan.groups().get(g);
            int n = group.size();
            for (int t = 0; t < steps; t++) {
                if (group.isInput()) {
                    double[] in = batch.input(g, t).data;
                    for (int i = 0; i < in.length; i++) {
                        in[i] = random.nextGaussian();
                    }
                } else if (group.isOutput() && group.loss() == UnitGroup.Loss.CTC) {
                    if (t == 0) {
                        for (int b = 0; b < size; b++) {
                            batch.labels(g)[b] = randomLabels(random, n, batch.lengths()[b]);
                        }
                    }
                } else if (group.isOutput()) {
                    double[] target = batch.target(g, t).data;
                    for (int b = 0; b < size; b++) {
                        fillTarget(group, random, target, b * n);
                    }
                }
            }
        }
        return batch;
    }

    /** Up to about half as many labels as steps, repeats and all, shortened until the steps can emit them. */
    private static int[] randomLabels(Random random, int classes, int steps) {
        int[] labels = new int[1 + random.nextInt(Math.max(1, steps / 2))];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = 1 + random.nextInt(classes - 1);
        }
        while (!org.rnnstudio.engine.ctc.Ctc.feasible(labels, steps)) {
            labels = Arrays.copyOf(labels, labels.length - 1);
        }
        return labels;
    }

    private static void fillTarget(UnitGroup group, Random random, double[] target, int row) {
        int n = group.size();
        switch (group.loss()) {
        case SQUARED_ERROR:
            for (int j = 0; j < n; j++) {
                target[row + j] = random.nextGaussian();
            }
            break;
        case LOGISTIC_CROSS_ENTROPY:
            for (int j = 0; j < n; j++) {
                target[row + j] = random.nextBoolean() ? 1 : 0;
            }
            break;
        case CROSS_ENTROPY:
            Arrays.fill(target, row, row + n, 0.0);
            target[row + random.nextInt(n)] = 1;
            break;
        default:
            throw new IllegalStateException(group.loss().name());
        }
    }
}
