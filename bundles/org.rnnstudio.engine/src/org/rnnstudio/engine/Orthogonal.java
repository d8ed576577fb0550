package org.rnnstudio.engine;

import java.util.Random;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.QRDecomposition;

/** Random orthogonal matrices: the Q of a Gaussian matrix's QR decomposition, signs fixed by R's diagonal. */
final class Orthogonal {

    private Orthogonal() {
    }

    static void fill(DMatrixRMaj w, Random random) {
        int n = w.numRows;
        DMatrixRMaj gaussian = new DMatrixRMaj(n, n);
        for (int i = 0; i < gaussian.data.length; i++) {
            gaussian.data[i] = random.nextGaussian();
        }
        QRDecomposition<DMatrixRMaj> qr = DecompositionFactory_DDRM.qr(n, n);
        if (!qr.decompose(gaussian)) {
            throw new IllegalStateException("QR decomposition of a random matrix failed");
        }
        DMatrixRMaj q = qr.getQ(null, false);
        DMatrixRMaj r = qr.getR(null, false);
        // multiplying column j by sign(R_jj) makes the distribution uniform over orthogonal matrices
        for (int j = 0; j < n; j++) {
            double sign = r.get(j, j) < 0 ? -1 : 1;
            for (int i = 0; i < n; i++) {
                w.set(i, j, q.get(i, j) * sign);
            }
        }
    }
}
