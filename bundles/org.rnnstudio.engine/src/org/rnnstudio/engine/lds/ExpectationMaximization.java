package org.rnnstudio.engine.lds;

import java.util.List;
import java.util.Set;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

import org.rnnstudio.engine.EmIterations;
import org.rnnstudio.engine.ObservedSequence;
import org.rnnstudio.model.LdsDescription;

/**
 * One iteration of EM for a linear dynamical system (Ghahramani and Hinton 1996, with driving inputs): the
 * E step smooths every sequence; the M step solves two linear regressions in expectation, x_t on
 * [x_{t-1}; u_t] for [A B] and y_t on [x_t; u_t] for [C D], takes Q and R as the expected residual
 * covariances (their diagonals when the noise is diagonal), and mu0, V0 as the smoothed first state's mean
 * and spread. A fixed parameter set stays as it is and the others are the best given it, so that every
 * iteration is a conditional maximisation and the log-likelihood never goes down.
 */
public final class ExpectationMaximization {

    private ExpectationMaximization() {
    }

    /** The system after the iteration, and the log-likelihood of the data under the system before it. */
    public static EmIterations.Step<LinearDynamicalSystem> step(LinearDynamicalSystem s, List<ObservedSequence> data, Set<String> fixed, LdsDescription.Noise stateNoise,
            LdsDescription.Noise observationNoise) {
        int n = s.n;
        int k = s.k;
        // expected sufficient statistics; regressors z = [x; u] (n + k)
        DMatrixRMaj transitionXX = new DMatrixRMaj(n, n);
        DMatrixRMaj transitionXZ = new DMatrixRMaj(n, n + k);
        DMatrixRMaj transitionZZ = new DMatrixRMaj(n + k, n + k);
        DMatrixRMaj observationYY = new DMatrixRMaj(s.m, s.m);
        DMatrixRMaj observationYZ = new DMatrixRMaj(s.m, n + k);
        DMatrixRMaj observationZZ = new DMatrixRMaj(n + k, n + k);
        DMatrixRMaj firstMean = new DMatrixRMaj(n, 1);
        DMatrixRMaj firstSecondMoment = new DMatrixRMaj(n, n);
        int transitions = 0;
        int observations = 0;
        double logLikelihood = 0;
        for (ObservedSequence sequence : data) {
            KalmanSmoother.Result r = KalmanSmoother.smooth(s, sequence);
            logLikelihood += r.logLikelihood();
            double[][] x = r.smoothedMeans();
            for (int t = 0; t < sequence.length(); t++) {
                double[] u = KalmanSmoother.input(sequence, t, k);
                double[] z = concat(x[t], u);
                DMatrixRMaj secondMoment = secondMoment(r.smoothedCovariances()[t], x[t], u);
                if (t == 0) {
                    CommonOps_DDRM.addEquals(firstMean, Covariance.column(x[0]));
                    addBlock(firstSecondMoment, r.smoothedCovariances()[0], x[0], x[0]);
                } else {
                    // z_t = [x_{t-1}; u_t]
                    double[] previous = concat(x[t - 1], u);
                    DMatrixRMaj previousMoment = secondMoment(r.smoothedCovariances()[t - 1], x[t - 1], u);
                    CommonOps_DDRM.addEquals(transitionZZ, previousMoment);
                    addBlock(transitionXX, r.smoothedCovariances()[t], x[t], x[t]);
                    DMatrixRMaj cross = new DMatrixRMaj(n, n + k);
                    CommonOps_DDRM.insert(r.lagOne()[t], cross, 0, 0);
                    Covariance.addOuter(cross, x[t], previous);
                    CommonOps_DDRM.addEquals(transitionXZ, cross);
                    transitions++;
                }
                if (sequence.observed(t)) {
                    double[] y = sequence.y()[t];
                    Covariance.addOuter(observationYY, y, y);
                    Covariance.addOuter(observationYZ, y, z);
                    CommonOps_DDRM.addEquals(observationZZ, secondMoment);
                    observations++;
                }
            }
        }
        LinearDynamicalSystem next = s.copy();
        if (transitions > 0) {
            regress(next.A, next.B, fixed.contains("A"), fixed.contains("B"), transitionXZ, transitionZZ);
            if (!fixed.contains("Q")) {
                residualCovariance(next.Q, next.A, next.B, transitionXX, transitionXZ, transitionZZ, transitions, stateNoise);
            }
        }
        if (observations > 0) {
            regress(next.C, next.D, fixed.contains("C"), fixed.contains("D"), observationYZ, observationZZ);
            if (!fixed.contains("R")) {
                residualCovariance(next.R, next.C, next.D, observationYY, observationYZ, observationZZ, observations, observationNoise);
            }
        }
        int count = data.size();
        if (!fixed.contains("mu0")) {
            CommonOps_DDRM.divide(firstMean, count, next.mu0);
        }
        if (!fixed.contains("V0")) {
            // V0 = (1/S) sum E[(x_1 - mu0)(x_1 - mu0)'] with the new mu0
            DMatrixRMaj v = firstSecondMoment.copy();
            DMatrixRMaj spread = CommonOps_DDRM.multTransB(firstMean, next.mu0, null);
            CommonOps_DDRM.subtractEquals(v, spread);
            CommonOps_DDRM.subtractEquals(v, Covariance.transpose(spread));
            CommonOps_DDRM.multAddTransB(count, next.mu0, next.mu0, v);
            CommonOps_DDRM.divide(v, count);
            Covariance.symmetrize(v);
            next.V0.setTo(v);
        }
        return new EmIterations.Step<>(next, logLikelihood);
    }

