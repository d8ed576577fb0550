package org.rnnstudio.engine;

import java.util.List;

import org.ejml.data.DMatrixRMaj;

/** Rectified linear units: y = max(x, 0), whose derivative is 1 where y > 0 and 0 elsewhere. */
public final class Relu implements ActivationFunction {

    @Override
    public void forward(DMatrixRMaj x, DMatrixRMaj y) {
        double[] in = x.data;
        double[] out = y.data;
        int n = x.getNumElements();
        for (int i = 0; i < n; i++) {
            out[i] = in[i] > 0 ? in[i] : 0.0;
        }
    }

    /** dx = dy where y > 0 */
    @Override
    public void backward(DMatrixRMaj y, DMatrixRMaj dy, DMatrixRMaj dx) {
        double[] out = y.data;
        double[] g = dy.data;
        double[] d = dx.data;
        int n = y.getNumElements();
        for (int i = 0; i < n; i++) {
            d[i] = out[i] > 0 ? g[i] : 0.0;
        }
    }

    /** R(y) = R(x) where y > 0 */
    @Override
    public void directional(DMatrixRMaj y, DMatrixRMaj rx, DMatrixRMaj ry) {
        double[] out = y.data;
        int n = y.getNumElements();
        for (int i = 0; i < n; i++) {
            ry.data[i] = out[i] > 0 ? rx.data[i] : 0.0;
        }
    }

    @Override
    public <E extends Exception> void onnx(OnnxGraph<E> graph, String total, String output) {
        graph.node("Relu", List.of(total), output);
    }
}
