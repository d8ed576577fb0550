package org.rnnstudio.engine;

import java.util.List;

import org.ejml.data.DMatrixRMaj;

/** Every source unit to every target unit through a learned matrix W (from units x to units). */
public final class FullConnection implements ConnectionOperation {

    /** into += from W */
    @Override
    public void forward(DMatrixRMaj from, DMatrixRMaj weights, DMatrixRMaj into) {
        Gemm.multAdd(from, weights, into);
    }

    /** dE/dW += fromᵀ dE/d(into) */
    @Override
    public void backwardWeights(DMatrixRMaj from, DMatrixRMaj dInto, DMatrixRMaj dWeights) {
        Gemm.multAddTransA(from, dInto, dWeights);
    }

    /** dE/d(from) += dE/d(into) Wᵀ */
    @Override
    public void backwardSource(DMatrixRMaj dInto, DMatrixRMaj weights, DMatrixRMaj dFrom) {
        Gemm.multAddTransB(dInto, weights, dFrom);
    }

    /** R(into) += R(from) W + from V */
    @Override
    public void directional(DMatrixRMaj from, DMatrixRMaj rFrom, DMatrixRMaj weights, DMatrixRMaj direction, DMatrixRMaj rInto) {
        Gemm.multAdd(rFrom, weights, rInto);
        Gemm.multAdd(from, direction, rInto);
    }

    @Override
    public <E extends Exception> String onnx(OnnxGraph<E> graph, String source, String weights) {
        return graph.node("MatMul", List.of(source, weights));
    }
}
