package org.rnnstudio.engine;

import java.util.List;

import org.ejml.data.DMatrixRMaj;

/** Linear units: y = x. */
public final class Linear implements ActivationFunction {

    @Override
    public void forward(DMatrixRMaj x, DMatrixRMaj y) {
        System.arraycopy(x.data, 0, y.data, 0, x.getNumElements());
    }

    /** dx = dy */
    @Override
    public void backward(DMatrixRMaj y, DMatrixRMaj dy, DMatrixRMaj dx) {
        System.arraycopy(dy.data, 0, dx.data, 0, y.getNumElements());
    }

    /** R(y) = R(x) */
    @Override
    public void directional(DMatrixRMaj y, DMatrixRMaj rx, DMatrixRMaj ry) {
        System.arraycopy(rx.data, 0, ry.data, 0, y.getNumElements());
    }

    @Override
    public <E extends Exception> void onnx(OnnxGraph<E> graph, String total, String output) {
        graph.node("Identity", List.of(total), output);
    }
}
