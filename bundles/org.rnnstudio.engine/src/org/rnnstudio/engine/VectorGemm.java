package org.rnnstudio.engine;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Matrix products on the JDK's Vector API (the incubator module jdk.incubator.vector), with the processor's
 * widest vectors: a register-blocked micro-kernel (4 rows of the result by 2 vectors of columns, the
 * accumulators never leave the registers while the inner dimension runs) inside cache blocks (a panel of B
 * that stays in the first-level cache, a block of A in the second). EJML's kernels run one multiply-add per
 * instruction and store the result row after each one; these run a vector's width of them per instruction.
 *
 * Only {@link Gemm} calls this class, and only after {@link #probe} succeeded: when the module is absent
 * the JVM cannot link it, and Gemm stays on EJML. Every entry of a result is summed in one fixed order,
 * whether one thread or two compute it, so runs repeat bit for bit.
 */
final class VectorGemm {

    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    /** Rows of A per cache block: 128 rows of up to 256 doubles stay in the second-level cache. */
    private static final int MC = 128;
    /** Inner dimension per cache block: a panel of B of 256 rows by 2 vectors stays in the first-level cache. */
    private static final int KC = 256;

    /** Whether large products use a second core (the common pool has a thread when there are two cores). */
    static boolean split = ForkJoinPool.getCommonPoolParallelism() > 0 && Runtime.getRuntime().availableProcessors() > 1;

    private VectorGemm() {
    }

    /** The vector width in doubles; calling it links the class, which fails without the module. */
    static int probe() {
        return L;
    }

    /** c (m×n) += a b; a is m×k, b k×n, all row-major. */
    static void multAdd(double[] a, double[] b, double[] c, int m, int k, int n) {
        panels(a, k, 1, b, c, m, k, n);
    }

    /** c (m×n) += aᵀ b; a is k×m, b k×n. */
    static void multAddTransA(double[] a, double[] b, double[] c, int m, int k, int n) {
        panels(a, 1, m, b, c, m, k, n);
    }

    /**
     * Rows i0 to i1 of c (m×n) += a b, on the calling thread: the share of one thread when a caller splits the
     * batch itself ({@link Pass}'s LSTM step). Each entry is the same sum as in {@link #multAdd}.
     */
    static void multAddRows(double[] a, double[] b, double[] c, int i0, int i1, int k, int n) {
        blocks(a, k, 1, b, c, i0, i1, k, n, 0, n);
    }

    /** Rows of a product over all steps at once (stacked) from which it is split at a quarter of {@link Gemm#THREADED}. */
    private static final int STACKED = 1024;

    /**
     * Whether a product is worth a second core: from {@link Gemm#THREADED} multiply-adds, or from a quarter of that
     * when it runs over many rows (a product of all steps at once, one call a pass, where the hand-over costs little
     * against it: the LSTM's output layer, 1600 × 128 by 128 × 10).
     */
    static boolean twoCores(int m, int k, int n) {
        long work = (long) m * k * n;
        return split && (work >= Gemm.THREADED || work >= Gemm.THREADED / 4 && Math.max(m, k) >= STACKED);
    }

    /** Splits the columns of c (or, when c is narrower than four vectors, its rows) between the caller and a pool thread when the product is large. */
    private static void panels(double[] a, int ai, int ap, double[] b, double[] c, int m, int k, int n) {
        if (twoCores(m, k, n) && n >= 4 * L) {
            int half = (n / 2 + L - 1) / L * L;
            ForkJoinTask<?> right = ForkJoinPool.commonPool().submit(() -> blocks(a, ai, ap, b, c, 0, m, k, n, half, n));
            blocks(a, ai, ap, b, c, 0, m, k, n, 0, half);
            right.join();
        } else if (twoCores(m, k, n) && m >= 8) {
            int half = m / 2 / 4 * 4;
            ForkJoinTask<?> lower = ForkJoinPool.commonPool().submit(() -> blocks(a, ai, ap, b, c, half, m, k, n, 0, n));
            blocks(a, ai, ap, b, c, 0, half, k, n, 0, n);
            lower.join();
        } else {
            blocks(a, ai, ap, b, c, 0, m, k, n, 0, n);
        }
    }

    /** c[i0..i1, j0..j1) += A b[:, j0..j1) with A's entry (i, p) at a[i ai + p ap]. */
    private static void blocks(double[] a, int ai, int ap, double[] b, double[] c, int i0, int i1, int k, int n, int j0, int j1) {
        for (int p0 = 0; p0 < k; p0 += KC) {
            int p1 = Math.min(k, p0 + KC);
            for (int i = i0; i < i1; i += MC) {
                block(a, ai, ap, b, c, n, Math.min(i1, i + MC), i, j0, j1, p0, p1);
            }
        }
    }

    private static void block(double[] a, int ai, int ap, double[] b, double[] c, int n, int i1, int i0, int j0, int j1, int p0, int p1) {
        int j = j0;
        for (; j + 2 * L <= j1; j += 2 * L) {
            int i = i0;
            for (; i + 4 <= i1; i += 4) {
                fourRowsTwoVectors(a, ai, ap, b, c, n, i, j, p0, p1);
            }
            for (; i < i1; i++) {
                oneRowTwoVectors(a, ai, ap, b, c, n, i, j, p0, p1);
            }
        }
        // the columns left over, four rows at a time: four sums that run side by side instead of waiting for each other
        for (; j + L <= j1; j += L) {
            int i = i0;
            for (; i + 4 <= i1; i += 4) {
                fourRowsOneVector(a, ai, ap, b, c, n, i, j, p0, p1);
            }
            for (; i < i1; i++) {
                oneRowOneVector(a, ai, ap, b, c, n, i, j, p0, p1);
            }
        }
        for (; j < j1; j++) {
            int i = i0;
            for (; i + 4 <= i1; i += 4) {
                fourRowsOneColumn(a, ai, ap, b, c, n, i, j, p0, p1);
            }
            for (; i < i1; i++) {
                double sum = 0;
                for (int p = p0; p < p1; p++) {
                    sum = Math.fma(a[i * ai + p * ap], b[p * n + j], sum);
                }
                c[i * n + j] += sum;
            }
        }
    }

    private static void fourRowsOneVector(double[] a, int ai, int ap, double[] b, double[] c, int n, int i, int j, int p0, int p1) {
        DoubleVector c0 = DoubleVector.zero(S), c1 = DoubleVector.zero(S), c2 = DoubleVector.zero(S), c3 = DoubleVector.zero(S);
        int a0 = i * ai;
        for (int p = p0; p < p1; p++) {
            DoubleVector y = DoubleVector.fromArray(S, b, p * n + j);
            int ar = a0 + p * ap;
            c0 = DoubleVector.broadcast(S, a[ar]).fma(y, c0);
            c1 = DoubleVector.broadcast(S, a[ar + ai]).fma(y, c1);
            c2 = DoubleVector.broadcast(S, a[ar + 2 * ai]).fma(y, c2);
            c3 = DoubleVector.broadcast(S, a[ar + 3 * ai]).fma(y, c3);
        }
        int r = i * n + j;
        DoubleVector.fromArray(S, c, r).add(c0).intoArray(c, r);
        DoubleVector.fromArray(S, c, r + n).add(c1).intoArray(c, r + n);
        DoubleVector.fromArray(S, c, r + 2 * n).add(c2).intoArray(c, r + 2 * n);
        DoubleVector.fromArray(S, c, r + 3 * n).add(c3).intoArray(c, r + 3 * n);
    }

    private static void fourRowsOneColumn(double[] a, int ai, int ap, double[] b, double[] c, int n, int i, int j, int p0, int p1) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int a0 = i * ai;
        for (int p = p0; p < p1; p++) {
            double y = b[p * n + j];
            int ar = a0 + p * ap;
            s0 = Math.fma(a[ar], y, s0);
            s1 = Math.fma(a[ar + ai], y, s1);
            s2 = Math.fma(a[ar + 2 * ai], y, s2);
            s3 = Math.fma(a[ar + 3 * ai], y, s3);
        }
        int r = i * n + j;
        c[r] += s0;
        c[r + n] += s1;
        c[r + 2 * n] += s2;
        c[r + 3 * n] += s3;
    }

    private static void fourRowsTwoVectors(double[] a, int ai, int ap, double[] b, double[] c, int n, int i, int j, int p0, int p1) {
        DoubleVector c00 = DoubleVector.zero(S), c01 = DoubleVector.zero(S);
        DoubleVector c10 = DoubleVector.zero(S), c11 = DoubleVector.zero(S);
        DoubleVector c20 = DoubleVector.zero(S), c21 = DoubleVector.zero(S);
        DoubleVector c30 = DoubleVector.zero(S), c31 = DoubleVector.zero(S);
        int a0 = i * ai;
        for (int p = p0; p < p1; p++) {
            int bp = p * n + j;
            DoubleVector b0 = DoubleVector.fromArray(S, b, bp);
            DoubleVector b1 = DoubleVector.fromArray(S, b, bp + L);
            int ar = a0 + p * ap;
            DoubleVector x = DoubleVector.broadcast(S, a[ar]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = DoubleVector.broadcast(S, a[ar + ai]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = DoubleVector.broadcast(S, a[ar + 2 * ai]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = DoubleVector.broadcast(S, a[ar + 3 * ai]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
        }
        int r = i * n + j;
        addInto(c, r, c00, c01);
        addInto(c, r + n, c10, c11);
        addInto(c, r + 2 * n, c20, c21);
        addInto(c, r + 3 * n, c30, c31);
    }

    private static void addInto(double[] c, int at, DoubleVector v0, DoubleVector v1) {
        DoubleVector.fromArray(S, c, at).add(v0).intoArray(c, at);
        DoubleVector.fromArray(S, c, at + L).add(v1).intoArray(c, at + L);
    }

    private static void oneRowTwoVectors(double[] a, int ai, int ap, double[] b, double[] c, int n, int i, int j, int p0, int p1) {
        DoubleVector c0 = DoubleVector.zero(S), c1 = DoubleVector.zero(S);
        int a0 = i * ai;
        for (int p = p0; p < p1; p++) {
            int bp = p * n + j;
            DoubleVector x = DoubleVector.broadcast(S, a[a0 + p * ap]);
            c0 = x.fma(DoubleVector.fromArray(S, b, bp), c0);
            c1 = x.fma(DoubleVector.fromArray(S, b, bp + L), c1);
        }
        addInto(c, i * n + j, c0, c1);
    }

    private static void oneRowOneVector(double[] a, int ai, int ap, double[] b, double[] c, int n, int i, int j, int p0, int p1) {
        DoubleVector c0 = DoubleVector.zero(S);
        int a0 = i * ai;
        for (int p = p0; p < p1; p++) {
            c0 = DoubleVector.broadcast(S, a[a0 + p * ap]).fma(DoubleVector.fromArray(S, b, p * n + j), c0);
        }
        int r = i * n + j;
        DoubleVector.fromArray(S, c, r).add(c0).intoArray(c, r);
    }

    /**
     * c (m×n) += a bᵀ; a is m×k, b n×k: every entry a dot product of two rows, both read along the
     * vectors, 4 rows of a against 2 of b at a time.
     */
    static void multAddTransB(double[] a, double[] b, double[] c, int m, int k, int n) {
        if (twoCores(m, k, n) && m >= 8) {
            int half = m / 2 / 4 * 4;
            ForkJoinTask<?> lower = ForkJoinPool.commonPool().submit(() -> dots(a, 0, b, c, k, n, half, m));
            dots(a, 0, b, c, k, n, 0, half);
            lower.join();
        } else {
            dots(a, 0, b, c, k, n, 0, m);
        }
    }

    /**
     * Rows i0 to i1 of c += a bᵀ, on the calling thread, with a's rows from row aRow of the array (one step's
     * rows of a stacked matrix). Each entry is the same sum as in {@link #multAddTransB}.
     */
    static void multAddTransBRows(double[] a, int aRow, double[] b, double[] c, int i0, int i1, int k, int n) {
        dots(a, aRow * k, b, c, k, n, i0, i1);
    }

    /** Rows i0 to i1 of c (row i at i n) += A bᵀ, with row i of A at aOff + i k. */
    private static void dots(double[] a, int aOff, double[] b, double[] c, int k, int n, int i0, int i1) {
        int kv = k / L * L;
        int i = i0;
        for (; i + 4 <= i1; i += 4) {
            int j = 0;
            for (; j + 2 <= n; j += 2) {
                fourByTwo(a, aOff + i * k, b, c, k, kv, n, i, j);
            }
            for (; j < n; j++) {
                for (int r = i; r < i + 4; r++) {
                    c[r * n + j] += dot(a, aOff + r * k, b, j * k, k, kv);
                }
            }
        }
        for (; i < i1; i++) {
            for (int j = 0; j < n; j++) {
                c[i * n + j] += dot(a, aOff + i * k, b, j * k, k, kv);
            }
        }
    }

    private static void fourByTwo(double[] a, int a0, double[] b, double[] c, int k, int kv, int n, int i, int j) {
        DoubleVector s00 = DoubleVector.zero(S), s01 = DoubleVector.zero(S);
        DoubleVector s10 = DoubleVector.zero(S), s11 = DoubleVector.zero(S);
        DoubleVector s20 = DoubleVector.zero(S), s21 = DoubleVector.zero(S);
        DoubleVector s30 = DoubleVector.zero(S), s31 = DoubleVector.zero(S);
        int b0 = j * k;
        for (int p = 0; p < kv; p += L) {
            DoubleVector y0 = DoubleVector.fromArray(S, b, b0 + p);
            DoubleVector y1 = DoubleVector.fromArray(S, b, b0 + k + p);
            DoubleVector x = DoubleVector.fromArray(S, a, a0 + p);
            s00 = x.fma(y0, s00);
            s01 = x.fma(y1, s01);
            x = DoubleVector.fromArray(S, a, a0 + k + p);
            s10 = x.fma(y0, s10);
            s11 = x.fma(y1, s11);
            x = DoubleVector.fromArray(S, a, a0 + 2 * k + p);
            s20 = x.fma(y0, s20);
            s21 = x.fma(y1, s21);
            x = DoubleVector.fromArray(S, a, a0 + 3 * k + p);
            s30 = x.fma(y0, s30);
            s31 = x.fma(y1, s31);
        }
        int r = i * n + j;
        c[r] += s00.reduceLanes(VectorOperators.ADD) + tail(a, a0, b, b0, kv, k);
        c[r + 1] += s01.reduceLanes(VectorOperators.ADD) + tail(a, a0, b, b0 + k, kv, k);
        c[r + n] += s10.reduceLanes(VectorOperators.ADD) + tail(a, a0 + k, b, b0, kv, k);
        c[r + n + 1] += s11.reduceLanes(VectorOperators.ADD) + tail(a, a0 + k, b, b0 + k, kv, k);
        c[r + 2 * n] += s20.reduceLanes(VectorOperators.ADD) + tail(a, a0 + 2 * k, b, b0, kv, k);
        c[r + 2 * n + 1] += s21.reduceLanes(VectorOperators.ADD) + tail(a, a0 + 2 * k, b, b0 + k, kv, k);
        c[r + 3 * n] += s30.reduceLanes(VectorOperators.ADD) + tail(a, a0 + 3 * k, b, b0, kv, k);
        c[r + 3 * n + 1] += s31.reduceLanes(VectorOperators.ADD) + tail(a, a0 + 3 * k, b, b0 + k, kv, k);
    }

    private static double dot(double[] a, int a0, double[] b, int b0, int k, int kv) {
        DoubleVector s = DoubleVector.zero(S);
        for (int p = 0; p < kv; p += L) {
            s = DoubleVector.fromArray(S, a, a0 + p).fma(DoubleVector.fromArray(S, b, b0 + p), s);
        }
        return s.reduceLanes(VectorOperators.ADD) + tail(a, a0, b, b0, kv, k);
    }

    /** The last k mod L terms of a dot product, which fill no vector. */
    private static double tail(double[] a, int a0, double[] b, int b0, int from, int k) {
        double sum = 0;
        for (int p = from; p < k; p++) {
            sum = Math.fma(a[a0 + p], b[b0 + p], sum);
        }
        return sum;
    }
}
