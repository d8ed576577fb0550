package org.rnnstudio.engine;

import java.util.List;

import org.ejml.data.DMatrixRMaj;

/**
 * A softmax group, row by row: y_j = e^(x_j) / sum_k e^(x_k). Its Jacobian diag(y) - y yᵀ is symmetric, so
 * the backward and the directional products are the same formula: v -> y * (v - sum(y * v)).
 */
public final class Softmax implements ActivationFunction {

    @Override
    public void forward(DMatrixRMaj x, DMatrixRMaj y) {
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

    /** dx = y * (dy - sum(dy * y)) */
    @Override
    public void backward(DMatrixRMaj y, DMatrixRMaj dy, DMatrixRMaj dx) {
        jacobianTimes(y, dy, dx);
    }

    /** R(y) = y * (R(x) - sum(y * R(x))) */
    @Override
    public void directional(DMatrixRMaj y, DMatrixRMaj rx, DMatrixRMaj ry) {
        jacobianTimes(y, rx, ry);
    }

    /** out = (diag(y) - y yᵀ) v, row by row */
    private static void jacobianTimes(DMatrixRMaj y, DMatrixRMaj v, DMatrixRMaj out) {
        double[] s = y.data;
        double[] g = v.data;
        double[] d = out.data;
        int cols = y.numCols;
        for (int r = 0; r < y.numRows; r++) {
            int base = r * cols;
            double dot = 0;
            for (int c = 0; c < cols; c++) {
                dot += g[base + c] * s[base + c];
            }
            for (int c = 0; c < cols; c++) {
                d[base + c] = s[base + c] * (g[base + c] - dot);
            }
        }
    }

    @Override
    public <E extends Exception> void onnx(OnnxGraph<E> graph, String total, String output) {
        graph.node("Softmax", List.of(total), output, "axis", -1);
    }
}
