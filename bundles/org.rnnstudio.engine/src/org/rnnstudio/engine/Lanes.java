package org.rnnstudio.engine;

import org.rnnstudio.model.Activation;

/**
 * The arithmetic of {@link LanePass} on runs of lanes: a unit's value for every sequence of the batch side by
 * side (the batch is the vector's width). A weight between two units is then one scalar times a vector, and
 * an activation or a loss one pass over contiguous memory. These loops are the plain ones; {@link VectorLanes}
 * runs the same on the Vector API when the JVM has the module, and leaves the tail to them.
 */
class Lanes {

    /** The kernels in use: on the Vector API when the products are ({@link Gemm#VECTOR_WIDTH}), else these loops. */
    static final Lanes IN_USE = choose();

    private static Lanes choose() {
        if (Gemm.VECTOR_WIDTH <= 1) {
            return new Lanes();
        }
        try {
            return new VectorLanes();
        } catch (LinkageError absent) {
            return new Lanes();
        }
    }

    /**
     * y[yo + b] += sum over k below count of w[wo + k wStride] x[xo + k xStride + b], for b below n: one unit's total
     * input from a group's units (a column of the weights), or dE/dx of one source unit from a group's dE/dnet (a row).
     */
    void addWeighted(double[] w, int wo, int wStride, double[] x, int xo, int xStride, int count, double[] y, int yo, int n) {
        for (int b = 0; b < n; b++) {
            double sum = y[yo + b];
            for (int k = 0; k < count; k++) {
                sum += w[wo + k * wStride] * x[xo + k * xStride + b];
            }
            y[yo + b] = sum;
        }
    }

    /**
     * The sum over runs r of the dot product of x[xo + r xStride ..] and d[dO + r dStride ..], each n lanes long: a
     * weight's gradient over all steps (xStride 0 repeats one run of x: an initial state, or the ones a bias reads).
     */
    double dot(double[] x, int xo, int xStride, double[] d, int dO, int dStride, int runs, int n) {
        double sum = 0;
        // the runs inside: at one lane (batch 1) the loop over lanes would be all overhead
        for (int b = 0; b < n; b++) {
            for (int r = 0; r < runs; r++) {
                sum += x[xo + r * xStride + b] * d[dO + r * dStride + b];
            }
        }
        return sum;
    }

    /** y = f(net) on n lanes from o */
    void activate(Activation f, double[] net, double[] y, int o, int n) {
        switch (f) {
        case LOGISTIC:
            for (int i = o; i < o + n; i++) {
                y[i] = 1.0 / (1.0 + Math.exp(-net[i]));
            }
            break;
        case TANH:
            for (int i = o; i < o + n; i++) {
                y[i] = Math.tanh(net[i]);
            }
            break;
        case LINEAR:
            System.arraycopy(net, o, y, o, n);
            break;
        default:
            throw new IllegalArgumentException("no lanes for the activation " + f);
        }
    }

    /** dNet[dO + i] = dy[o + i] f'(net), from the outputs y[o + i] */
    void derivative(Activation f, double[] y, double[] dy, int o, double[] dNet, int dO, int n) {
        switch (f) {
        case LOGISTIC:
            for (int i = 0; i < n; i++) {
                dNet[dO + i] = dy[o + i] * y[o + i] * (1.0 - y[o + i]);
            }
            break;
        case TANH:
            for (int i = 0; i < n; i++) {
                dNet[dO + i] = dy[o + i] * (1.0 - y[o + i] * y[o + i]);
            }
            break;
        case LINEAR:
            System.arraycopy(dy, o, dNet, dO, n);
            break;
        default:
            throw new IllegalArgumentException("no lanes for the activation " + f);
        }
    }

    /** Logistic cross-entropy summed over the scored lanes: max(x, 0) - t x + log(1 + e^-|x|) of the total input x. */
    double crossEntropy(double[] net, double[] target, double[] scored, int o, int n) {
        double e = 0;
        for (int i = o; i < o + n; i++) {
            if (scored[i] != 0) {
                double x = net[i];
                e += Math.max(x, 0) - target[i] * x + Math.log1p(Math.exp(-Math.abs(x)));
            }
        }
        return e;
    }

    /** 1/2 (y - t)² summed over the scored lanes. */
    double squaredError(double[] y, double[] target, double[] scored, int o, int n) {
        double e = 0;
        for (int i = o; i < o + n; i++) {
            if (scored[i] != 0) {
                double diff = y[i] - target[i];
                e += 0.5 * diff * diff;
            }
        }
        return e;
    }

    /** into[dO + i] += scale (y - t) on the scored lanes: both losses' derivative, with respect to net or y */
    void addDifference(double[] y, double[] target, double[] scored, int o, double scale, double[] into, int dO, int n) {
        for (int i = 0; i < n; i++) {
            if (scored[o + i] != 0) {
                into[dO + i] += scale * (y[o + i] - target[o + i]);
            }
        }
    }

    /** wrong[wo + i] = 1 where a scored output is not within 0.5 of its target (as {@link Accuracy#EACH_UNIT}) */
    void markWrong(double[] y, double[] target, double[] scored, int o, double[] wrong, int wo, int n) {
        for (int i = 0; i < n; i++) {
            if (scored[o + i] != 0 && !(Math.abs(y[o + i] - target[o + i]) < 0.5)) {
                wrong[wo + i] = 1;
            }
        }
    }
}
