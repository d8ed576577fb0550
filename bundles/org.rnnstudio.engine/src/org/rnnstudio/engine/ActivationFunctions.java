package org.rnnstudio.engine;

import org.ejml.data.DMatrixRMaj;
import org.rnnstudio.model.Activation;

/**
 * Forward and backward of each activation on a batch (rows = sequences, columns = units), in place into
 * preallocated matrices so that the time loop allocates nothing.
 */
public final class ActivationFunctions {

    private ActivationFunctions() {
    }

    /** y = f(x). */
    public static void forward(Activation f, DMatrixRMaj x, DMatrixRMaj y) {
        double[] in = x.data;
        double[] out = y.data;
        int n = x.getNumElements();
        switch (f) {
        case LINEAR:
            System.arraycopy(in, 0, out, 0, n);
            break;
        case LOGISTIC:
            for (int i = 0; i < n; i++) {
                out[i] = 1.0 / (1.0 + Math.exp(-in[i]));
            }
            break;
        case TANH:
            for (int i = 0; i < n; i++) {
                out[i] = Math.tanh(in[i]);
            }
            break;
        case RELU:
            for (int i = 0; i < n; i++) {
                out[i] = in[i] > 0 ? in[i] : 0.0;
            }
            break;
        case SOFTMAX:
            softmaxRows(x, y);
            break;
        default:
            throw new IllegalArgumentException(f.name());
        }
    }

    /**
     * dE/dx from dE/dy, using the forward output y (every activation's derivative is cheapest from y).
     * For softmax this is the full Jacobian product per row: dx = y * (dy - sum(dy * y)).
     */
    public static void backward(Activation f, DMatrixRMaj y, DMatrixRMaj dy, DMatrixRMaj dx) {
        double[] out = y.data;
        double[] g = dy.data;
        double[] d = dx.data;
        int n = y.getNumElements();
        switch (f) {
        case LINEAR:
            System.arraycopy(g, 0, d, 0, n);
            break;
        case LOGISTIC:
            for (int i = 0; i < n; i++) {
                d[i] = g[i] * out[i] * (1.0 - out[i]);
            }
            break;
        case TANH:
            for (int i = 0; i < n; i++) {
                d[i] = g[i] * (1.0 - out[i] * out[i]);
            }
            break;
        case RELU:
            for (int i = 0; i < n; i++) {
                d[i] = out[i] > 0 ? g[i] : 0.0;
            }
            break;
        case SOFTMAX:
            int cols = y.numCols;
            for (int r = 0; r < y.numRows; r++) {
                int base = r * cols;
                double dot = 0;
                for (int c = 0; c < cols; c++) {
                    dot += g[base + c] * out[base + c];
                }
                for (int c = 0; c < cols; c++) {
                    d[base + c] = out[base + c] * (g[base + c] - dot);
                }
            }
            break;
        default:
            throw new IllegalArgumentException(f.name());
        }
    }

    private static void softmaxRows(DMatrixRMaj x, DMatrixRMaj y) {
        int cols = x.numCols;
        double[] in = x.data;
        double[] out = y.data;
        for (int r = 0; r < x.numRows; r++) {
            int base = r * cols;
            // subtracting the row's maximum keeps exp() finite for large inputs
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < cols; c++) {
                max = Math.max(max, in[base + c]);
            }
            double sum = 0;
            for (int c = 0; c < cols; c++) {
                out[base + c] = Math.exp(in[base + c] - max);
                sum += out[base + c];
            }
            for (int c = 0; c < cols; c++) {
                out[base + c] /= sum;
            }
        }
    }
}
