package org.rnnstudio.engine.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.rnnstudio.engine.ActivationFunctions;
import org.rnnstudio.model.Activation;

class ActivationFunctionsTest {

    /** Central differences of E = sum(w * f(x)) against the analytic backward pass. */
    @ParameterizedTest
    @EnumSource(Activation.class)
    void backwardMatchesNumericalGradient(Activation f) {
        Random random = new Random(7);
        int rows = 3;
        int cols = 5;
        DMatrixRMaj x = new DMatrixRMaj(rows, cols);
        DMatrixRMaj w = new DMatrixRMaj(rows, cols);
        for (int i = 0; i < x.getNumElements(); i++) {
            // relu's kink at 0 has no derivative: keep inputs away from it
            double v = random.nextGaussian() * 2;
            x.data[i] = Math.abs(v) < 0.05 ? v + 0.1 : v;
            w.data[i] = random.nextGaussian();
        }
        DMatrixRMaj y = new DMatrixRMaj(rows, cols);
        DMatrixRMaj dx = new DMatrixRMaj(rows, cols);
        ActivationFunctions.forward(f, x, y);
        ActivationFunctions.backward(f, y, w, dx);

        double h = 1e-6;
        for (int i = 0; i < x.getNumElements(); i++) {
            double keep = x.data[i];
            x.data[i] = keep + h;
            double plus = weightedSum(f, x, w);
            x.data[i] = keep - h;
            double minus = weightedSum(f, x, w);
            x.data[i] = keep;
            assertEquals((plus - minus) / (2 * h), dx.data[i], 1e-7, f + " element " + i);
        }
    }

    @Test
    void knownValues() {
        DMatrixRMaj x = new DMatrixRMaj(1, 3, true, 0.0, Math.log(3), -1000);
        DMatrixRMaj y = new DMatrixRMaj(1, 3);
        ActivationFunctions.forward(Activation.LOGISTIC, x, y);
        assertEquals(0.5, y.data[0], 1e-15);
        assertEquals(0.75, y.data[1], 1e-15);
        // 1000 + log 3 carries ~1e-13 of rounding; the max-shift keeps exp() finite
        ActivationFunctions.forward(Activation.SOFTMAX, new DMatrixRMaj(1, 3, true, 1000, 1000 + Math.log(3), 0), y);
        assertEquals(0.25, y.data[0], 1e-12);
        assertEquals(0.75, y.data[1], 1e-12);
        assertEquals(0.0, y.data[2], 1e-15);
    }

    private static double weightedSum(Activation f, DMatrixRMaj x, DMatrixRMaj w) {
        DMatrixRMaj y = new DMatrixRMaj(x.numRows, x.numCols);
        ActivationFunctions.forward(f, x, y);
        double sum = 0;
        for (int i = 0; i < y.getNumElements(); i++) {
            sum += w.data[i] * y.data[i];
        }
        return sum;
    }
}
