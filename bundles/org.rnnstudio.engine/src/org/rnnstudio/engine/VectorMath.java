package org.rnnstudio.engine;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The squashing functions a vector at a time on the JDK's Vector API, whose tanh and exp the JIT compiles to
 * the processor's vector routines: an LSTM step takes some 400,000 tanh and 600,000 exp, and {@code Math.tanh}
 * (not an intrinsic in JDK 17) alone took about half of the forward pass. The results differ from
 * {@code Math}'s in the last bit at most (both within an ulp of the exact value).
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

    private VectorMath() {
    }

    /** out[i] = tanh(in[i]) for i below n */
    static void tanh(double[] in, double[] out, int n) {
        tanh(in, 0, out, 0, n);
    }

    /** out[to + i] = tanh(in[from + i]) for i below n (one row of a matrix: the LSTM cell's step, {@link LstmCell}) */
    static void tanh(double[] in, int from, double[] out, int to, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            DoubleVector.fromArray(S, in, from + i).lanewise(VectorOperators.TANH).intoArray(out, to + i);
        }
        for (; i < n; i++) {
            out[to + i] = Math.tanh(in[from + i]);
        }
    }

    /** out[i] = 1 / (1 + e^-in[i]) for i below n */
    static void logistic(double[] in, double[] out, int n) {
        logistic(in, 0, out, 0, n);
    }

    /** out[to + i] = 1 / (1 + e^-in[from + i]) for i below n */
    static void logistic(double[] in, int from, double[] out, int to, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            DoubleVector e = DoubleVector.fromArray(S, in, from + i).neg().lanewise(VectorOperators.EXP);
            DoubleVector.broadcast(S, 1.0).div(e.add(1.0)).intoArray(out, to + i);
        }
        for (; i < n; i++) {
            out[to + i] = 1.0 / (1.0 + Math.exp(-in[from + i]));
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
