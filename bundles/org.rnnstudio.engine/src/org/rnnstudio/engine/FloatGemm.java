package org.rnnstudio.engine;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The matrix products of a run in single precision ({@link org.rnnstudio.model.Precision#FLOAT32}): the
 * operands are rounded to float32, every entry is summed in float32, and the result is added to the double
 * matrix. A vector holds twice as many floats as doubles and a matrix takes half the bytes, so the same
 * kernels as {@link VectorGemm}'s (4 rows by 2 vectors in registers inside cache blocks; dot products of rows
 * for a bᵀ) do twice the multiply-adds an instruction. They are the double kernels with float vectors: Java
 * has no generics over primitive vectors that the JIT would compile to the same instructions.
 *
 * Only {@link Gemm} and {@link Pass} call this class, and only when {@link Gemm#VECTOR_WIDTH} says the JVM
 * has the Vector API. Every entry is summed in one fixed order, whether one thread or two compute it.
 */
final class FloatGemm {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();

    /** Rows of A per cache block, and the inner dimension per block: a panel of B of 256 rows by 2 vectors stays in the first-level cache. */
    private static final int MC = 128;
    private static final int KC = 256;

    /** The operands and results of the calling thread's products, converted to float (grown as needed, never shrunk). */
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[3][0]);

    private FloatGemm() {
    }

    /** A float array of at least this length for operand i (0, 1: a, b; 2: the result) of this thread's product. */
    static float[] scratch(int i, int length) {
        float[][] s = SCRATCH.get();
        if (s[i].length < length) {
            s[i] = new float[length];
        }
        return s[i];
    }

    /** to[0..count) = from[at..at+count) rounded to float. */
    static float[] toFloat(double[] from, int at, float[] to, int count) {
        return toFloat(from, at, to, 0, count);
    }

    /** to[toAt..toAt+count) = from[at..at+count) rounded to float. */
    static float[] toFloat(double[] from, int at, float[] to, int toAt, int count) {
        for (int i = 0; i < count; i++) {
            to[toAt + i] = (float) from[at + i];
        }
        return to;
    }

    /**
     * to = bᵀ rounded to float, b rows × cols, in tiles of 8 rows by 16 columns, so that neither side is walked
     * down a column of the whole matrix. Eight rows, not more: rows of b 4 kB apart (512 doubles) fall in one set
     * of the first-level cache, which holds 12 lines a set, and 16 of them threw each other out (4 ns a number).
     */
    static float[] transposed(double[] b, int rows, int cols, float[] to) {
        for (int r0 = 0; r0 < rows; r0 += 8) {
            for (int c0 = 0; c0 < cols; c0 += 16) {
                for (int r = r0; r < Math.min(rows, r0 + 8); r++) {
                    for (int c = c0; c < Math.min(cols, c0 + 16); c++) {
                        to[c * rows + r] = (float) b[r * cols + c];
                    }
                }
            }
        }
        return to;
    }

    /** into[0..count) += from[at..at+count) */
    static void addSlice(float[] from, int at, double[] into, int count) {
        for (int i = 0; i < count; i++) {
            into[i] += from[at + i];
        }
    }

    /** c[at..at+count) += from[0..count) */
    static void addTo(float[] from, double[] c, int at, int count) {
        for (int i = 0; i < count; i++) {
            c[at + i] += from[i];
        }
    }

    /** c (m×n, double) += a b (a m×k, b k×n), summed in float; both cores when large. */
    static void multAdd(double[] a, double[] b, double[] c, int m, int k, int n) {
        float[] af = toFloat(a, 0, scratch(0, m * k), m * k);
        float[] bf = toFloat(b, 0, scratch(1, k * n), k * n);
        float[] cf = result(m * n);
        panels(af, k, 1, bf, cf, m, k, n);
        addTo(cf, c, 0, m * n);
    }

    /** c (m×n, double) += aᵀ b (a k×m, b k×n), summed in float. */
    static void multAddTransA(double[] a, double[] b, double[] c, int m, int k, int n) {
        multAddTransA(toFloat(a, 0, scratch(0, k * m), k * m), toFloat(b, 0, scratch(1, k * n), k * n), c, m, k, n);
    }

    /** c (m×n, double) += aᵀ b with a (k×m) and b (k×n) already in float (an LSTM cell's stacked states and derivatives). */
    static void multAddTransA(float[] a, float[] b, double[] c, int m, int k, int n) {
        float[] cf = result(m * n);
        panels(a, 1, m, b, cf, m, k, n);
        addTo(cf, c, 0, m * n);
    }

    /** c (m×n, double) += a bᵀ (a m×k, b n×k), summed in float. */
    static void multAddTransB(double[] a, double[] b, double[] c, int m, int k, int n) {
        float[] af = toFloat(a, 0, scratch(0, m * k), m * k);
        float[] bf = toFloat(b, 0, scratch(1, n * k), n * k);
        float[] cf = result(m * n);
        if (VectorGemm.twoCores(m, k, n) && m >= 8) {
            int half = m / 2 / 4 * 4;
            ForkJoinTask<?> lower = ForkJoinPool.commonPool().submit(() -> dots(af, 0, bf, cf, k, n, half, m));
            dots(af, 0, bf, cf, k, n, 0, half);
            lower.join();
        } else {
            dots(af, 0, bf, cf, k, n, 0, m);
        }
        addTo(cf, c, 0, m * n);
    }

    /**
     * Rows i0 to i1 of c (m×n, double) = a b with b already in float (a step's product against weights rounded
     * once a pass), on the calling thread: the share of one thread of {@link Pass}'s LSTM step.
     */
    static void productRows(double[] a, float[] b, double[] c, int i0, int i1, int k, int n) {
        int rows = i1 - i0;
        float[] af = toFloat(a, i0 * k, scratch(0, rows * k), rows * k);
        float[] cf = result(rows * n);
        blocks(af, 0, k, 1, b, cf, 0, rows, k, n, 0, n);
        for (int i = 0; i < rows * n; i++) {
            c[i0 * n + i] = cf[i];
        }
    }

    /**
     * Rows i0 to i1 of c (row i at i n, double) += A b with A's rows in float from row aRow of a (one step's rows of
     * an LSTM cell's stacked dE/dnet in float) and b (k×n) in float (the weights transposed once a pass): dE/dh' =
     * D Uᵀ as a product along c's rows, with no sums across a vector to reduce.
     */
    static void multAddRows(float[] a, int aRow, float[] b, double[] c, int i0, int i1, int k, int n) {
        int rows = i1 - i0;
        float[] cf = result(rows * n);
        blocks(a, (aRow + i0) * k, k, 1, b, cf, 0, rows, k, n, 0, n);
        addTo(cf, c, i0 * n, rows * n);
    }

    private static float[] result(int length) {
        float[] cf = scratch(2, length);
        java.util.Arrays.fill(cf, 0, length, 0f);
        return cf;
    }

    /** Splits the columns of c (or, when c is narrower than four vectors, its rows) between the caller and a pool thread when the product is large. */
    private static void panels(float[] a, int ai, int ap, float[] b, float[] c, int m, int k, int n) {
        if (VectorGemm.twoCores(m, k, n) && n >= 4 * L) {
            int half = (n / 2 + L - 1) / L * L;
            ForkJoinTask<?> right = ForkJoinPool.commonPool().submit(() -> blocks(a, 0, ai, ap, b, c, 0, m, k, n, half, n));
            blocks(a, 0, ai, ap, b, c, 0, m, k, n, 0, half);
            right.join();
        } else if (VectorGemm.twoCores(m, k, n) && m >= 8) {
            int half = m / 2 / 4 * 4;
            ForkJoinTask<?> lower = ForkJoinPool.commonPool().submit(() -> blocks(a, 0, ai, ap, b, c, half, m, k, n, 0, n));
            blocks(a, 0, ai, ap, b, c, 0, half, k, n, 0, n);
            lower.join();
        } else {
            blocks(a, 0, ai, ap, b, c, 0, m, k, n, 0, n);
        }
    }

    /** c[i0..i1, j0..j1) += A b[:, j0..j1) with A's entry (i, p) at a[i ai + p ap]. */
    private static void blocks(float[] a, int aOff, int ai, int ap, float[] b, float[] c, int i0, int i1, int k, int n, int j0, int j1) {
        for (int p0 = 0; p0 < k; p0 += KC) {
            int p1 = Math.min(k, p0 + KC);
            for (int i = i0; i < i1; i += MC) {
                block(a, aOff, ai, ap, b, c, n, Math.min(i1, i + MC), i, j0, j1, p0, p1);
            }
        }
    }

    private static void block(float[] a, int aOff, int ai, int ap, float[] b, float[] c, int n, int i1, int i0, int j0, int j1, int p0, int p1) {
        int j = j0;
        for (; j + 2 * L <= j1; j += 2 * L) {
            int i = i0;
            for (; i + 4 <= i1; i += 4) {
                fourRowsTwoVectors(a, aOff, ai, ap, b, c, n, i, j, p0, p1);
            }
            for (; i < i1; i++) {
                oneRow(a, aOff, ai, ap, b, c, n, i, j, p0, p1);
                oneRow(a, aOff, ai, ap, b, c, n, i, j + L, p0, p1);
            }
        }
        for (; j + L <= j1; j += L) {
            for (int i = i0; i < i1; i++) {
                oneRow(a, aOff, ai, ap, b, c, n, i, j, p0, p1);
            }
        }
        for (; j < j1; j++) {
            for (int i = i0; i < i1; i++) {
                float sum = 0;
                for (int p = p0; p < p1; p++) {
                    sum = Math.fma(a[aOff + i * ai + p * ap], b[p * n + j], sum);
                }
                c[i * n + j] += sum;
            }
        }
    }

    private static void fourRowsTwoVectors(float[] a, int aOff, int ai, int ap, float[] b, float[] c, int n, int i, int j, int p0, int p1) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        int a0 = aOff + i * ai;
        for (int p = p0; p < p1; p++) {
            int bp = p * n + j;
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
            int ar = a0 + p * ap;
            FloatVector x = FloatVector.broadcast(S, a[ar]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, a[ar + ai]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, a[ar + 2 * ai]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, a[ar + 3 * ai]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
        }
        int r = i * n + j;
        addInto(c, r, c00, c01);
        addInto(c, r + n, c10, c11);
        addInto(c, r + 2 * n, c20, c21);
        addInto(c, r + 3 * n, c30, c31);
    }

    private static void addInto(float[] c, int at, FloatVector v0, FloatVector v1) {
        FloatVector.fromArray(S, c, at).add(v0).intoArray(c, at);
        FloatVector.fromArray(S, c, at + L).add(v1).intoArray(c, at + L);
    }

    private static void oneRow(float[] a, int aOff, int ai, int ap, float[] b, float[] c, int n, int i, int j, int p0, int p1) {
        FloatVector c0 = FloatVector.zero(S);
        int a0 = aOff + i * ai;
        for (int p = p0; p < p1; p++) {
            c0 = FloatVector.broadcast(S, a[a0 + p * ap]).fma(FloatVector.fromArray(S, b, p * n + j), c0);
        }
        int r = i * n + j;
        FloatVector.fromArray(S, c, r).add(c0).intoArray(c, r);
    }

    /** Rows i0 to i1 of c (row i at i n) += A bᵀ, with row i of A at aOff + i k: 4 rows of A against 2 of b at a time. */
    private static void dots(float[] a, int aOff, float[] b, float[] c, int k, int n, int i0, int i1) {
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

    private static void fourByTwo(float[] a, int a0, float[] b, float[] c, int k, int kv, int n, int i, int j) {
        FloatVector s00 = FloatVector.zero(S), s01 = FloatVector.zero(S);
        FloatVector s10 = FloatVector.zero(S), s11 = FloatVector.zero(S);
        FloatVector s20 = FloatVector.zero(S), s21 = FloatVector.zero(S);
        FloatVector s30 = FloatVector.zero(S), s31 = FloatVector.zero(S);
        int b0 = j * k;
        for (int p = 0; p < kv; p += L) {
            FloatVector y0 = FloatVector.fromArray(S, b, b0 + p);
            FloatVector y1 = FloatVector.fromArray(S, b, b0 + k + p);
            FloatVector x = FloatVector.fromArray(S, a, a0 + p);
            s00 = x.fma(y0, s00);
            s01 = x.fma(y1, s01);
            x = FloatVector.fromArray(S, a, a0 + k + p);
            s10 = x.fma(y0, s10);
            s11 = x.fma(y1, s11);
            x = FloatVector.fromArray(S, a, a0 + 2 * k + p);
            s20 = x.fma(y0, s20);
            s21 = x.fma(y1, s21);
            x = FloatVector.fromArray(S, a, a0 + 3 * k + p);
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

    private static float dot(float[] a, int a0, float[] b, int b0, int k, int kv) {
        FloatVector s = FloatVector.zero(S);
        for (int p = 0; p < kv; p += L) {
            s = FloatVector.fromArray(S, a, a0 + p).fma(FloatVector.fromArray(S, b, b0 + p), s);
        }
        return s.reduceLanes(VectorOperators.ADD) + tail(a, a0, b, b0, kv, k);
    }

    /** The last k mod L terms of a dot product, which fill no vector. */
    private static float tail(float[] a, int a0, float[] b, int b0, int from, int k) {
        float sum = 0;
        for (int p = from; p < k; p++) {
            sum = Math.fma(a[a0 + p], b[b0 + p], sum);
        }
        return sum;
    }
}
