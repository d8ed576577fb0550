package org.rnnstudio.engine;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The squashing functions a vector at a time on the JDK's Vector API: an LSTM step takes some 400,000 tanh and
 * 600,000 exp, and {@code Math.tanh} (not an intrinsic in JDK 17) alone took about half of the forward pass.
 *
 * e^x, tanh, the logistic and log(1 + u) are computed here from additions, multiplications, fused
 * multiply-adds and divisions only, each correctly rounded by IEEE 754 on every path. The Vector API's own
 * {@code EXP} and {@code TANH} are not used: the JIT compiles them to the processor's vector library, while
 * code it has not compiled yet takes {@code Math}'s, and the two differ in the last bit; a run's first epochs
 * then differed from the same seed's later run (a test of "the same seed gives the same run" failed in CI).
 * Each function has a scalar twin doing the same operations in the same order, which the loops' tails use,
 * so a value does not depend on where it falls in a vector either. Accuracy: within 3 ulp of {@code Math}'s
 * (e^x within 2; VectorMathTest).
 *
 * Only the activation functions call this, and only when {@link Gemm#VECTOR_WIDTH} says the module is there
 * (SMALLEST is a constant: reading it does not load this class, which would fail without the module).
 */
final class VectorMath {

    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;

    /**
     * Values from which the vectors are used. Below, the scalar loop is as fast, and it stays clear of the
     * incubating API's weak point: a few vectors per call in code the JIT has not (yet) compiled with its
     * intrinsics are objects on the heap (a 4-unit net at batch 2 allocated 900 bytes a step for a while).
     */
    static final int SMALLEST = 64;

    /** ln 2 in two parts, the first with its last 21 bits zero, so that k ln2_hi is exact for |k| below 2^21. */
    private static final double LN2_HI = 0x1.62e42feep-1;
    private static final double LN2_LO = 0x1.a39ef35793c76p-33;
    private static final double INVERSE_LN2 = 1 / Math.log(2);
    /** 1.5 2^52: adding it rounds a number below 2^51 to an integer, the current rounding mode's nearest. */
    private static final double ROUNDER = 0x1.8p52;
    private static final long ROUNDER_BITS = Double.doubleToRawLongBits(ROUNDER);
    /** e^x is computed for x in [-708, 709], where 2^k stays a normal number; outside, the end's value is taken. */
    private static final double LOWEST = -708;
    private static final double HIGHEST = 709;
    /** 1/n! for n = 0 ... 13: e^r's Taylor series for |r| <= ln2 / 2, the first term left out below 1e-17. */
    private static final double[] EXP = new double[14];
    /** tanh below this by its odd series in x; above it by 1 - 2 / (e^2x + 1), whose cancellation costs under 2 ulp there. */
    private static final double TANH_SERIES = 0.4;
    /** tanh's odd series, t_k x^(2k+1), from tanh' = 1 - tanh^2: (2k+1) t_k = -sum over i + j = k - 1 of t_i t_j. */
    private static final double[] TANH = new double[16];
    /** tanh is 1 in double from 19.06 on: e^2x is bounded there instead of overflowing. */
    private static final double TANH_ONE = 20;
    /** log(1 + u) = 2 atanh(s), s = u / (2 + u), as 2 s sum s^2k / (2k + 1), enough terms for s <= 1/3. */
    private static final double[] ATANH = new double[18];

    static {
        double factorial = 1;
        for (int n = 0; n < EXP.length; n++) {
            factorial *= Math.max(1, n);
            EXP[n] = 1 / factorial;
        }
        TANH[0] = 1;
        for (int k = 1; k < TANH.length; k++) {
            double sum = 0;
            for (int i = 0; i < k; i++) {
                sum += TANH[i] * TANH[k - 1 - i];
            }
            TANH[k] = -sum / (2 * k + 1);
        }
        for (int k = 0; k < ATANH.length; k++) {
            ATANH[k] = 1.0 / (2 * k + 1);
        }
    }

    private VectorMath() {
    }

    /** c[0] + c[1] x + c[2] x^2 + ... by Horner's rule (each vector loop below does the same inline, lane by lane). */
    private static double polynomial(double x, double[] c) {
        double p = c[c.length - 1];
        for (int i = c.length - 2; i >= 0; i--) {
            p = Math.fma(p, x, c[i]);
        }
        return p;
    }

    /*
     * The vector loops keep every vector inside one method: a method taking or returning a DoubleVector that
     * the JIT does not inline (it declined exp's 121 bytes at some call sites) boxes its vectors and runs the
     * API's fallback code, which cost the binary adder's step more than the functions themselves.
     */

    /** out[to + i] = e^(scale in[from + i]) for i below n: x = k ln2 + r, |r| <= ln2 / 2, e^r by its series, 2^k in the exponent's bits. */
    static void exp(double[] in, int from, double scale, double[] out, int to, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            DoubleVector clamped = DoubleVector.fromArray(S, in, from + i).mul(scale).max(LOWEST).min(HIGHEST);
            DoubleVector shifted = clamped.mul(INVERSE_LN2).add(ROUNDER);
            DoubleVector k = shifted.sub(ROUNDER);
            DoubleVector r = k.neg().fma(DoubleVector.broadcast(S, LN2_HI), clamped);
            r = k.neg().fma(DoubleVector.broadcast(S, LN2_LO), r);
            DoubleVector p = DoubleVector.broadcast(S, EXP[EXP.length - 1]);
            for (int c = EXP.length - 2; c >= 0; c--) {
                p = p.fma(r, DoubleVector.broadcast(S, EXP[c]));
            }
            // k sits in the low bits of k + 1.5 2^52; shifted into the exponent's bits with the bias, it is 2^k
            LongVector bits = shifted.reinterpretAsLongs().sub(ROUNDER_BITS - 1023).lanewise(VectorOperators.LSHL, 52);
            p.mul(bits.reinterpretAsDoubles()).intoArray(out, to + i);
        }
        for (; i < n; i++) {
            out[to + i] = exp(in[from + i] * scale);
        }
    }

    /** e^x for one number, the same operations in the same order as a lane of {@link #exp(double[], int, double, double[], int, int)}. */
    static double exp(double x) {
        double clamped = Math.min(Math.max(x, LOWEST), HIGHEST);
        double shifted = clamped * INVERSE_LN2 + ROUNDER;
        double k = shifted - ROUNDER;
        double r = Math.fma(-k, LN2_HI, clamped);
        r = Math.fma(-k, LN2_LO, r);
        double p = polynomial(r, EXP);
        return p * Double.longBitsToDouble((Double.doubleToRawLongBits(shifted) - (ROUNDER_BITS - 1023)) << 52);
    }

    /** tanh x, odd: its series below {@link #TANH_SERIES}, 1 - 2 / (e^2|x| + 1) above, the sign put back. */
    static double tanh(double x) {
        double a = Math.abs(x);
        double t;
        if (a < TANH_SERIES) {
            double z = a * a;
            t = polynomial(z, TANH) * a;
        } else {
            t = 1.0 - 2.0 / (exp(Math.min(a, TANH_ONE) * 2.0) + 1.0);
        }
        return x < 0 ? -t : t;
    }

    /** 1 / (1 + e^-x) */
    static double logistic(double x) {
        return 1.0 / (exp(-x) + 1.0);
    }

    /** log(1 + u) for u in [0, 1]: 2 atanh(u / (2 + u)), the series in s^2 <= 1/9. */
    static double log1p(double u) {
        double s = u / (u + 2.0);
        double z = s * s;
        return polynomial(z, ATANH) * s * 2.0;
    }

    /** log(1 + e^-|x|), the soft part of the logistic cross-entropy. */
    static double softplus(double x) {
        return log1p(exp(-Math.abs(x)));
    }

    /** out[i] = tanh(in[i]) for i below n */
    static void tanh(double[] in, double[] out, int n) {
        tanh(in, 0, out, 0, n);
    }

    /**
     * out[to + i] = tanh(in[from + i]) for i below n (one row of a matrix: the LSTM cell's step, {@link LstmCell}),
     * in three passes over out, which must not overlap in: 2 min(|x|, 20), its e^, then the series or 1 - 2 / (e + 1).
     */
    static void tanh(double[] in, int from, double[] out, int to, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            DoubleVector.fromArray(S, in, from + i).abs().min(TANH_ONE).mul(2.0).intoArray(out, to + i);
        }
        for (; i < n; i++) {
            out[to + i] = Math.min(Math.abs(in[from + i]), TANH_ONE) * 2.0;
        }
        exp(out, to, 1.0, out, to, n);
        i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            DoubleVector x = DoubleVector.fromArray(S, in, from + i);
            DoubleVector a = x.abs();
            DoubleVector z = a.mul(a);
            DoubleVector series = DoubleVector.broadcast(S, TANH[TANH.length - 1]);
            for (int c = TANH.length - 2; c >= 0; c--) {
                series = series.fma(z, DoubleVector.broadcast(S, TANH[c]));
            }
            series = series.mul(a);
            DoubleVector large = DoubleVector.broadcast(S, 1.0).sub(DoubleVector.broadcast(S, 2.0).div(DoubleVector.fromArray(S, out, to + i).add(1.0)));
            DoubleVector t = large.blend(series, a.compare(VectorOperators.LT, TANH_SERIES));
            t.blend(t.neg(), x.compare(VectorOperators.LT, 0.0)).intoArray(out, to + i);
        }
        for (; i < n; i++) {
            out[to + i] = tanh(in[from + i]);
        }
    }

    /** out[i] = 1 / (1 + e^-in[i]) for i below n */
    static void logistic(double[] in, double[] out, int n) {
        logistic(in, 0, out, 0, n);
    }

    /** out[to + i] = 1 / (1 + e^-in[from + i]) for i below n, in two passes over out: e^-x, then 1 / (1 + e^-x) */
    static void logistic(double[] in, int from, double[] out, int to, int n) {
        exp(in, from, -1.0, out, to, n);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            DoubleVector.broadcast(S, 1.0).div(DoubleVector.fromArray(S, out, to + i).add(1.0)).intoArray(out, to + i);
        }
        for (; i < n; i++) {
            out[to + i] = 1.0 / (out[to + i] + 1.0);
        }
    }

    /** out[to + i] = log(1 + e^-|in[from + i]|) for i below n, in passes over out as the others (out must not overlap in) */
    static void softplus(double[] in, int from, double[] out, int to, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            DoubleVector.fromArray(S, in, from + i).abs().intoArray(out, to + i);
        }
        for (; i < n; i++) {
            out[to + i] = Math.abs(in[from + i]);
        }
        exp(out, to, -1.0, out, to, n);
        i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            DoubleVector u = DoubleVector.fromArray(S, out, to + i);
            DoubleVector s = u.div(u.add(2.0));
            DoubleVector z = s.mul(s);
            DoubleVector sum = DoubleVector.broadcast(S, ATANH[ATANH.length - 1]);
            for (int c = ATANH.length - 2; c >= 0; c--) {
                sum = sum.fma(z, DoubleVector.broadcast(S, ATANH[c]));
            }
            sum.mul(s).mul(2.0).intoArray(out, to + i);
        }
        for (; i < n; i++) {
            out[to + i] = log1p(out[to + i]);
        }
    }

    /** into[j] += from[at + j] for j below n, a vector at a time (each entry the same single addition as a scalar loop's) */
    static void addTo(double[] from, int at, double[] into, int n) {
        int j = 0;
        for (int bound = S.loopBound(n); j < bound; j += S.length()) {
            DoubleVector.fromArray(S, into, j).add(DoubleVector.fromArray(S, from, at + j)).intoArray(into, j);
        }
        for (; j < n; j++) {
            into[j] += from[at + j];
        }
    }
}
