package org.rnnstudio.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.function.Consumer;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rnnstudio.model.Precision;

/**
 * The products in single precision against the exact product of the operands rounded to float (computed in
 * double, where its rounding is a billionth of float's): each entry must be within the bound of a float sum of
 * k terms, k 2^-24 Σ|a_p b_p| (Higham's γ_k, to first order), and the products must really run in float: some
 * entry differs from the double product by more than double rounding could. The shapes cover the kernels'
 * edges as {@link GemmTest}'s do, and products large enough to be split between two threads.
 */
class FloatGemmTest {

    private static final double UNIT = Math.scalb(1.0, -24);

    private static DMatrixRMaj random(int rows, int cols, Random random) {
        DMatrixRMaj m = new DMatrixRMaj(rows, cols);
        for (int i = 0; i < m.data.length; i++) {
            m.data[i] = random.nextGaussian();
        }
        return m;
    }

    private static DMatrixRMaj rounded(DMatrixRMaj m) {
        DMatrixRMaj r = m.copy();
        for (int i = 0; i < r.data.length; i++) {
            r.data[i] = (float) r.data[i];
        }
        return r;
    }

    private static DMatrixRMaj abs(DMatrixRMaj m) {
        DMatrixRMaj r = m.copy();
        CommonOps_DDRM.abs(r);
        return r;
    }

    /**
     * exact(x) adds the product of the operands it is given into x; the checked product runs in single
     * precision through {@link Gemm} from the same c, which is not zero.
     */
    private static void assertFloatProduct(DMatrixRMaj c, int k, Op exact, Op checked, DMatrixRMaj a, DMatrixRMaj b) {
        DMatrixRMaj expected = c.copy();
        exact.apply(rounded(a), rounded(b), expected);
        DMatrixRMaj magnitude = new DMatrixRMaj(c.numRows, c.numCols);
        exact.apply(abs(a), abs(b), magnitude);
        DMatrixRMaj actual = c.copy();
        Gemm.inPrecision(Precision.FLOAT32, () -> {
            checked.apply(a, b, actual);
            return null;
        });
        DMatrixRMaj inDouble = c.copy();
        checked.apply(a, b, inDouble);
        double furthestFromDouble = 0;
        for (int i = 0; i < expected.data.length; i++) {
            double error = Math.abs(expected.data[i] - actual.data[i]);
            double bound = 1.01 * k * UNIT * magnitude.data[i] + 1e-12 * Math.abs(expected.data[i]);
            assertTrue(error <= bound, "entry " + i + ": " + actual.data[i] + " against " + expected.data[i] + ", more than " + bound + " off");
            furthestFromDouble = Math.max(furthestFromDouble, Math.abs(actual.data[i] - inDouble.data[i]) / magnitude.data[i]);
        }
        assertTrue(furthestFromDouble > 1e-12, "the product in single precision is the double one: it ran in double");
    }

    private interface Op {
        void apply(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj into);
    }

    /** c (m×n) += op(a) op(b) over an inner dimension k; products narrower than a float vector run in double and are not listed. */
    @ParameterizedTest
    @CsvSource({ "1, 3, 16", "3, 5, 17", "4, 16, 32", "5, 9, 33", "7, 3, 48", "16, 160, 512", "32, 128, 512", "33, 130, 515",
            "9, 600, 40", "64, 256, 1024", "130, 70, 1030" })
    void productsAreFloatSums(int m, int k, int n) {
        Random random = new Random(m * 31L + k * 7L + n);
        DMatrixRMaj c = random(m, n, random);
        assertFloatProduct(c, k, CommonOps_DDRM::multAdd, Gemm::multAdd, random(m, k, random), random(k, n, random));
        assertFloatProduct(c, k, CommonOps_DDRM::multAddTransA, Gemm::multAddTransA, random(k, m, random), random(k, n, random));
    }

    /** c (m×n) += a bᵀ: the inner dimension k is the one along the vectors, so it must be at least a float vector. */
    @ParameterizedTest
    @CsvSource({ "1, 16, 3", "3, 17, 5", "4, 32, 16", "5, 33, 9", "16, 512, 128", "33, 515, 130", "600, 40, 9", "1030, 70, 130" })
    void rowProductsAreFloatSums(int m, int k, int n) {
        Random random = new Random(m * 31L + k * 7L + n);
        DMatrixRMaj c = random(m, n, random);
        assertFloatProduct(c, k, CommonOps_DDRM::multAddTransB, Gemm::multAddTransB, random(m, k, random), random(n, k, random));
    }
}
