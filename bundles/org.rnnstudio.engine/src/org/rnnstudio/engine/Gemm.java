package org.rnnstudio.engine;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.mult.MatrixMatrixMult_MT_DDRM;

/**
 * The three matrix products of forward and backward passes. They run on the Vector API kernels of
 * {@link VectorGemm} when the JVM was started with {@code --add-modules jdk.incubator.vector} (the launcher,
 * the product and the test runs do), 5 to 10 times faster than EJML's on one core (docs/benchmarks.md).
 * Without the module, and for products narrower than one vector, they run on EJML: large ones on its
 * multithreaded kernels (rows split among the cores; each entry is still summed by one thread in one order,
 * so results stay the same bit for bit), small ones, where starting threads costs more than it saves, on one.
 */
final class Gemm {

    /** Multiply-adds above which EJML's product is split among threads (about 0.1 ms of work). */
    static final long THREADED = 64 * 1024;

    /** Doubles per vector of the kernels in use, 0 when the products run on EJML. */
    static final int VECTOR_WIDTH = vectorWidth();

    private Gemm() {
    }

    private static int vectorWidth() {
        if (Boolean.getBoolean("rnnstudio.ejml")) {
            return 0;
        }
        try {
            return VectorGemm.probe();
        } catch (LinkageError absent) {
            // the JVM was started without jdk.incubator.vector: EJML computes the same numbers, slower
            return 0;
        }
    }

    private static boolean vectors(int width) {
        return VECTOR_WIDTH > 1 && width >= VECTOR_WIDTH;
    }

    private static boolean large(long rows, long inner, long cols) {
        return rows * inner * cols >= THREADED;
    }

    /** c += a b */
    static void multAdd(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
        if (vectors(b.numCols)) {
            VectorGemm.multAdd(a.data, b.data, c.data, a.numRows, a.numCols, b.numCols);
        } else if (large(a.numRows, a.numCols, b.numCols)) {
            MatrixMatrixMult_MT_DDRM.multAdd_reorder(a, b, c);
        } else {
            CommonOps_DDRM.multAdd(a, b, c);
        }
    }

    /** c += aᵀ b */
    static void multAddTransA(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
        if (vectors(b.numCols)) {
            VectorGemm.multAddTransA(a.data, b.data, c.data, a.numCols, a.numRows, b.numCols);
        } else if (large(a.numCols, a.numRows, b.numCols)) {
            MatrixMatrixMult_MT_DDRM.multAddTransA_reorder(a, b, c);
        } else {
            CommonOps_DDRM.multAddTransA(a, b, c);
        }
    }

    /** c += a bᵀ */
    static void multAddTransB(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
        if (vectors(a.numCols)) {
            VectorGemm.multAddTransB(a.data, b.data, c.data, a.numRows, a.numCols, b.numRows);
        } else if (large(a.numRows, a.numCols, b.numRows)) {
            MatrixMatrixMult_MT_DDRM.multAddTransB(a, b, c);
        } else {
            CommonOps_DDRM.multAddTransB(a, b, c);
        }
    }
}
