package org.rnnstudio.engine;

import java.util.List;

import org.ejml.data.DMatrixRMaj;

/** Logistic units: y = 1 / (1 + e^-x), whose derivative is y (1 - y). */
public final class Logistic implements ActivationFunction {

    @Override
    public void forward(DMatrixRMaj x, DMatrixRMaj y) {
        double[] in = x.data;
        double[] out = y.data;
        int n = x.getNumElements();
        if (Gemm.VECTOR_WIDTH > 1 && n >= VectorMath.SMALLEST) {
            VectorMath.logistic(in, out, n);
            return;
        }
        for (int i = 0; i < n; i++) {
            out[i] = 1.0 / (1.0 + Math.exp(-in[i]));
        }
    }

    /** dx = dy y (1 - y) */
    @Override
    public void backward(DMatrixRMaj y, DMatrixRMaj dy, DMatrixRMaj dx) {
        double[] out = y.data;
        double[] g = dy.data;
        double[] d = dx.data;
        int n = y.getNumElements();
        for (int i = 0; i < n; i++) {
            d[i] = g[i] * out[i] * (1.0 - out[i]);
        }
    }

    /** R(y) = y (1 - y) R(x) */
    @Override
    public void directional(DMatrixRMaj y, DMatrixRMaj rx, DMatrixRMaj ry) {
        double[] out = y.data;
        int n = y.getNumElements();
        for (int i = 0; i < n; i++) {
            ry.data[i] = out[i] * (1.0 - out[i]) * rx.data[i];
        }
    }

    @Override
    public <E extends Exception> void onnx(OnnxGraph<E> graph, String total, String output) {
        graph.node("Sigmoid", List.of(total), output);
    }
}
