package org.rnnstudio.engine;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.decomposition.QRDecomposition;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * The rows [x | r] of a least-squares problem min ||X W - R||, added one at a time and kept as the triangular
 * factor of their QR decomposition: [X | R] = Q [[S, Z], [0, E]]. Everything a ridge regression needs follows
 * from it: W minimises ||S W - Z||^2 + lambda ||D W||^2, and the squared error of any W over all the rows is
 * ||S W - Z||^2 + ||E||^2. Solving the normal equations (X'X + lambda D) W = X'R instead squares X's condition
 * number; an echo-state network's states are so nearly dependent that this loses the digits a chaotic series'
 * prediction needs (Jaeger &amp; Haas fitted by the pseudo-inverse of the states for the same reason).
 * Rows wait in a block and are folded into the factor a block at a time, so memory stays at two blocks of
 * the factor's size however many rows come.
 */
public final class LeastSquaresRows {

    private final int features;
    private final int outputs;
    /** The factor so far, then the rows waiting to be folded into it. */
    private final DMatrixRMaj stacked;
    private int waiting;
    private long rows;
    private final QRDecomposition<DMatrixRMaj> qr;

    public LeastSquaresRows(int features, int outputs) {
        this.features = features;
        this.outputs = outputs;
        int width = features + outputs;
        stacked = new DMatrixRMaj(2 * width, width);
        qr = DecompositionFactory_DDRM.qr(stacked.numRows, width);
    }

    /** Adds the row [x | r]: x has {@link #features} values from {@code xOffset}, r {@code outputs} from {@code rOffset}. */
    public void add(double[] x, int xOffset, double[] r, int rOffset) {
        int width = features + outputs;
        int at = (width + waiting) * width;
        System.arraycopy(x, xOffset, stacked.data, at, features);
        System.arraycopy(r, rOffset, stacked.data, at + features, outputs);
        waiting++;
        rows++;
        if (waiting == width) {
            fold();
        }
    }

    public long rows() {
        return rows;
    }

    /** The waiting rows folded into the factor: the factor of [factor; rows] replaces the factor. */
    private void fold() {
        if (waiting == 0) {
            return;
        }
        // rows not yet written are zero, and zero rows leave the factor as it is: the whole stack is decomposed.
        // EJML says false when a column has nothing below the diagonal to reflect (a feature that is 0 in every
        // row so far): there is nothing to do for it, and the factor is right; the solve copes with the rank
        qr.decompose(stacked);
        DMatrixRMaj factor = qr.getR(null, true);
        stacked.zero();
        CommonOps_DDRM.insert(factor, stacked, 0, 0);
        waiting = 0;
    }

    /**
     * The W of min ||X W - R||^2 + lambda ||D W||^2, where D is the identity but for the last feature when
     * {@code lastUnshrunk} (a bias is not shrunk); rank-deficient problems by the pseudo-inverse.
     */
    public DMatrixRMaj solve(double lambda, boolean lastUnshrunk) {
        fold();
        int shrunk = lastUnshrunk ? features - 1 : features;
        DMatrixRMaj a = new DMatrixRMaj(features + shrunk, features);
        DMatrixRMaj b = new DMatrixRMaj(features + shrunk, outputs);
        CommonOps_DDRM.extract(stacked, 0, features, 0, features, a, 0, 0);
        CommonOps_DDRM.extract(stacked, 0, features, features, features + outputs, b, 0, 0);
        double root = Math.sqrt(lambda);
        for (int i = 0; i < shrunk; i++) {
            a.set(features + i, i, root);
        }
        DMatrixRMaj w = new DMatrixRMaj(features, outputs);
        // with a ridge and a row the stacked matrix has full column rank (an unshrunk bias is 1 in every row);
        // otherwise the pseudo-inverse copes with dependent features. (EJML's quality() is a product over the
        // diagonal, vanishingly small at a thousand features however well conditioned.)
        LinearSolverDense<DMatrixRMaj> solver = lambda > 0 && rows > 0
                ? LinearSolverFactory_DDRM.leastSquares(a.numRows, features)
                : LinearSolverFactory_DDRM.pseudoInverse(true);
        if (!solver.setA(a)) {
            throw new IllegalStateException("the least-squares solve of " + a.numRows + " by " + features + " failed");
        }
        solver.solve(b, w);
        return w;
    }

    /** sum over the rows of ||x W - r||^2 = ||S W - Z||^2 + ||E||^2, each part computed without cancellation. */
    public double squaredError(DMatrixRMaj w) {
        fold();
        double sum = 0;
        for (int i = 0; i < features + outputs; i++) {
            for (int j = 0; j < outputs; j++) {
                double v = stacked.get(i, features + j);
                if (i < features) {
                    for (int k = i; k < features; k++) {
                        v -= stacked.get(i, k) * w.get(k, j);
                    }
                }
                sum += v * v;
            }
        }
        return sum;
    }
}
