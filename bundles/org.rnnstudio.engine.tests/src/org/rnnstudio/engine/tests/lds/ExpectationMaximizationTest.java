package org.rnnstudio.engine.tests.lds;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import org.rnnstudio.engine.EmIterations;
import org.rnnstudio.engine.FitListener;
import org.rnnstudio.engine.ObservedSequence;
import org.rnnstudio.engine.lds.LdsTraining;
import org.rnnstudio.engine.lds.LinearDynamicalSystem;
import org.rnnstudio.model.LdsDescription;

/** EM for linear dynamical systems: never worse, keeps what is fixed, finds the system that made the data. */
class ExpectationMaximizationTest {

    /** A random stable system with inputs: A's spectral radius below 1, random positive definite Q and R. */
    static LinearDynamicalSystem randomSystem(int n, int m, int k, Random random) {
        LinearDynamicalSystem s = new LinearDynamicalSystem(n, m, k);
        fill(s.A, random, 1);
        double radius = spectralRadius(s.A);
        CommonOps_DDRM.scale(0.9 / Math.max(radius, 1e-3), s.A);
        fill(s.B, random, 1);
        fill(s.C, random, 1);
        fill(s.D, random, 0.5);
        s.Q.setTo(randomCovariance(n, random));
        s.R.setTo(randomCovariance(m, random));
        fill(s.mu0, random, 1);
        return s;
    }

