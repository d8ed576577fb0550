package org.rnnstudio.engine.dynamics;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.rnnstudio.engine.Network;
import org.rnnstudio.engine.Plan;

/** What one connection brings to the group it feeds, for one state vector, and its derivative with respect to the state. */
final class Wiring {

    private Wiring() {
    }

    /** into += what the wire carries from source: s W (full), s * d (one-to-one), scale * s (identity). */
    static void carry(Plan.Wire wire, Network network, double[] source, double[] into) {
        switch (wire.kind()) {
        case FULL:
            double[] w = network.value(wire.weights()).data;
            int cols = into.length;
            for (int i = 0; i < source.length; i++) {
                double s = source[i];
                for (int j = 0; j < cols; j++) {
                    into[j] += s * w[i * cols + j];
                }
            }
            break;
        case ONE_TO_ONE:
            double[] d = network.value(wire.weights()).data;
            for (int j = 0; j < into.length; j++) {
                into[j] += source[j] * d[j];
            }
            break;
        case IDENTITY:
            double scale = wire.connection().scale();
            for (int j = 0; j < into.length; j++) {
                into[j] += scale * source[j];
            }
            break;
        default:
            throw new IllegalStateException(wire.kind().name());
        }
    }

    /** The same linear map applied to the source's tangent block (units x k): W^T dS, diag(d) dS, scale dS. */
    static void carryTangent(Plan.Wire wire, Network network, DMatrixRMaj dSource, DMatrixRMaj into) {
        switch (wire.kind()) {
        case FULL:
            CommonOps_DDRM.multTransA(network.value(wire.weights()), dSource, into);
            break;
        case ONE_TO_ONE:
            double[] d = network.value(wire.weights()).data;
            for (int j = 0; j < into.numRows; j++) {
                for (int c = 0; c < into.numCols; c++) {
                    into.set(j, c, d[j] * dSource.get(j, c));
                }
            }
            break;
        case IDENTITY:
            CommonOps_DDRM.scale(wire.connection().scale(), dSource, into);
            break;
        default:
            throw new IllegalStateException(wire.kind().name());
        }
    }
}
