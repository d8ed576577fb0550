package org.rnnstudio.engine;

import java.util.List;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.rnnstudio.model.Connection;

/** Unit i of the source to unit i of the target times a fixed scale s (1 unless the model says otherwise); nothing to learn. */
public final class IdentityConnection implements ConnectionOperation {

    private final String id;
    private final double scale;

    public IdentityConnection(Connection connection) {
        this.id = connection.id();
        this.scale = connection.scale();
    }

    /** into += s from */
    @Override
    public void forward(DMatrixRMaj from, DMatrixRMaj weights, DMatrixRMaj into) {
        CommonOps_DDRM.addEquals(into, scale, from);
    }

    /** No weights, so no weight gradient. */
    @Override
    public void backwardWeights(DMatrixRMaj from, DMatrixRMaj dInto, DMatrixRMaj dWeights) {
        // an identity connection has no parameter set: the plan gives it none, and the pass asks for none
    }

    /** dE/d(from) += s dE/d(into) */
    @Override
    public void backwardSource(DMatrixRMaj dInto, DMatrixRMaj weights, DMatrixRMaj dFrom) {
        CommonOps_DDRM.addEquals(dFrom, scale, dInto);
    }

    /** R(into) += s R(from) */
    @Override
    public void directional(DMatrixRMaj from, DMatrixRMaj rFrom, DMatrixRMaj weights, DMatrixRMaj direction, DMatrixRMaj rInto) {
        CommonOps_DDRM.addEquals(rInto, scale, rFrom);
    }

    /** The source itself when s = 1, which ONNX needs no node for. */
    @Override
    public <E extends Exception> String onnx(OnnxGraph<E> graph, String source, String weights) throws E {
        if (scale == 1) {
            return source;
        }
        String s = graph.constant("const/" + id + "/scale", scale, "connection '" + id + "'");
        return graph.node("Mul", List.of(source, s));
    }
}
