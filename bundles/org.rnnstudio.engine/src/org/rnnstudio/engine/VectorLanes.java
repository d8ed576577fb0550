package org.rnnstudio.engine;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import org.rnnstudio.model.Activation;

/**
 * {@link Lanes} a vector at a time on the JDK's Vector API (exp, tanh, the logistic and log1p from
 * {@link VectorMath}, the same bits whether the JIT has compiled them or not); the lanes left over after the
 * last whole vector run on the plain loops. Loading this class fails without jdk.incubator.vector, and {@link Lanes#IN_USE} then keeps the loops.
 */
final class VectorLanes extends Lanes {

    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;

    /** log(1 + e^-|x|) of a step's lanes, one array a thread: the lanes are shared by every training that runs. */
    private static final ThreadLocal<double[]> SOFT = ThreadLocal.withInitial(() -> new double[0]);

    @Override
    void addWeighted(double[] w, int wo, int wStride, double[] x, int xo, int xStride, int count, double[] y, int yo, int n) {
        int b = 0;
        for (int bound = S.loopBound(n); b < bound; b += S.length()) {
            DoubleVector sum = DoubleVector.fromArray(S, y, yo + b);
            for (int k = 0; k < count; k++) {
                sum = DoubleVector.fromArray(S, x, xo + k * xStride + b).fma(DoubleVector.broadcast(S, w[wo + k * wStride]), sum);
            }
            sum.intoArray(y, yo + b);
        }
        super.addWeighted(w, wo, wStride, x, xo + b, xStride, count, y, yo + b, n - b);
    }

    /**
     * Four vectors of lanes at a time, each with its own sum over the runs (four chains of multiply-adds in
     * flight), reduced across lanes once for the four: the reductions, not the multiply-adds, were most of it.
     */
    @Override
    double dot(double[] x, int xo, int xStride, double[] d, int dO, int dStride, int runs, int n) {
        int v = S.length();
        int bound = S.loopBound(n);
        double total = super.dot(x, xo + bound, xStride, d, dO + bound, dStride, runs, n - bound);
        // the runs go inside: a vector carried across two loops is not kept in a register by C2 (it became an object a run)
        int b = 0;
        for (; b + 4 * v <= bound; b += 4 * v) {
            DoubleVector s0 = DoubleVector.zero(S);
            DoubleVector s1 = DoubleVector.zero(S);
            DoubleVector s2 = DoubleVector.zero(S);
            DoubleVector s3 = DoubleVector.zero(S);
            for (int r = 0; r < runs; r++) {
                int xr = xo + r * xStride + b;
                int dr = dO + r * dStride + b;
                s0 = DoubleVector.fromArray(S, x, xr).fma(DoubleVector.fromArray(S, d, dr), s0);
                s1 = DoubleVector.fromArray(S, x, xr + v).fma(DoubleVector.fromArray(S, d, dr + v), s1);
                s2 = DoubleVector.fromArray(S, x, xr + 2 * v).fma(DoubleVector.fromArray(S, d, dr + 2 * v), s2);
                s3 = DoubleVector.fromArray(S, x, xr + 3 * v).fma(DoubleVector.fromArray(S, d, dr + 3 * v), s3);
            }
            total += s0.add(s1).add(s2.add(s3)).reduceLanes(VectorOperators.ADD);
        }
        for (; b < bound; b += v) {
            DoubleVector sum = DoubleVector.zero(S);
            for (int r = 0; r < runs; r++) {
                sum = DoubleVector.fromArray(S, x, xo + r * xStride + b).fma(DoubleVector.fromArray(S, d, dO + r * dStride + b), sum);
            }
            total += sum.reduceLanes(VectorOperators.ADD);
        }
        return total;
    }

    @Override
    void activate(Activation f, double[] net, double[] y, int o, int n) {
        if (n < S.length()) {
            // no whole vector: Math's functions (the same bits compiled or not) are quicker than the series
            super.activate(f, net, y, o, n);
        } else if (f == Activation.LOGISTIC) {
            VectorMath.logistic(net, o, y, o, n);
        } else if (f == Activation.TANH) {
            VectorMath.tanh(net, o, y, o, n);
        } else {
            super.activate(f, net, y, o, n);
        }
    }

