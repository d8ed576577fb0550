package org.rnnstudio.engine;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.mult.MatrixMatrixMult_MT_DDRM;

/**
 * The three matrix products of forward and backward passes. Large products run on EJML's multithreaded
 * kernels (rows split among the cores; each entry is still summed by one thread in one order, so results
 * stay the same bit for bit); small ones, where starting threads costs more than it saves, stay on one.
 */
final class Gemm {

    /** Multiply-adds above which a product is split among threads (about 0.1 ms of work). */
    static final long THREADED = 64 * 1024;

    private Gemm() {
    }

    private static boolean large(long rows, long inner, long cols) {
        return rows * inner * cols >= THREADED;
    }

    /** c += a b */
    static void multAdd(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
        if (large(a.numRows, a.numCols, b.numCols)) {
            MatrixMatrixMult_MT_DDRM.multAdd_reorder(a, b, c);
        } else {
            CommonOps_DDRM.multAdd(a, b, c);
        }
    }

    /** c += aᵀ b */
    static void multAddTransA(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
        if (large(a.numCols, a.numRows, b.numCols)) {
            MatrixMatrixMult_MT_DDRM.multAddTransA_reorder(a, b, c);
        } else {
            CommonOps_DDRM.multAddTransA(a, b, c);
        }
    }

    /** c += a bᵀ */
    static void multAddTransB(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
        if (large(a.numRows, a.numCols, b.numRows)) {
            MatrixMatrixMult_MT_DDRM.multAddTransB(a, b, c);
        } else {
            CommonOps_DDRM.multAddTransB(a, b, c);
        }
    }
}
