package org.rnnstudio.engine.dynamics.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rnnstudio.engine.dynamics.Behaviour;
import org.rnnstudio.engine.dynamics.Drive;
import org.rnnstudio.engine.dynamics.Dynamics;
import org.rnnstudio.engine.dynamics.Orbit;
import org.rnnstudio.engine.dynamics.StepMap;
import org.rnnstudio.engine.dynamics.Starts;
import org.rnnstudio.model.Activation;

/** The largest Lyapunov exponent of systems whose answer is known. */
class LyapunovTest {

    private static double spectralRadius(DMatrixRMaj a) {
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(a.numRows, false);
        assertTrue(eig.decompose(a.copy()));
        double r = 0;
        for (int i = 0; i < a.numRows; i++) {
            r = Math.max(r, eig.getEigenvalue(i).getMagnitude());
        }
        return r;
    }

    /** A random n x n matrix scaled to spectral radius r; symmetric ones have real eigenvalues and align fast. */
    private static double[] withRadius(int n, double r, boolean symmetric, long seed) {
        Random random = new Random(seed);
        DMatrixRMaj a = new DMatrixRMaj(n, n);
        for (int i = 0; i < n; i++) {
            for (int j = symmetric ? i : 0; j < n; j++) {
                double v = random.nextGaussian();
                a.set(i, j, v);
                if (symmetric) {
                    a.set(j, i, v);
                }
            }
        }
        CommonOps_DDRM.scale(r / spectralRadius(a), a);
        return a.data;
    }

    /**
     * h' = h W from the origin (where a map with r > 1 stays bounded): every tangent grows like r^t, so the
     * exponent is log r. Symmetric W: within 1e-9 once the transient has turned the tangent to the leading
     * eigenvector. A general W (complex leading pair, not normal): within 0.01, the wobble of a turning
     * tangent's length averaged over 1,500 steps.
     */
    @ParameterizedTest
    @ValueSource(doubles = {0.5, 0.9, 1.0, 1.5})
    void linearMapGrowsLikeItsSpectralRadius(double r) throws Exception {
        for (long seed = 1; seed <= 3; seed++) {
            StepMap symmetric = StepMap.of(Networks.recurrent(10, Activation.LINEAR, withRadius(10, r, true, seed)));
            Orbit o = Orbit.run(symmetric, Drive.zero(0), new double[10], 3000, 1500, new Random(seed));
            assertEquals(Math.log(r), o.lyapunov(), 1e-9, "symmetric, r = " + r + ", seed " + seed);
            StepMap general = StepMap.of(Networks.recurrent(10, Activation.LINEAR, withRadius(10, r, false, seed)));
            o = Orbit.run(general, Drive.zero(0), new double[10], 3000, 1500, new Random(seed));
            assertEquals(Math.log(r), o.lyapunov(), 0.01, "general, r = " + r + ", seed " + seed);
        }
    }

    /** A rotation keeps every length: exponent 0 to rounding, from any state. */
    @Test
    void pureRotationHasExponentZero() throws Exception {
        StepMap map = StepMap.of(Networks.recurrent(2, Activation.LINEAR, Networks.rotation(1.0, 1.0)));
        for (double[] start : Starts.random(map, 5, 7)) {
            Orbit o = Orbit.run(map, Drive.zero(0), start, 4000, 1000, new Random(1));
            assertEquals(0, o.lyapunov(), 1e-12);
            assertEquals(Behaviour.QUASI_PERIODIC, o.behaviour(), "one radian per step never comes back exactly");
        }
    }

    /**
     * A random tanh network with gain g (Sompolinsky, Crisanti and Sommers 1988): below g = 1 the origin
     * attracts every state and the exponent is the log of the spectral radius of the Jacobian there, g
     * rho(W), computed here independently by an eigenvalue decomposition (within 0.005 after 600 steps
     * of averaging; measured within 2e-4); above it the network is chaotic: a positive exponent, twice the
     * threshold of {@link Orbit#ZERO_EXPONENT} at least (measured 0.046 to 0.060 per step).
     */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void randomNetworkSettlesBelowGainOneAndIsChaoticAbove(long seed) throws Exception {
        int n = 200;
        double[] calm = Networks.randomGain(n, 0.5, seed);
        StepMap map = StepMap.of(Networks.recurrent(n, Activation.TANH, calm));
        Dynamics.Report report = Dynamics.analyse(map, new Dynamics.Settings(Drive.zero(0), Starts.random(map, 2, seed), 1200, seed));
        double expected = Math.log(spectralRadius(new DMatrixRMaj(n, n, true, calm)));
        System.out.printf("random tanh network, N = %d, seed %d: g = 0.5 exponent %.4f (log rho(J(0)) = %.4f)", n, seed, report.lyapunov(), expected);
        assertEquals(Behaviour.SETTLES, report.behaviour(), report.verdict());
        assertEquals(expected, report.lyapunov(), 0.005);
        assertTrue(report.lyapunov() < 0);
        List<org.rnnstudio.engine.dynamics.FixedPoint> points = report.fixedPoints();
        assertEquals(1, points.size(), "only the origin");
        assertEquals(org.rnnstudio.engine.dynamics.FixedPoint.Stability.STABLE, points.get(0).stability());

        map = StepMap.of(Networks.recurrent(n, Activation.TANH, Networks.randomGain(n, 1.5, seed)));
        report = Dynamics.analyse(map, new Dynamics.Settings(Drive.zero(0), Starts.random(map, 2, seed), 1200, seed));
        System.out.printf(", g = 1.5 exponent %.4f%n", report.lyapunov());
        assertEquals(Behaviour.CHAOTIC, report.behaviour(), report.verdict());
        assertTrue(report.lyapunov() > 2 * Orbit.ZERO_EXPONENT, "exponent " + report.lyapunov());
    }
}
