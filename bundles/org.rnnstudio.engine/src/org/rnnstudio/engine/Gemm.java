package org.rnnstudio.engine;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.mult.MatrixMatrixMult_MT_DDRM;
import org.rnnstudio.model.Precision;

/**
 * The three matrix products of forward and backward passes. They run on the Vector API kernels of
 * {@link VectorGemm} when the JVM was started with {@code --add-modules jdk.incubator.vector} (the launcher,
 * the product and the test runs do), 5 to 10 times faster than EJML's on one core (docs/benchmarks.md).
 * Without the module, and for products narrower than one vector, they run on EJML: large ones on its
 * multithreaded kernels (rows split among the cores; each entry is still summed by one thread in one order,
 * so results stay the same bit for bit), small ones, where starting threads costs more than it saves, on one.
 */
final class Gemm {

    /**
     * Multiply-adds above which a product is split between two threads. Below it, handing half to the other
     * core costs more than it saves: 32×128 by 128×512 (2M) ran at 55 GFLOP/s on one thread and 48 on two,
     * 64×64 by 64×1024 (4M) at 46 on one and 74 on two (docs/benchmarks.md). At the 64k of before, a 64-unit
     * net's every product went through EJML's thread pool: 300,000 futex calls in two epochs of the adding
     * problem, a tenth of the run in system time.
     */
    static final long THREADED = 4L * 1024 * 1024;

    /** Doubles per vector of the kernels in use, 0 when the products run on EJML. */
    static final int VECTOR_WIDTH = vectorWidth();

    /**
     * Whether the products of the calling thread run in single precision ({@link FloatGemm}): a pass sets it for
     * the length of its forward and backward passes ({@link #inPrecision}), so that every connection's product in
     * it follows the run's setting without each operation carrying it.
     */
    private static final ThreadLocal<Boolean> SINGLE = ThreadLocal.withInitial(() -> Boolean.FALSE);

    private Gemm() {
    }

    /** Runs the task with this thread's products in the given precision, then restores what was there. */
    static <T, E extends Exception> T inPrecision(Precision products, Task<T, E> task) throws E {
        Boolean before = SINGLE.get();
        SINGLE.set(products == Precision.FLOAT32 && VECTOR_WIDTH > 1);
        try {
            return task.run();
        } finally {
            SINGLE.set(before);
        }
    }

    /** A computation that may throw, for {@link #inPrecision}. */
    interface Task<T, E extends Exception> {
        T run() throws E;
    }

