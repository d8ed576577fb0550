package org.rnnstudio.engine.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.NormOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.decomposition.QRDecomposition;
import org.ejml.interfaces.linsol.LinearSolverDense;
import org.junit.jupiter.api.Test;
import org.rnnstudio.engine.LeastSquaresRows;

/** The ridge regression's rows kept as a QR factor: against EJML's one-shot solvers, and where the normal equations fail. */
class LeastSquaresRowsTest {

    /**
     * rows x features: Gaussian rows times diag(10^(-digits j / (features - 1))) times a random rotation, so that
     * the condition number is about 10^digits and no rescaling of the columns removes it.
     */
    private static DMatrixRMaj illConditioned(int rows, int features, double digits, long seed) {
        Random random = new Random(seed);
        DMatrixRMaj g = new DMatrixRMaj(rows, features);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < features; j++) {
                g.set(i, j, random.nextGaussian() * Math.pow(10, -digits * j / (features - 1)));
            }
        }
        DMatrixRMaj m = new DMatrixRMaj(features, features);
        for (int i = 0; i < m.data.length; i++) {
            m.data[i] = random.nextGaussian();
        }
        QRDecomposition<DMatrixRMaj> qr = DecompositionFactory_DDRM.qr(features, features);
        assertTrue(qr.decompose(m));
        DMatrixRMaj rotation = qr.getQ(null, false);
        DMatrixRMaj x = new DMatrixRMaj(rows, features);
        CommonOps_DDRM.multTransB(g, rotation, x);
        return x;
    }

    /** rows x columns of standard normal numbers. */
    private static DMatrixRMaj gaussian(int rows, int columns, long seed) {
        Random random = new Random(seed);
        DMatrixRMaj m = new DMatrixRMaj(rows, columns);
        for (int i = 0; i < m.data.length; i++) {
            m.data[i] = random.nextGaussian();
        }
        return m;
    }

    /**
     * The ridge regression solved in one go by the given EJML solver: [X; sqrt(lambda) D] W = [R; 0], D the
     * identity on the first {@code shrunk} features.
     */
    private static DMatrixRMaj oneShot(DMatrixRMaj x, DMatrixRMaj r, double lambda, int shrunk, LinearSolverDense<DMatrixRMaj> solver) {
        DMatrixRMaj a = new DMatrixRMaj(x.numRows + shrunk, x.numCols);
        DMatrixRMaj b = new DMatrixRMaj(x.numRows + shrunk, r.numCols);
        CommonOps_DDRM.insert(x, a, 0, 0);
        CommonOps_DDRM.insert(r, b, 0, 0);
        for (int j = 0; j < shrunk; j++) {
            a.set(x.numRows + j, j, Math.sqrt(lambda));
        }
        assertTrue(solver.setA(a));
        DMatrixRMaj w = new DMatrixRMaj(x.numCols, r.numCols);
        solver.solve(b, w);
        return w;
    }

    private static LeastSquaresRows rowsOf(DMatrixRMaj x, DMatrixRMaj r) {
        LeastSquaresRows rows = new LeastSquaresRows(x.numCols, r.numCols);
        for (int i = 0; i < x.numRows; i++) {
            rows.add(x.data, i * x.numCols, r.data, i * r.numCols);
        }
        return rows;
    }

    private static double relativeError(DMatrixRMaj w, DMatrixRMaj exact) {
        DMatrixRMaj difference = new DMatrixRMaj(w.numRows, w.numCols);
        CommonOps_DDRM.subtract(w, exact, difference);
        return NormOps_DDRM.normF(difference) / NormOps_DDRM.normF(exact);
    }

    /**
     * Targets an exact linear function of features whose condition number is 10^7: the factor recovers the
     * weights to 1e-7, where the normal equations X'X W = X'R (condition number 10^14) lose them; the second
     * half is the negative control that shows this case tells the two apart.
     */
    @Test
    void anIllConditionedFitKeepsItsDigitsWhereTheNormalEquationsLoseThem() {
        DMatrixRMaj x = illConditioned(600, 40, 7, 1);
        DMatrixRMaj exact = gaussian(40, 2, 2);
        DMatrixRMaj r = new DMatrixRMaj(600, 2);
        CommonOps_DDRM.mult(x, exact, r);

        double qr = relativeError(rowsOf(x, r).solve(0, false), exact);
        assertTrue(qr < 1e-7, "QR factor: relative error " + qr);

        DMatrixRMaj xx = new DMatrixRMaj(40, 40);
        DMatrixRMaj xr = new DMatrixRMaj(40, 2);
        CommonOps_DDRM.multTransA(x, x, xx);
        CommonOps_DDRM.multTransA(x, r, xr);
        LinearSolverDense<DMatrixRMaj> cholesky = LinearSolverFactory_DDRM.symmPosDef(40);
        assertTrue(cholesky.setA(xx));
        DMatrixRMaj normal = new DMatrixRMaj(40, 2);
        cholesky.solve(xr, normal);
        double lost = relativeError(normal, exact);
        assertTrue(lost > 1e3 * qr, "normal equations: relative error " + lost + " against the factor's " + qr);
    }

    /**
     * Many more rows than a block (folded several times), a ridge, and an unshrunk last feature (a bias of 1):
     * the same W as EJML's QR least squares on all the rows at once, [X; sqrt(lambda) D] against [R; 0].
     */
    @Test
    void foldingRowsInBlocksGivesTheOneShotRidgeSolution() {
        int features = 7;
        DMatrixRMaj x = illConditioned(1000, features, 3, 3);
        for (int i = 0; i < x.numRows; i++) {
            x.set(i, features - 1, 1);
        }
        DMatrixRMaj r = gaussian(1000, 3, 4);
        LeastSquaresRows rows = rowsOf(x, r);
        assertEquals(1000, rows.rows());
        for (double lambda : new double[] {1e-9, 0.3, 50}) {
            DMatrixRMaj expected = oneShot(x, r, lambda, features - 1, LinearSolverFactory_DDRM.leastSquares(1000 + features - 1, features));
            DMatrixRMaj w = rows.solve(lambda, true);
            assertTrue(relativeError(w, expected) < 1e-12, "lambda " + lambda + ": " + relativeError(w, expected));
        }
    }

    /**
     * A feature that is 0 in every row (an input that never moves, a lag before the series starts): the rows
     * fold without complaint (EJML's QR reports such a column), a ridge gives the one-shot solution with a zero
     * weight there, and without a ridge the pseudo-inverse does the same. The fit threw before.
     */
    @Test
    void aFeatureThatIsZeroInEveryRowIsFittedNotRefused() {
        DMatrixRMaj x = illConditioned(50, 4, 1, 7);
        for (int i = 0; i < x.numRows; i++) {
            x.set(i, 2, 0);
        }
        DMatrixRMaj r = gaussian(50, 1, 8);
        LeastSquaresRows rows = rowsOf(x, r);
        for (double lambda : new double[] {0, 1e-6}) {
            DMatrixRMaj w = rows.solve(lambda, false);
            assertEquals(0, w.get(2, 0), 1e-12, "lambda " + lambda);
            DMatrixRMaj expected = oneShot(x, r, lambda, 4, LinearSolverFactory_DDRM.pseudoInverse(true));
            assertTrue(relativeError(w, expected) < 1e-10, "lambda " + lambda + ": " + relativeError(w, expected));
        }
    }

    /**
     * The squared error of a W over all the rows, from the factor, against summing the rows' residuals one by
     * one: on a near-exact fit of large values, where tr(W'X'XW) - 2 tr(W'X'R) + tr(R'R) cancels to noise.
     */
    @Test
    void theSquaredErrorComesFromTheFactorWithoutCancellation() {
        DMatrixRMaj x = illConditioned(300, 12, 2, 5);
        CommonOps_DDRM.scale(1e3, x);
        DMatrixRMaj w = gaussian(12, 1, 6);
        Random random = new Random(7);
        DMatrixRMaj r = new DMatrixRMaj(300, 1);
        CommonOps_DDRM.mult(x, w, r);
        double direct = 0;
        for (int i = 0; i < r.data.length; i++) {
            double off = 1e-7 * random.nextGaussian();
            r.data[i] += off;
            direct += off * off;
        }
        double fromFactor = rowsOf(x, r).squaredError(w);
        assertEquals(direct, fromFactor, 1e-4 * direct, "from the factor " + fromFactor + ", summed row by row " + direct);

        DMatrixRMaj xw = new DMatrixRMaj(300, 1);
        CommonOps_DDRM.mult(x, w, xw);
        double expanded = CommonOps_DDRM.dot(xw, xw) - 2 * CommonOps_DDRM.dot(xw, r) + CommonOps_DDRM.dot(r, r);
        assertTrue(Math.abs(expanded - direct) > direct, "the expanded form " + expanded + " should have cancelled to noise here");
    }
}
