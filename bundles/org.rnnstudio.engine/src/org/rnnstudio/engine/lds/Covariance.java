package org.rnnstudio.engine.lds;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

/** What the Kalman filter and EM do with covariance matrices: keep them symmetric, solve with them. */
final class Covariance {

    private Covariance() {
    }

    /** (M + M') / 2: rounding makes products like A V A' drift from symmetry, and the drift grows. */
    static void symmetrize(DMatrixRMaj m) {
        for (int i = 0; i < m.numRows; i++) {
            for (int j = 0; j < i; j++) {
                double mean = 0.5 * (m.get(i, j) + m.get(j, i));
                m.set(i, j, mean);
                m.set(j, i, mean);
            }
        }
    }

    /** Keeps only the diagonal: a diagonal noise's estimate. */
    static void keepDiagonal(DMatrixRMaj m) {
        for (int i = 0; i < m.numRows; i++) {
            for (int j = 0; j < m.numCols; j++) {
                if (i != j) {
                    m.set(i, j, 0);
                }
            }
        }
    }

    /** A Cholesky solver for S, or null when S is not positive definite. */
    static LinearSolverDense<DMatrixRMaj> cholesky(DMatrixRMaj s) {
        LinearSolverDense<DMatrixRMaj> solver = LinearSolverFactory_DDRM.symmPosDef(s.numRows);
        return solver.setA(s.copy()) ? solver : null;
    }

    /**
     * X with S X = B; when S is singular, the least-squares solution of smallest norm (which is what EM's
     * regressions and the smoother need when a direction carries no variance at all).
     */
    static DMatrixRMaj solve(DMatrixRMaj s, DMatrixRMaj b) {
        DMatrixRMaj x = new DMatrixRMaj(s.numCols, b.numCols);
        LinearSolverDense<DMatrixRMaj> solver = cholesky(s);
        if (solver == null) {
            solver = LinearSolverFactory_DDRM.pseudoInverse(true);
            solver.setA(s.copy());
        }
        solver.solve(b, x);
        return x;
    }

    /** log det S from the Cholesky factor L (S = L L'), S positive definite. */
    static double logDeterminant(DMatrixRMaj s) {
        DMatrixRMaj l = s.copy();
        if (!org.ejml.dense.row.factory.DecompositionFactory_DDRM.chol(s.numRows, true).decompose(l)) {
            throw new IllegalArgumentException("not positive definite");
        }
        double sum = 0;
        for (int i = 0; i < s.numRows; i++) {
            sum += Math.log(l.get(i, i));
        }
        return 2 * sum;
    }

    /** a b' for columns a, b (an outer product), added to m. */
    static void addOuter(DMatrixRMaj m, double[] a, double[] b) {
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < b.length; j++) {
                m.add(i, j, a[i] * b[j]);
            }
        }
    }

    static DMatrixRMaj column(double[] values) {
        return new DMatrixRMaj(values.length, 1, true, values);
    }

    static DMatrixRMaj transpose(DMatrixRMaj m) {
        return CommonOps_DDRM.transpose(m, null);
    }
}