    /** Whether a product n columns wide (a bᵀ: n rows of b) runs in single precision: the run asks for it and a float vector fits. */
    private static boolean single(int width) {
        return width >= 2 * VECTOR_WIDTH && SINGLE.get();
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

    /**
     * Products narrower than a vector (a tiny net's: the binary adder's 2-3-1) run on the plain loops below
     * when the kernels are in use (else, as everything, on EJML): EJML's small kernels read A or B down a
     * column, which took most of the adder's backward pass once its products ran over all steps at once.
     */
    private static boolean narrow() {
        return VECTOR_WIDTH > 1;
    }

    /** c (m×n) += a b, a m×k: each entry a dot product summed in a register (not through c, whose store each step would wait for). */
    private static void multAddNarrow(double[] a, double[] b, double[] c, int m, int k, int n) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int p = 0; p < k; p++) {
                    sum += a[i * k + p] * b[p * n + j];
                }
                c[i * n + j] += sum;
            }
        }
    }

    /** c (m×n) += aᵀ b, a k×m, b k×n: each entry a dot product down the long inner dimension, in two registers that run in parallel. */
    private static void multAddTransANarrow(double[] a, double[] b, double[] c, int m, int k, int n) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double even = 0;
                double odd = 0;
                int p = 0;
                for (; p + 1 < k; p += 2) {
                    even += a[p * m + i] * b[p * n + j];
                    odd += a[(p + 1) * m + i] * b[(p + 1) * n + j];
                }
                if (p < k) {
                    even += a[p * m + i] * b[p * n + j];
                }
                c[i * n + j] += even + odd;
            }
        }
    }

    /** c (m×n) += a bᵀ, a m×k, b n×k: dot products of rows. */
    private static void multAddTransBNarrow(double[] a, double[] b, double[] c, int m, int k, int n) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int p = 0; p < k; p++) {
                    sum += a[i * k + p] * b[j * k + p];
                }
                c[i * n + j] += sum;
            }
        }
    }

    /**
     * Whether a product whose result is narrow but whose other side is long (an output layer of 10 classes over
     * 128 units: h W_y, Hᵀ D_y, D_y W_yᵀ) runs in the transposed form: the kernels' vectors then run along the
     * long side instead of leaving columns to scalar loops.
     */
    private static boolean lopsided(int narrowSide, int longSide) {
        return VECTOR_WIDTH > 1 && narrowSide < 2 * VECTOR_WIDTH && longSide >= 2 * VECTOR_WIDTH;
    }

    private static boolean large(long rows, long inner, long cols) {
        return rows * inner * cols >= THREADED;
    }

    /** c += a b */
    static void multAdd(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
        if (single(b.numCols)) {
            FloatGemm.multAdd(a.data, b.data, c.data, a.numRows, a.numCols, b.numCols);
        } else if (lopsided(b.numCols, a.numCols)) {
            // each entry a dot product of a row of a and a column of b, along the vectors
            VectorGemm.multAddTransB(a.data, CommonOps_DDRM.transpose(b, null).data, c.data, a.numRows, a.numCols, b.numCols);
        } else if (vectors(b.numCols)) {
            VectorGemm.multAdd(a.data, b.data, c.data, a.numRows, a.numCols, b.numCols);
        } else if (narrow()) {
            multAddNarrow(a.data, b.data, c.data, a.numRows, a.numCols, b.numCols);
        } else if (large(a.numRows, a.numCols, b.numCols)) {
            MatrixMatrixMult_MT_DDRM.multAdd_reorder(a, b, c);
        } else {
            CommonOps_DDRM.multAdd(a, b, c);
        }
    }

    /** c += aᵀ b */
    static void multAddTransA(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
        if (single(b.numCols)) {
            FloatGemm.multAddTransA(a.data, b.data, c.data, a.numCols, a.numRows, b.numCols);
        } else if (lopsided(b.numCols, a.numCols)) {
            // cᵀ = bᵀ a, its rows as long as a's
            int m = a.numCols;
            int n = b.numCols;
            double[] ct = new double[n * m];
            VectorGemm.multAddTransA(b.data, a.data, ct, n, a.numRows, m);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    c.data[i * n + j] += ct[j * m + i];
                }
            }
        } else if (vectors(b.numCols)) {
            VectorGemm.multAddTransA(a.data, b.data, c.data, a.numCols, a.numRows, b.numCols);
        } else if (narrow()) {
            multAddTransANarrow(a.data, b.data, c.data, a.numCols, a.numRows, b.numCols);
        } else if (large(a.numCols, a.numRows, b.numCols)) {
            MatrixMatrixMult_MT_DDRM.multAddTransA_reorder(a, b, c);
        } else {
            CommonOps_DDRM.multAddTransA(a, b, c);
        }
    }

    /** c += a bᵀ */
    static void multAddTransB(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
        if (single(a.numCols)) {
            FloatGemm.multAddTransB(a.data, b.data, c.data, a.numRows, a.numCols, b.numRows);
        } else if (lopsided(a.numCols, b.numRows)) {
            // a short inner dimension: a times bᵀ stored as a matrix, the vectors along c's rows
            VectorGemm.multAdd(a.data, CommonOps_DDRM.transpose(b, null).data, c.data, a.numRows, a.numCols, b.numRows);
        } else if (vectors(a.numCols)) {
            VectorGemm.multAddTransB(a.data, b.data, c.data, a.numRows, a.numCols, b.numRows);
        } else if (narrow()) {
            multAddTransBNarrow(a.data, b.data, c.data, a.numRows, a.numCols, b.numRows);
        } else if (large(a.numRows, a.numCols, b.numRows)) {
            MatrixMatrixMult_MT_DDRM.multAddTransB(a, b, c);
        } else {
            CommonOps_DDRM.multAddTransB(a, b, c);
        }
    }
}
