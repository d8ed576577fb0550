package org.rnnstudio.engine;

import org.ejml.data.DMatrixRMaj;

/**
 * What a group's units do to their total input x, on a batch (rows = sequences, columns = units), in place
 * into preallocated matrices so that the time loop allocates nothing: y = f(x), the backward product with the
 * Jacobian J = dy/dx, and the directional derivative R(y) = J R(x). Each derivative is computed from y,
 * where every activation's is cheapest.
 */
public interface ActivationFunction {

    /** y = f(x) */
    void forward(DMatrixRMaj x, DMatrixRMaj y);

    /** dE/dx = Jᵀ dE/dy */
    void backward(DMatrixRMaj y, DMatrixRMaj dy, DMatrixRMaj dx);

    /** R(y) = J R(x) */
    void directional(DMatrixRMaj y, DMatrixRMaj rx, DMatrixRMaj ry);

    /** Adds the ONNX node computing f(total) into the value named output. */
    <E extends Exception> void onnx(OnnxGraph<E> graph, String total, String output);
}
