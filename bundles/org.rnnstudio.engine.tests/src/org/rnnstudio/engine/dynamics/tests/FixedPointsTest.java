package org.rnnstudio.engine.dynamics.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.rnnstudio.engine.dynamics.Drive;
import org.rnnstudio.engine.dynamics.Dynamics;
import org.rnnstudio.engine.dynamics.FixedPoint;
import org.rnnstudio.engine.dynamics.FixedPoints;
import org.rnnstudio.engine.dynamics.Orbit;
import org.rnnstudio.engine.dynamics.Behaviour;
import org.rnnstudio.engine.dynamics.StepMap;
import org.rnnstudio.engine.dynamics.Starts;
import org.rnnstudio.model.Activation;

/** Fixed points of networks built to have them, found by Newton's method and classified by their eigenvalues. */
class FixedPointsTest {

    /** The positive root of h = tanh(2 h), by bisection: independent of Newton's method and of the engine. */
    private static double selfExcitedRoot() {
        double low = 0.5;
        double high = 1;
        for (int i = 0; i < 200; i++) {
            double mid = (low + high) / 2;
            if (Math.tanh(2 * mid) > mid) {
                low = mid;
            } else {
                high = mid;
            }
        }
        return low;
    }

    /**
     * Two uncoupled tanh units that excite themselves with weight 2: each has the fixed points 0 (slope 2,
     * repels) and +-a with a = tanh(2a) (slope 2(1 - a^2) < 1, attracts). Together 9 points: 4 stable
     * corners, 4 saddles on the axes, the unstable origin.
     */
    @Test
    void selfExcitedPairHasNinePointsOfThreeKinds() throws Exception {
        StepMap map = StepMap.of(Networks.recurrent(2, Activation.TANH, new double[] {2, 0, 0, 2}));
        List<FixedPoint> points = FixedPoints.find(map, new double[0], Starts.grid(map, 0, 1, 9));
        assertEquals(9, points.size());
        Map<FixedPoint.Stability, Integer> kinds = new EnumMap<>(FixedPoint.Stability.class);
        double a = selfExcitedRoot();
        for (FixedPoint p : points) {
            kinds.merge(p.stability(), 1, Integer::sum);
            for (double v : p.state()) {
                assertTrue(Math.abs(v) < 1e-9 || Math.abs(Math.abs(v) - a) < 1e-9, "a coordinate is 0 or +-" + a + ": " + v);
            }
            for (int i = 0; i < 2; i++) {
                double expected = 2 * (1 - p.state()[i] * p.state()[i]);
                final int unit = i;
                assertTrue(java.util.Arrays.stream(p.eigenvalues()).anyMatch(e -> Math.abs(e.real - expected) < 1e-9 && e.imaginary == 0),
                        "eigenvalue " + expected + " of unit " + unit);
            }
            assertEquals(0, p.rotation());
        }
        assertEquals(4, kinds.get(FixedPoint.Stability.STABLE));
        assertEquals(4, kinds.get(FixedPoint.Stability.SADDLE));
        assertEquals(1, kinds.get(FixedPoint.Stability.UNSTABLE));
    }

    /**
     * tanh of a rotation by 18 degrees stretched by 1.5: the origin is an unstable spiral (eigenvalues
     * 1.5 e^(+-i 18 degrees)), and the runs go round a closed curve instead.
     */
    @Test
    void stretchedRotationIsAnUnstableSpiralInsideAnOscillation() throws Exception {
        double angle = Math.toRadians(18);
        StepMap map = StepMap.of(Networks.recurrent(2, Activation.TANH, Networks.rotation(angle, 1.5)));
        Dynamics.Report report = Dynamics.analyse(map, new Dynamics.Settings(Drive.zero(0), Starts.random(map, 8, 1), 3000, 1));
        assertEquals(1, report.fixedPoints().size());
        FixedPoint origin = report.fixedPoints().get(0);
        assertEquals(0, Math.abs(origin.state()[0]) + Math.abs(origin.state()[1]), 1e-12);
        assertEquals(FixedPoint.Stability.UNSTABLE, origin.stability());
        assertEquals(1.5, origin.spectralRadius(), 1e-12);
        assertEquals(angle, origin.rotation(), 1e-12);
        assertTrue(report.behaviour() == Behaviour.QUASI_PERIODIC || report.behaviour() == Behaviour.PERIODIC, report.verdict());
        assertEquals(0, report.lyapunov(), Orbit.ZERO_EXPONENT, "on a closed curve the exponent is zero");
    }

    /** The same rotation stretched by 1 exactly: neutral, every eigenvalue on the unit circle. */
    @Test
    void pureRotationIsNeutral() throws Exception {
        StepMap map = StepMap.of(Networks.recurrent(2, Activation.LINEAR, Networks.rotation(1.0, 1.0)));
        List<FixedPoint> points = FixedPoints.find(map, new double[0], List.of(new double[] {0.3, -0.2}));
        assertEquals(1, points.size());
        assertEquals(FixedPoint.Stability.NEUTRAL, points.get(0).stability());
        assertEquals(1.0, points.get(0).rotation(), 1e-12);
    }
}
