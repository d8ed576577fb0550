package org.rnnstudio.engine;

import java.util.Random;

import org.ejml.data.Complex_F64;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * Sutskever, Martens, Dahl and Hinton (2013): each unit gets a few nonzero incoming recurrent weights, so
 * that the units are not all alike and the hidden state does not saturate at the start; the matrix is then
 * scaled to a chosen spectral radius, which sets how long a signal lives in the loop (above 1 it grows,
 * below it fades).
 */
public final class SparseInitialization {

    /** The paper's number of nonzero incoming weights per unit. */
    public static final int INCOMING = 15;

    private SparseInitialization() {
    }

    /**
     * Fills a square matrix (rows the source units, columns the units they feed) with min(incoming, units)
     * standard Gaussian weights in each column, at rows chosen at random, scaled so that its spectral radius
     * is radius.
     */
    public static void fill(DMatrixRMaj w, int incoming, double radius, Random random) {
        int n = w.numRows;
        w.zero();
        int k = Math.min(incoming, n);
        int[] rows = new int[n];
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                rows[i] = i;
            }
            for (int i = 0; i < k; i++) {
                int pick = i + random.nextInt(n - i);
                int r = rows[pick];
                rows[pick] = rows[i];
                rows[i] = r;
                w.set(r, j, random.nextGaussian());
            }
        }
        double now = spectralRadius(w);
        if (now > 0) {
            CommonOps_DDRM.scale(radius / now, w);
        }
    }

    /** The largest magnitude of the eigenvalues of a square matrix (EJML's general eigenvalue decomposition). */
    public static double spectralRadius(DMatrixRMaj w) {
        EigenDecomposition_F64<DMatrixRMaj> eigen = DecompositionFactory_DDRM.eig(w.numRows, false);
        if (!eigen.decompose(w.copy())) {
            throw new IllegalStateException("the eigenvalues of a " + w.numRows + " x " + w.numCols + " matrix did not converge");
        }
        double largest = 0;
        for (int i = 0; i < eigen.getNumberOfEigenvalues(); i++) {
            Complex_F64 lambda = eigen.getEigenvalue(i);
            largest = Math.max(largest, lambda.getMagnitude());
        }
        return largest;
    }
}