    /**
     * The regression target = [F1 F2] z in expectation, given the sums E[target z'] and E[z z']. A fixed
     * block's part is taken off the target and the free block solved for alone.
     */
    private static void regress(DMatrixRMaj f1, DMatrixRMaj f2, boolean fixed1, boolean fixedSecond, DMatrixRMaj targetZ, DMatrixRMaj zz) {
        int a = f1.numCols;
        int b = f2.numCols;
        boolean fixed2 = fixedSecond || b == 0;
        if (fixed1 && fixed2) {
            return;
        }
        if (!fixed1 && !fixed2) {
            // [F1 F2] = E[target z'] E[z z']^-1, as the solve E[z z'] F' = E[z target']
            DMatrixRMaj solved = Covariance.transpose(Covariance.solve(zz, Covariance.transpose(targetZ)));
            CommonOps_DDRM.extract(solved, 0, solved.numRows, 0, a, f1, 0, 0);
            CommonOps_DDRM.extract(solved, 0, solved.numRows, a, a + b, f2, 0, 0);
        } else if (!fixed1) {
            DMatrixRMaj rhs = CommonOps_DDRM.extract(targetZ, 0, targetZ.numRows, 0, a);
            if (b > 0) {
                CommonOps_DDRM.multAdd(-1, f2, CommonOps_DDRM.extract(zz, a, a + b, 0, a), rhs);
            }
            f1.setTo(Covariance.transpose(Covariance.solve(CommonOps_DDRM.extract(zz, 0, a, 0, a), Covariance.transpose(rhs))));
        } else {
            DMatrixRMaj rhs = CommonOps_DDRM.extract(targetZ, 0, targetZ.numRows, a, a + b);
            CommonOps_DDRM.multAdd(-1, f1, CommonOps_DDRM.extract(zz, 0, a, a, a + b), rhs);
            f2.setTo(Covariance.transpose(Covariance.solve(CommonOps_DDRM.extract(zz, a, a + b, a, a + b), Covariance.transpose(rhs))));
        }
    }

    /** (1/N) sum E[(target - F z)(target - F z)'] = (TT - F ZT - TZ F' + F ZZ F') / N for F = [F1 F2]. */
    private static void residualCovariance(DMatrixRMaj out, DMatrixRMaj f1, DMatrixRMaj f2, DMatrixRMaj tt, DMatrixRMaj tz, DMatrixRMaj zz,
            int count, LdsDescription.Noise form) {
        DMatrixRMaj f = new DMatrixRMaj(f1.numRows, f1.numCols + f2.numCols);
        CommonOps_DDRM.insert(f1, f, 0, 0);
        if (f2.numCols > 0) {
            CommonOps_DDRM.insert(f2, f, 0, f1.numCols);
        }
        DMatrixRMaj c = tt.copy();
        DMatrixRMaj ftz = CommonOps_DDRM.multTransB(f, tz, null);
        CommonOps_DDRM.subtractEquals(c, ftz);
        CommonOps_DDRM.subtractEquals(c, Covariance.transpose(ftz));
        DMatrixRMaj fzz = CommonOps_DDRM.mult(f, zz, null);
        CommonOps_DDRM.multAddTransB(fzz, f, c);
        CommonOps_DDRM.divide(c, count);
        Covariance.symmetrize(c);
        if (form == LdsDescription.Noise.DIAGONAL) {
            Covariance.keepDiagonal(c);
        }
        out.setTo(c);
    }

    /** E[z z'] for z = [x; u] with x ~ N(mean, covariance) and u known. */
    private static DMatrixRMaj secondMoment(DMatrixRMaj covariance, double[] mean, double[] u) {
        double[] z = concat(mean, u);
        DMatrixRMaj moment = new DMatrixRMaj(z.length, z.length);
        CommonOps_DDRM.insert(covariance, moment, 0, 0);
        Covariance.addOuter(moment, z, z);
        return moment;
    }

    /** Adds covariance + a b' into the top-left block of m. */
    private static void addBlock(DMatrixRMaj m, DMatrixRMaj covariance, double[] a, double[] b) {
        CommonOps_DDRM.addEquals(m, covariance);
        Covariance.addOuter(m, a, b);
    }

    private static double[] concat(double[] a, double[] b) {
        double[] c = new double[a.length + b.length];
        System.arraycopy(a, 0, c, 0, a.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
