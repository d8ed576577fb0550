package org.rnnstudio.engine.lds;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

import org.rnnstudio.engine.InferenceException;
import org.rnnstudio.engine.ObservedSequence;

/**
 * Inference in a linear dynamical system: the Kalman filter (the state given the observations up to each
 * step), the Rauch-Tung-Striebel smoother (given all of them) and the log-likelihood. The filter's update
 * solves with the Cholesky factor of the innovation covariance S = C P C' + R instead of inverting it, and
 * takes the Joseph form V = (I - K C) P (I - K C)' + K R K', which stays symmetric and positive
 * semi-definite where the short form P - K C P loses both to rounding. A step whose observation holds a
 * NaN is missing: the filter predicts through it without an update.
 */
public final class KalmanSmoother {

    private static final double LOG_2PI = Math.log(2 * Math.PI);

    /**
     * Means are [step][dimension]; covariances one n x n matrix per step. {@code lagOne[t]} (t ≥ 1) is the
     * smoothed cross-covariance Cov(x_t, x_{t-1} | all observations), which EM needs.
     */
    public record Result(double[][] predictedMeans, DMatrixRMaj[] predictedCovariances, double[][] filteredMeans,
            DMatrixRMaj[] filteredCovariances, double[][] smoothedMeans, DMatrixRMaj[] smoothedCovariances, DMatrixRMaj[] lagOne,
            double logLikelihood) {
    }

    private KalmanSmoother() {
    }

    /** The filter alone: predicted and filtered moments and the log-likelihood (smoothed fields null). */
    public static Result filter(LinearDynamicalSystem s, ObservedSequence sequence) {
        int steps = sequence.length();
        double[][] predictedMeans = new double[steps][];
        DMatrixRMaj[] predictedCovariances = new DMatrixRMaj[steps];
        double[][] filteredMeans = new double[steps][];
        DMatrixRMaj[] filteredCovariances = new DMatrixRMaj[steps];
        double logLikelihood = 0;
        DMatrixRMaj mean = new DMatrixRMaj(s.n, 1);
        DMatrixRMaj covariance = new DMatrixRMaj(s.n, s.n);
        DMatrixRMaj identity = CommonOps_DDRM.identity(s.n);
        for (int t = 0; t < steps; t++) {
            DMatrixRMaj u = Covariance.column(input(sequence, t, s.k));
            if (t == 0) {
                mean.setTo(s.mu0);
                covariance.setTo(s.V0);
            } else {
                mean = CommonOps_DDRM.mult(s.A, mean, null);
                CommonOps_DDRM.multAdd(s.B, u, mean);
                DMatrixRMaj av = CommonOps_DDRM.mult(s.A, covariance, null);
                covariance = CommonOps_DDRM.multTransB(av, s.A, null);
                CommonOps_DDRM.addEquals(covariance, s.Q);
                Covariance.symmetrize(covariance);
            }
            predictedMeans[t] = mean.data.clone();
            predictedCovariances[t] = covariance.copy();
            if (sequence.observed(t)) {
                // innovation e = y - C m - D u, its covariance S = C P C' + R
                DMatrixRMaj innovation = Covariance.column(sequence.y()[t].clone());
                CommonOps_DDRM.multAdd(-1, s.C, mean, innovation);
                CommonOps_DDRM.multAdd(-1, s.D, u, innovation);
                DMatrixRMaj cp = CommonOps_DDRM.mult(s.C, covariance, null);
                DMatrixRMaj innovationCovariance = CommonOps_DDRM.multTransB(cp, s.C, null);
                CommonOps_DDRM.addEquals(innovationCovariance, s.R);
                Covariance.symmetrize(innovationCovariance);
                LinearSolverDense<DMatrixRMaj> solver = Covariance.cholesky(innovationCovariance);
                if (solver == null) {
                    throw new InferenceException("sequence '" + sequence.name() + "' step " + (t + 1) + ": the predicted observation's covariance "
                            + "C P C' + R is singular (R has a zero variance in a direction the state does not vary in)");
                }
                // K' = S^-1 C P, since K = P C' S^-1 with P and S symmetric
                DMatrixRMaj gainT = new DMatrixRMaj(s.m, s.n);
                solver.solve(cp, gainT);
                DMatrixRMaj gain = Covariance.transpose(gainT);
                DMatrixRMaj whitened = new DMatrixRMaj(s.m, 1);
                solver.solve(innovation, whitened);
                logLikelihood += -0.5 * (s.m * LOG_2PI + Covariance.logDeterminant(innovationCovariance)
                        + CommonOps_DDRM.dot(innovation, whitened));
                CommonOps_DDRM.multAdd(gain, innovation, mean);
                DMatrixRMaj keep = identity.copy();
                CommonOps_DDRM.multAdd(-1, gain, s.C, keep);
                DMatrixRMaj kp = CommonOps_DDRM.mult(keep, covariance, null);
                covariance = CommonOps_DDRM.multTransB(kp, keep, null);
                DMatrixRMaj kr = CommonOps_DDRM.mult(gain, s.R, null);
                CommonOps_DDRM.multAddTransB(kr, gain, covariance);
                Covariance.symmetrize(covariance);
            }
            filteredMeans[t] = mean.data.clone();
            filteredCovariances[t] = covariance.copy();
        }
        return new Result(predictedMeans, predictedCovariances, filteredMeans, filteredCovariances, null, null, null, logLikelihood);
    }