    static List<ObservedSequence> sample(LinearDynamicalSystem s, int count, int steps, Random random) {
        List<ObservedSequence> data = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            double[][] u = new double[steps][s.k];
            for (double[] row : u) {
                for (int j = 0; j < row.length; j++) {
                    row[j] = random.nextGaussian();
                }
            }
            data.add(s.sample(steps, u, random).sequence("s" + i, u));
        }
        return data;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4})
    void theLogLikelihoodNeverDecreases(int seed) {
        Random random = new Random(seed);
        int n = 1 + seed % 3;
        int m = 1 + (seed * 7) % 3;
        int k = seed % 2;
        List<ObservedSequence> data = sample(randomSystem(n, m, k, random), 3, 40, random);
        data.get(1).y()[7][0] = Double.NaN;
        LdsDescription d = new LdsDescription();
        d.setState(n);
        d.setObservation(m);
        d.setInput(k);
        d.setStateNoise(seed % 2 == 0 ? LdsDescription.Noise.DIAGONAL : LdsDescription.Noise.FULL);
        d.setObservationNoise(seed == 3 ? LdsDescription.Noise.DIAGONAL : LdsDescription.Noise.FULL);
        if (seed == 4) {
            d.fixed().add("A");
            d.parameters().put("A", new double[][] {{0.5, 0.1}, {-0.2, 0.3}});
            d.fixed().add("D");
        }
        List<Double> history = new ArrayList<>();
        FitListener listener = (iteration, logLikelihood) -> history.add(logLikelihood);
        LdsTraining.fit(d, data, 60, seed, listener);
        for (int i = 1; i < history.size(); i++) {
            double before = history.get(i - 1);
            double after = history.get(i);
            assertTrue(after >= before - 1e-9 * Math.abs(before), "iteration " + i + ": " + before + " -> " + after);
        }
        assertTrue(history.get(history.size() - 1) > history.get(0) + 1, history.toString());
    }

    @Test
    void fixedParameterSetsStayAsGivenAndDiagonalNoiseStaysDiagonal() {
        Random random = new Random(11);
        List<ObservedSequence> data = sample(randomSystem(2, 2, 1, random), 2, 50, random);
        LdsDescription d = new LdsDescription();
        d.setState(2);
        d.setObservation(2);
        d.setInput(1);
        d.setObservationNoise(LdsDescription.Noise.DIAGONAL);
        double[][] c = {{1, 0}, {0.5, 1}};
        double[][] v0 = {{2, 0.1}, {0.1, 1}};
        d.parameters().put("C", c);
        d.parameters().put("V0", v0);
        d.fixed().addAll(List.of("C", "V0"));
        LinearDynamicalSystem fitted = LdsTraining.fit(d, data, 10, 1, (i, l) -> {
        }).model();
        assertArrayEquals(new double[] {1, 0, 0.5, 1}, fitted.C.data, 0);
        assertArrayEquals(new double[] {2, 0.1, 0.1, 1}, fitted.V0.data, 0);
        assertEquals(0, fitted.R.get(0, 1), 0);
        assertTrue(fitted.R.get(0, 0) > 0 && fitted.R.get(1, 1) > 0);
        assertTrue(Math.abs(fitted.B.get(0, 0)) + Math.abs(fitted.B.get(1, 0)) > 0, "B is learned");
    }

    @Test
    void recoversTheSystemThatMadeTheData() {
        // recoverable only up to a change of basis of the state: compare what does not depend on the basis
        LinearDynamicalSystem truth = new LinearDynamicalSystem(2, 2, 0);
        truth.set("A", new double[][] {{0.9, 0.2}, {0, 0.5}});
        truth.set("C", new double[][] {{1, 0.5}, {-0.3, 1}});
        truth.set("Q", new double[][] {{0.3, 0.05}, {0.05, 0.2}});
        truth.set("R", new double[][] {{0.1, 0}, {0, 0.15}});
        Random random = new Random(2);
        int steps = 4000;
        List<ObservedSequence> data = List.of(truth.sample(steps, new double[steps][0], random).sequence("long", new double[steps][0]));
        LdsDescription d = new LdsDescription();
        d.setState(2);
        d.setObservation(2);
        EmIterations.Result<LinearDynamicalSystem> fit = LdsTraining.fit(d, data, 150, 3, (i, l) -> {
        });
        LinearDynamicalSystem s = fit.model();
        double[] eigenvalues = eigenvalues(s.A);
        Arrays.sort(eigenvalues);
        assertArrayEquals(new double[] {0.5, 0.9}, eigenvalues, 0.06, Arrays.toString(eigenvalues));
        // the stationary covariance of the observations, C P C' + R with P = A P A' + Q, is the data's
        DMatrixRMaj empirical = new DMatrixRMaj(2, 2);
        for (double[] y : data.get(0).y()) {
            for (int a = 0; a < 2; a++) {
                for (int b = 0; b < 2; b++) {
                    empirical.add(a, b, y[a] * y[b] / steps);
                }
            }
        }
        assertTrue(maxDifference(stationaryObservationCovariance(s), empirical) < 0.1 * CommonOps_DDRM.elementMaxAbs(empirical),
                stationaryObservationCovariance(s) + " vs the data's " + empirical);
        // and the fitted system predicts new data from the same source as well as the truth does
        List<ObservedSequence> fresh = List.of(truth.sample(steps, new double[steps][0], random).sequence("fresh", new double[steps][0]));
        double fitted = LdsTraining.logLikelihood(s, fresh) / steps;
        double best = LdsTraining.logLikelihood(truth, fresh) / steps;
        assertEquals(best, fitted, 0.01, "log-likelihood per step on new data");
        assertTrue(fit.logLikelihoods()[fit.logLikelihoods().length - 1] >= LdsTraining.logLikelihood(truth, data), "EM found at least the truth's fit");
    }

    private static DMatrixRMaj stationaryObservationCovariance(LinearDynamicalSystem s) {
        DMatrixRMaj p = s.Q.copy();
        for (int i = 0; i < 2000; i++) {
            DMatrixRMaj next = CommonOps_DDRM.multTransB(CommonOps_DDRM.mult(s.A, p, null), s.A, null);
            CommonOps_DDRM.addEquals(next, s.Q);
            p = next;
        }
        DMatrixRMaj y = CommonOps_DDRM.multTransB(CommonOps_DDRM.mult(s.C, p, null), s.C, null);
        CommonOps_DDRM.addEquals(y, s.R);
        return y;
    }

    private static double maxDifference(DMatrixRMaj a, DMatrixRMaj b) {
        DMatrixRMaj d = a.copy();
        CommonOps_DDRM.subtractEquals(d, b);
        return CommonOps_DDRM.elementMaxAbs(d);
    }

    private static double[] eigenvalues(DMatrixRMaj a) {
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(a.numRows, false);
        eig.decompose(a.copy());
        double[] values = new double[a.numRows];
        for (int i = 0; i < values.length; i++) {
            values[i] = eig.getEigenvalue(i).real;
        }
        return values;
    }

    private static double spectralRadius(DMatrixRMaj a) {
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(a.numRows, false);
        eig.decompose(a.copy());
        double radius = 0;
        for (int i = 0; i < a.numRows; i++) {
            radius = Math.max(radius, eig.getEigenvalue(i).getMagnitude());
        }
        return radius;
    }

    private static DMatrixRMaj randomCovariance(int size, Random random) {
        DMatrixRMaj g = new DMatrixRMaj(size, size);
        fill(g, random, 0.5);
        DMatrixRMaj c = CommonOps_DDRM.multTransB(g, g, null);
        for (int i = 0; i < size; i++) {
            c.add(i, i, 0.1);
        }
        return c;
    }

    private static void fill(DMatrixRMaj m, Random random, double scale) {
        for (int i = 0; i < m.data.length; i++) {
            m.data[i] = scale * random.nextGaussian();
        }
    }
}
