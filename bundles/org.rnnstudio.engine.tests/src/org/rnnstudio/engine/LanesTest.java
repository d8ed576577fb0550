package org.rnnstudio.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.rnnstudio.model.Activation;

/**
 * The lanes' kernels on the Vector API against the plain loops, operation by operation, at every run length
 * from 0 to 40 lanes (no whole vector, vectors one and four at a time, tails), offsets included; and that the
 * vector kernels are the ones in use when the JVM has the module.
 */
class LanesTest {

    private static final double TOLERANCE = 1e-14;
    private final Lanes plain = new Lanes();
    private final Lanes vector = Lanes.IN_USE;
    private final Random random = new Random(17);

    @Test
    void theVectorKernelsAreInUse() {
        assertTrue(Gemm.VECTOR_WIDTH >= 2, "the module is there but the products run on EJML");
        assertTrue(vector instanceof VectorLanes, "the lanes run on the plain loops with the module there");
    }

    @Test
    void addWeighted() {
        for (int n = 0; n <= 40; n++) {
            double[] w = values(12);
            double[] x = values(3 * (n + 2) + 5);
            double[] expected = values(n + 3);
            double[] actual = expected.clone();
            plain.addWeighted(w, 1, 4, x, 5, n + 2, 3, expected, 3, n);
            vector.addWeighted(w, 1, 4, x, 5, n + 2, 3, actual, 3, n);
            assertClose(expected, actual, "addWeighted over " + n + " lanes");
        }
    }

    @Test
    void dot() {
        for (int n = 0; n <= 40; n++) {
            double[] x = values(4 * (n + 1) + 2);
            double[] d = values(4 * (n + 3) + 1);
            double[] xSize = java.util.Arrays.stream(x).map(Math::abs).toArray();
            double[] dSize = java.util.Arrays.stream(d).map(Math::abs).toArray();
            for (int xStride : new int[] {0, n + 1}) {
                double expected = plain.dot(x, 2, xStride, d, 1, n + 3, 4, n);
                // summed in another order: the difference is bounded by the size of the terms, not of their sum
                double terms = plain.dot(xSize, 2, xStride, dSize, 1, n + 3, 4, n);
                assertEquals(expected, vector.dot(x, 2, xStride, d, 1, n + 3, 4, n), TOLERANCE * Math.max(1, terms), "dot over " + n + " lanes");
            }
        }
    }

    @Test
    void activationsAndTheirDerivatives() {
        for (Activation f : new Activation[] {Activation.LOGISTIC, Activation.TANH, Activation.LINEAR}) {
            for (int n = 0; n <= 40; n++) {
                double[] net = values(n + 2);
                double[] expected = new double[n + 2];
                double[] actual = new double[n + 2];
                plain.activate(f, net, expected, 2, n);
                vector.activate(f, net, actual, 2, n);
                assertClose(expected, actual, f + " over " + n + " lanes");
                double[] dy = values(n + 2);
                double[] expectedD = new double[n + 1];
                double[] actualD = new double[n + 1];
                plain.derivative(f, expected, dy, 2, expectedD, 1, n);
                vector.derivative(f, expected, dy, 2, actualD, 1, n);
                assertClose(expectedD, actualD, f + "' over " + n + " lanes");
            }
        }
    }

    /** The losses and their derivatives count only the scored lanes, even where an output is not a number. */
    @Test
    void lossesOnTheScoredLanes() {
        for (int n = 0; n <= 40; n++) {
            double[] y = values(n + 1);
            double[] target = values(n + 1);
            double[] scored = new double[n + 1];
            for (int i = 0; i <= n; i++) {
                scored[i] = random.nextBoolean() ? 1 : 0;
                if (scored[i] == 0 && random.nextBoolean()) {
                    y[i] = Double.NaN;
                }
            }
            double e = plain.crossEntropy(y, target, scored, 1, n);
            assertEquals(e, vector.crossEntropy(y, target, scored, 1, n), TOLERANCE * Math.max(1, e), "cross-entropy over " + n + " lanes");
            double s = plain.squaredError(y, target, scored, 1, n);
            assertEquals(s, vector.squaredError(y, target, scored, 1, n), TOLERANCE * Math.max(1, s), "squared error over " + n + " lanes");
            double[] expected = values(n);
            double[] actual = expected.clone();
            plain.addDifference(y, target, scored, 1, 0.25, expected, 0, n);
            vector.addDifference(y, target, scored, 1, 0.25, actual, 0, n);
            assertClose(expected, actual, "y - t over " + n + " lanes");
            double[] expectedWrong = new double[n];
            double[] actualWrong = new double[n];
            plain.markWrong(y, target, scored, 1, expectedWrong, 0, n);
            vector.markWrong(y, target, scored, 1, actualWrong, 0, n);
            assertArrayEquals(expectedWrong, actualWrong, "wrong answers over " + n + " lanes");
        }
    }

    private double[] values(int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = random.nextGaussian() * 2;
        }
        return v;
    }

    private static void assertClose(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], TOLERANCE * Math.max(1, Math.abs(expected[i])), what + ", entry " + i);
        }
    }
}
