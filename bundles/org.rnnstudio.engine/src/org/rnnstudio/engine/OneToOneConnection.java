package org.rnnstudio.engine;

import java.util.List;

import org.ejml.data.DMatrixRMaj;

/**
 * Unit i of the source to unit i of the target through a learned weight d_i (a diagonal matrix kept as its
 * 1 x n diagonal), e.g. an LSTM's peepholes. The loops run over the batch flat, the diagonal wrapping round.
 */
public final class OneToOneConnection implements ConnectionOperation {

    /** into_i += from_i d_i */
    @Override
    public void forward(DMatrixRMaj from, DMatrixRMaj weights, DMatrixRMaj into) {
        double[] d = weights.data;
        int n = d.length;
        for (int i = 0; i < into.data.length; i++) {
            into.data[i] += from.data[i] * d[i % n];
        }
    }

    /** dE/dd_i += sum over the batch of from_i dE/d(into_i) */
    @Override
    public void backwardWeights(DMatrixRMaj from, DMatrixRMaj dInto, DMatrixRMaj dWeights) {
        int n = dWeights.data.length;
        for (int i = 0; i < dInto.data.length; i++) {
            dWeights.data[i % n] += from.data[i] * dInto.data[i];
        }
    }

    /** dE/d(from_i) += dE/d(into_i) d_i */
    @Override
    public void backwardSource(DMatrixRMaj dInto, DMatrixRMaj weights, DMatrixRMaj dFrom) {
        double[] d = weights.data;
        int n = d.length;
        for (int i = 0; i < dInto.data.length; i++) {
            dFrom.data[i] += dInto.data[i] * d[i % n];
        }
    }

    /** R(into_i) += R(from_i) d_i + from_i v_i */
    @Override
    public void directional(DMatrixRMaj from, DMatrixRMaj rFrom, DMatrixRMaj weights, DMatrixRMaj direction, DMatrixRMaj rInto) {
        double[] d = weights.data;
        double[] v = direction.data;
        int n = d.length;
        for (int i = 0; i < rInto.data.length; i++) {
            rInto.data[i] += rFrom.data[i] * d[i % n] + from.data[i] * v[i % n];
        }
    }

    /** ONNX's Mul broadcasts the 1 x n diagonal over the batch. */
    @Override
    public <E extends Exception> String onnx(OnnxGraph<E> graph, String source, String weights) {
        return graph.node("Mul", List.of(source, weights));
    }
}
