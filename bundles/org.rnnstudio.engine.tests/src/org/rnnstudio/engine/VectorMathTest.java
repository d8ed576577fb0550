package org.rnnstudio.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.function.DoubleUnaryOperator;

import org.junit.jupiter.api.Test;

/**
 * The squashing functions' own arithmetic: within 2 ulp of {@code Math}'s e^x, 3 of its tanh and log1p, and
 * 3 of 1 / (1 + Math.exp(-x)) for the logistic (itself rounded twice), and each vector
 * function equal bit for bit to its scalar twin (which is what makes a run repeat: code the JIT has not
 * compiled performs a vector's operations lane by lane, each the same correctly rounded IEEE operation).
 */
class VectorMathTest {

    /** The largest distance from the reference in units of the reference's last place, over the points. */
    private static double worstUlps(DoubleUnaryOperator ours, DoubleUnaryOperator reference, double[] points) {
        double worst = 0;
        for (double x : points) {
            double expected = reference.applyAsDouble(x);
            double ulps = Math.abs(ours.applyAsDouble(x) - expected) / Math.ulp(expected);
            worst = Math.max(worst, expected == 0 ? Math.abs(ours.applyAsDouble(x)) : ulps);
        }
        return worst;
    }

    /** n points from -range to range, denser near 0 (x = range s^3 for s evenly spaced in [-1, 1]), and random ones. */
    private static double[] points(double range, int n, long seed) {
        double[] x = new double[2 * n];
        for (int i = 0; i < n; i++) {
            double s = -1 + 2.0 * i / (n - 1);
            x[i] = range * s * s * s;
        }
        Random random = new Random(seed);
        for (int i = n; i < 2 * n; i++) {
            x[i] = range * (2 * random.nextDouble() - 1);
        }
        return x;
    }

    @Test
    void expIsWithinTwoUlpsOfMath() {
        double worst = worstUlps(VectorMath::exp, Math::exp, points(700, 200_000, 1));
        assertTrue(worst <= 2, "e^x: " + worst + " ulp");
        assertEquals(1.0, VectorMath.exp(0.0), 0.0);
    }

    @Test
    void tanhIsWithinThreeUlpsOfMathOnBothSidesOfTheSeriesAndWhereItIsOne() {
        double worst = worstUlps(VectorMath::tanh, Math::tanh, points(25, 200_000, 2));
        assertTrue(worst <= 3, "tanh: " + worst + " ulp");
        double near = worstUlps(VectorMath::tanh, Math::tanh, points(0.45, 100_000, 3));
        assertTrue(near <= 3, "tanh near the series' edge: " + near + " ulp");
        assertEquals(1.0, VectorMath.tanh(30.0), 0.0);
        assertEquals(-1.0, VectorMath.tanh(-1e300), 0.0);
        assertEquals(1e-200, VectorMath.tanh(1e-200), 0.0);
        assertTrue(Double.isNaN(VectorMath.tanh(Double.NaN)));
    }

    @Test
    void theLogisticAndLog1pAreWithinAFewUlpsOfMath() {
        double logistic = worstUlps(VectorMath::logistic, x -> 1 / (1 + Math.exp(-x)), points(700, 200_000, 4));
        assertTrue(logistic <= 3, "logistic: " + logistic + " ulp");
        double[] unit = new double[100_001];
        for (int i = 0; i < unit.length; i++) {
            unit[i] = i / 100_000.0;
        }
        double log1p = worstUlps(VectorMath::log1p, Math::log1p, unit);
        assertTrue(log1p <= 3, "log1p: " + log1p + " ulp");
    }

    /** Every length from 0 to 40 (tails alone, whole vectors and tails) and a long one, offsets included. */
    @Test
    void everyVectorFunctionEqualsItsScalarTwinBitForBit() {
        Random random = new Random(5);
        double[] x = new double[4096 + 3];
        for (int i = 0; i < x.length; i++) {
            x[i] = (2 * random.nextDouble() - 1) * (i % 3 == 0 ? 800 : i % 3 == 1 ? 30 : 0.5);
        }
        x[3] = Double.NaN;
        x[4] = Double.POSITIVE_INFINITY;
        x[5] = Double.NEGATIVE_INFINITY;
        x[6] = 0.4;
        x[7] = -0.4;
        for (int n = 0; n <= 4096; n = n < 40 ? n + 1 : n + 4096) {
            double[] out = new double[n + 2];
            VectorMath.exp(x, 3, 1.0, out, 2, n);
            for (int i = 0; i < n; i++) {
                assertEquals(Double.doubleToLongBits(VectorMath.exp(x[3 + i])), Double.doubleToLongBits(out[2 + i]), "exp " + x[3 + i] + " at n " + n);
            }
            VectorMath.tanh(x, 3, out, 2, n);
            for (int i = 0; i < n; i++) {
                assertEquals(Double.doubleToLongBits(VectorMath.tanh(x[3 + i])), Double.doubleToLongBits(out[2 + i]), "tanh " + x[3 + i] + " at n " + n);
            }
            VectorMath.logistic(x, 3, out, 2, n);
            for (int i = 0; i < n; i++) {
                assertEquals(Double.doubleToLongBits(VectorMath.logistic(x[3 + i])), Double.doubleToLongBits(out[2 + i]), "logistic " + x[3 + i] + " at n " + n);
            }
            VectorMath.softplus(x, 3, out, 2, n);
            for (int i = 0; i < n; i++) {
                assertEquals(Double.doubleToLongBits(VectorMath.softplus(x[3 + i])), Double.doubleToLongBits(out[2 + i]), "softplus " + x[3 + i] + " at n " + n);
            }
        }
    }
}
