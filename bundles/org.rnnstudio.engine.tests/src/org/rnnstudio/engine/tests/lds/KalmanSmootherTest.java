package org.rnnstudio.engine.tests.lds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

import com.google.gson.JsonObject;

import org.rnnstudio.engine.InferenceException;
import org.rnnstudio.engine.InvalidModelException;
import org.rnnstudio.engine.ObservedSequence;
import org.rnnstudio.engine.Plan;
import org.rnnstudio.engine.lds.KalmanSmoother;
import org.rnnstudio.engine.lds.LinearDynamicalSystem;
import org.rnnstudio.engine.tests.Conformance;
import org.rnnstudio.model.LdsDescription;
import org.rnnstudio.model.Model;

/**
 * The Kalman filter and RTS smoother against statsmodels' KalmanSmoother (resources/stochastic/lds.json),
 * and what they do on long, incomplete and degenerate input.
 */
class KalmanSmootherTest {

    private static final double TOLERANCE = 1e-9;

    static LinearDynamicalSystem conformanceSystem(JsonObject json) {
        LinearDynamicalSystem s = new LinearDynamicalSystem(2, 1, 0);
        for (String name : List.of("A", "C", "Q", "R", "V0")) {
            s.set(name, Conformance.matrix(json.get(name)));
        }
        s.set("mu0", new double[][] {Conformance.vector(json.get("mu0"))});
        return s;
    }

    static ObservedSequence conformanceSequence(JsonObject json) {
        double[][] y = Conformance.matrix(json.get("y"));
        return new ObservedSequence("lds", y, new double[y.length][0]);
    }

    @Test
    void filterAndSmootherAgreeWithStatsmodels() {
        JsonObject json = Conformance.stochastic("lds");
        KalmanSmoother.Result r = KalmanSmoother.smooth(conformanceSystem(json), conformanceSequence(json));
        double worst = Math.abs(r.logLikelihood() - json.get("loglik").getAsDouble());
        worst = Math.max(worst, Conformance.maxDifference(r.filteredMeans(), Conformance.matrix(json.get("filtered_mean"))));
        worst = Math.max(worst, Conformance.maxDifference(r.smoothedMeans(), Conformance.matrix(json.get("smoothed_mean"))));
        for (int t = 0; t < r.filteredMeans().length; t++) {
            worst = Math.max(worst, maxDifference(r.filteredCovariances()[t], Conformance.matrix(json.get("filtered_cov").getAsJsonArray().get(t))));
            worst = Math.max(worst, maxDifference(r.smoothedCovariances()[t], Conformance.matrix(json.get("smoothed_cov").getAsJsonArray().get(t))));
        }
        assertTrue(worst < TOLERANCE, "largest difference from statsmodels " + worst);
    }

    @Test
    void aMissingObservationIsPredictedThroughWithoutAnUpdate() {
        JsonObject json = Conformance.stochastic("lds");
        LinearDynamicalSystem s = conformanceSystem(json);
        ObservedSequence full = conformanceSequence(json);
        double[][] y = Arrays.stream(full.y()).map(double[]::clone).toArray(double[][]::new);
        y[4][0] = Double.NaN;
        y[11][0] = Double.NaN;
        KalmanSmoother.Result r = KalmanSmoother.smooth(s, new ObservedSequence("gaps", y, full.u()));
        assertEquals(r.predictedMeans()[4][0], r.filteredMeans()[4][0], 0);
        assertEquals(r.predictedCovariances()[4].get(1, 1), r.filteredCovariances()[4].get(1, 1), 0);
        // the statsmodels filter on the first 11 steps is the reference up to step 11; the last, missing, adds nothing
        KalmanSmoother.Result first11 = KalmanSmoother.filter(s, new ObservedSequence("first", Arrays.copyOf(full.y(), 11), new double[11][0]));
        y[4][0] = full.y()[4][0];
        KalmanSmoother.Result lastMissing = KalmanSmoother.filter(s, new ObservedSequence("last", y, full.u()));
        assertEquals(first11.logLikelihood(), lastMissing.logLikelihood(), 1e-12);
        assertTrue(Double.isFinite(r.logLikelihood()) && r.logLikelihood() > lastMissing.logLikelihood() - 100);
        for (double[] m : r.smoothedMeans()) {
            assertTrue(Double.isFinite(m[0]) && Double.isFinite(m[1]));
        }
    }