    @Override
    void derivative(Activation f, double[] y, double[] dy, int o, double[] dNet, int dO, int n) {
        int i = 0;
        if (f == Activation.LOGISTIC) {
            for (int bound = S.loopBound(n); i < bound; i += S.length()) {
                DoubleVector out = DoubleVector.fromArray(S, y, o + i);
                DoubleVector.fromArray(S, dy, o + i).mul(out).mul(out.neg().add(1.0)).intoArray(dNet, dO + i);
            }
        } else if (f == Activation.TANH) {
            for (int bound = S.loopBound(n); i < bound; i += S.length()) {
                DoubleVector out = DoubleVector.fromArray(S, y, o + i);
                DoubleVector.fromArray(S, dy, o + i).mul(out.mul(out).neg().add(1.0)).intoArray(dNet, dO + i);
            }
        }
        super.derivative(f, y, dy, o + i, dNet, dO + i, n - i);
    }

    @Override
    double crossEntropy(double[] net, double[] target, double[] scored, int o, int n) {
        if (n < S.length()) {
            return super.crossEntropy(net, target, scored, o, n);
        }
        double[] soft = SOFT.get();
        if (soft.length < n) {
            soft = new double[n];
            SOFT.set(soft);
        }
        VectorMath.softplus(net, o, soft, 0, n);
        int i = 0;
        DoubleVector e = DoubleVector.zero(S);
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            DoubleVector x = DoubleVector.fromArray(S, net, o + i);
            DoubleVector term = x.max(0.0).sub(DoubleVector.fromArray(S, target, o + i).mul(x)).add(DoubleVector.fromArray(S, soft, i));
            e = e.add(term, scoredAt(scored, o + i));
        }
        double sum = e.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            if (scored[o + i] != 0) {
                double x = net[o + i];
                sum += Math.max(x, 0) - target[o + i] * x + soft[i];
            }
        }
        return sum;
    }

    @Override
    double squaredError(double[] y, double[] target, double[] scored, int o, int n) {
        int i = 0;
        DoubleVector e = DoubleVector.zero(S);
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            DoubleVector diff = DoubleVector.fromArray(S, y, o + i).sub(DoubleVector.fromArray(S, target, o + i));
            e = e.add(diff.mul(diff).mul(0.5), scoredAt(scored, o + i));
        }
        return e.reduceLanes(VectorOperators.ADD) + super.squaredError(y, target, scored, o + i, n - i);
    }

    @Override
    void addDifference(double[] y, double[] target, double[] scored, int o, double scale, double[] into, int dO, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            DoubleVector diff = DoubleVector.fromArray(S, y, o + i).sub(DoubleVector.fromArray(S, target, o + i));
            DoubleVector sum = DoubleVector.fromArray(S, into, dO + i);
            sum.add(diff.mul(scale), scoredAt(scored, o + i)).intoArray(into, dO + i);
        }
        super.addDifference(y, target, scored, o + i, scale, into, dO + i, n - i);
    }

    @Override
    void markWrong(double[] y, double[] target, double[] scored, int o, double[] wrong, int wo, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            DoubleVector off = DoubleVector.fromArray(S, y, o + i).sub(DoubleVector.fromArray(S, target, o + i)).abs();
            VectorMask<Double> wrongHere = off.compare(VectorOperators.LT, 0.5).not().and(scoredAt(scored, o + i));
            DoubleVector.fromArray(S, wrong, wo + i).blend(1.0, wrongHere).intoArray(wrong, wo + i);
        }
        super.markWrong(y, target, scored, o + i, wrong, wo + i, n - i);
    }

    /** The lanes that have a target: an output that is not finite where none is adds nothing, as in the plain loops. */
    private static VectorMask<Double> scoredAt(double[] scored, int o) {
        return DoubleVector.fromArray(S, scored, o).compare(VectorOperators.NE, 0.0);
    }
}