    /**
     * Filter forward, then smooth backward: J_t = V_t A' P_{t+1}^-1 (a solve with P_{t+1}; where P_{t+1}
     * is singular, its pseudo-inverse), m̂_t = m_t + J_t (m̂_{t+1} - A m_t - B u_{t+1}),
     * V̂_t = V_t + J_t (V̂_{t+1} - P_{t+1}) J_t'.
     */
    public static Result smooth(LinearDynamicalSystem s, ObservedSequence sequence) {
        Result f = filter(s, sequence);
        int steps = sequence.length();
        double[][] means = new double[steps][];
        DMatrixRMaj[] covariances = new DMatrixRMaj[steps];
        DMatrixRMaj[] lagOne = new DMatrixRMaj[steps];
        means[steps - 1] = f.filteredMeans()[steps - 1].clone();
        covariances[steps - 1] = f.filteredCovariances()[steps - 1].copy();
        for (int t = steps - 2; t >= 0; t--) {
            DMatrixRMaj av = CommonOps_DDRM.mult(s.A, f.filteredCovariances()[t], null);
            DMatrixRMaj gainT = Covariance.solve(f.predictedCovariances()[t + 1], av);
            DMatrixRMaj gain = Covariance.transpose(gainT);
            DMatrixRMaj meanChange = Covariance.column(means[t + 1].clone());
            CommonOps_DDRM.subtractEquals(meanChange, Covariance.column(f.predictedMeans()[t + 1]));
            DMatrixRMaj mean = Covariance.column(f.filteredMeans()[t].clone());
            CommonOps_DDRM.multAdd(gain, meanChange, mean);
            means[t] = mean.data;
            DMatrixRMaj covarianceChange = covariances[t + 1].copy();
            CommonOps_DDRM.subtractEquals(covarianceChange, f.predictedCovariances()[t + 1]);
            DMatrixRMaj jc = CommonOps_DDRM.mult(gain, covarianceChange, null);
            DMatrixRMaj covariance = f.filteredCovariances()[t].copy();
            CommonOps_DDRM.multAddTransB(jc, gain, covariance);
            Covariance.symmetrize(covariance);
            covariances[t] = covariance;
            lagOne[t + 1] = CommonOps_DDRM.multTransB(covariances[t + 1], gain, null);
        }
        return new Result(f.predictedMeans(), f.predictedCovariances(), f.filteredMeans(), f.filteredCovariances(), means, covariances, lagOne,
                f.logLikelihood());
    }

    static double[] input(ObservedSequence sequence, int t, int k) {
        return k == 0 ? new double[0] : sequence.u()[t];
    }
}