    @Test
    void tenThousandStepsStayFiniteSymmetricAndPositive() {
        JsonObject json = Conformance.stochastic("lds");
        LinearDynamicalSystem s = conformanceSystem(json);
        int steps = 10_000;
        LinearDynamicalSystem.Sample sample = s.sample(steps, new double[steps][0], new Random(3));
        KalmanSmoother.Result r = KalmanSmoother.smooth(s, sample.sequence("long", new double[steps][0]));
        assertTrue(Double.isFinite(r.logLikelihood()));
        // the per-step log-likelihood of data drawn from the model is its (negative) entropy rate: about -0.4 here
        assertTrue(r.logLikelihood() / steps > -2 && r.logLikelihood() / steps < 1, "per step " + r.logLikelihood() / steps);
        for (int t = 0; t < steps; t++) {
            for (DMatrixRMaj v : List.of(r.filteredCovariances()[t], r.smoothedCovariances()[t])) {
                assertEquals(v.get(0, 1), v.get(1, 0), 0);
                assertTrue(v.get(0, 0) > 0 && v.get(1, 1) > 0 && CommonOps_DDRM.det(v) > 0, "step " + t);
            }
        }
    }

    @Test
    void aSingularPredictedObservationCovarianceIsAClearError() {
        // two identical observations of the first state dimension, without noise: S = C P C' + R has rank 1
        LinearDynamicalSystem s = new LinearDynamicalSystem(2, 2, 0);
        s.set("A", new double[][] {{0.9, 0}, {0, 0.5}});
        s.set("C", new double[][] {{1, 0}, {1, 0}});
        s.set("R", new double[][] {{0, 0}, {0, 0}});
        ObservedSequence y = new ObservedSequence("twins", new double[][] {{1, 1}, {0.5, 0.5}}, new double[2][0]);
        InferenceException e = assertThrows(InferenceException.class, () -> KalmanSmoother.filter(s, y));
        assertTrue(e.getMessage().contains("'twins' step 1") && e.getMessage().contains("singular"), e.getMessage());
    }

    @Test
    void aStateWithoutAnyUncertaintyIsSmoothedToItself() {
        // Q = V0 = 0: the state is known exactly and every predicted covariance is singular (all zero)
        LinearDynamicalSystem s = new LinearDynamicalSystem(2, 1, 0);
        s.set("A", new double[][] {{0, 1}, {-1, 0}});
        s.set("C", new double[][] {{1, 1}});
        s.set("Q", new double[][] {{0, 0}, {0, 0}});
        s.set("V0", new double[][] {{0, 0}, {0, 0}});
        s.set("mu0", new double[][] {{1, 2}});
        KalmanSmoother.Result r = KalmanSmoother.smooth(s, new ObservedSequence("known", new double[][] {{0.3}, {-4}, {2}, {7}}, new double[4][0]));
        double[][] expected = {{1, 2}, {2, -1}, {-1, -2}, {-2, 1}};
        assertTrue(Conformance.maxDifference(r.smoothedMeans(), expected) < 1e-12, Arrays.deepToString(r.smoothedMeans()));
        assertEquals(0, CommonOps_DDRM.elementMaxAbs(r.smoothedCovariances()[0]), 1e-15);
    }

    @Test
    void aLinearDynamicalSystemIsNotCompiledAsANetwork() {
        Model model = new Model();
        model.setKind(Model.Kind.LDS);
        model.setLds(new LdsDescription());
        InvalidModelException e = assertThrows(InvalidModelException.class, () -> Plan.compile(model));
        assertTrue(e.getMessage().contains("a model of kind lds is not a network"), e.getMessage());
    }

    @Test
    void sampledFirstStatesHaveTheInitialMeanAndCovariance() {
        LinearDynamicalSystem s = new LinearDynamicalSystem(2, 1, 0);
        s.set("mu0", new double[][] {{1, -2}});
        s.set("V0", new double[][] {{2, 0.6}, {0.6, 0.5}});
        Random random = new Random(5);
        int draws = 20_000;
        double[] mean = new double[2];
        double[][] second = new double[2][2];
        for (int i = 0; i < draws; i++) {
            double[] x = s.sample(1, new double[1][0], random).states()[0];
            for (int a = 0; a < 2; a++) {
                mean[a] += x[a] / draws;
                for (int b = 0; b < 2; b++) {
                    second[a][b] += x[a] * x[b] / draws;
                }
            }
        }
        assertEquals(1, mean[0], 0.05);
        assertEquals(-2, mean[1], 0.05);
        assertEquals(2, second[0][0] - mean[0] * mean[0], 0.1);
        assertEquals(0.6, second[0][1] - mean[0] * mean[1], 0.05);
        assertEquals(0.5, second[1][1] - mean[1] * mean[1], 0.05);
    }

    static double maxDifference(DMatrixRMaj a, double[][] b) {
        double worst = 0;
        for (int i = 0; i < b.length; i++) {
            for (int j = 0; j < b[i].length; j++) {
                worst = Math.max(worst, Math.abs(a.get(i, j) - b[i][j]));
            }
        }
        return worst;
    }
}
