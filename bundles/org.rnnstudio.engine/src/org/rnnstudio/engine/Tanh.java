package org.rnnstudio.engine;

import java.util.List;

import org.ejml.data.DMatrixRMaj;

/** Tanh units: y = tanh x, whose derivative is 1 - y². */
public final class Tanh implements ActivationFunction {

    @Override
    public void forward(DMatrixRMaj x, DMatrixRMaj y) {
        double[] in = x.data;
        double[] out = y.data;
        int n = x.getNumElements();
        if (Gemm.VECTOR_WIDTH > 1 && n >= VectorMath.SMALLEST) {
            VectorMath.tanh(in, out, n);
            return;
        }
        for (int i = 0; i < n; i++) {
            out[i] = Math.tanh(in[i]);
        }
    }

    /** dx = dy (1 - y²) */
    @Override
    public void backward(DMatrixRMaj y, DMatrixRMaj dy, DMatrixRMaj dx) {
        double[] out = y.data;
        double[] g = dy.data;
        double[] d = dx.data;
        int n = y.getNumElements();
        for (int i = 0; i < n; i++) {
            d[i] = g[i] * (1.0 - out[i] * out[i]);
        }
    }

    /** R(y) = (1 - y²) R(x) */
    @Override
    public void directional(DMatrixRMaj y, DMatrixRMaj rx, DMatrixRMaj ry) {
        double[] out = y.data;
        int n = y.getNumElements();
        for (int i = 0; i < n; i++) {
            ry.data[i] = (1.0 - out[i] * out[i]) * rx.data[i];
        }
    }

    @Override
    public <E extends Exception> void onnx(OnnxGraph<E> graph, String total, String output) {
        graph.node("Tanh", List.of(total), output);
    }
}
