package org.rnnstudio.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.Random;
import java.util.function.Consumer;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The engine's matrix products against EJML's plain ones. In this package because Gemm is the engine's own;
 * the shapes cover the kernels' edges: rows not a multiple of the 4-row block, columns not a multiple of
 * the vector, inner dimensions longer than a cache block, and products large enough to be split between
 * two threads.
 */
class GemmTest {

    private static final double RELATIVE = 1e-12;

    /** The test runs start the JVM with the module as the launcher does: falling back to EJML there is a bug. */
    @Test
    void theVectorKernelsAreInUse() {
        assertTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(),
                "the test JVM was started without --add-modules jdk.incubator.vector");
        assertTrue(Gemm.VECTOR_WIDTH >= 2, "the module is there but the products run on EJML");
    }

    /**
     * The test runs start the JVM with VectorMath's loops kept from inlining, as the launcher and the product do:
     * inlined into the LSTM step, some of their Vector API calls ran the API's slow fallback in one JVM of five
     * (docs/benchmarks.md, "A JIT trap").
     */
    @Test
    void vectorMathIsCompiledOnItsOwn() {
        assertTrue(ManagementFactory.getRuntimeMXBean().getInputArguments()
                .contains("-XX:CompileCommand=dontinline,org.rnnstudio.engine.VectorMath::*"),
                "the test JVM was started without -XX:CompileCommand=dontinline,org.rnnstudio.engine.VectorMath::*");
    }

    private static DMatrixRMaj random(int rows, int cols, Random random) {
        DMatrixRMaj m = new DMatrixRMaj(rows, cols);
        for (int i = 0; i < m.data.length; i++) {
            m.data[i] = random.nextGaussian();
        }
        return m;
    }

    private static void assertSameAsEjml(DMatrixRMaj c, Consumer<DMatrixRMaj> ejml, Consumer<DMatrixRMaj> ours) {
        DMatrixRMaj expected = c.copy();
        ejml.accept(expected);
        DMatrixRMaj actual = c.copy();
        ours.accept(actual);
        double largest = CommonOps_DDRM.elementMaxAbs(expected);
        for (int i = 0; i < expected.data.length; i++) {
            double error = Math.abs(expected.data[i] - actual.data[i]);
            assertTrue(error <= RELATIVE * largest, "entry " + i + ": " + actual.data[i] + " against EJML's " + expected.data[i]);
        }
    }

    /** c (m×n) += op(a) op(b) over an inner dimension k, from a c that is not zero. */
    @ParameterizedTest
    @CsvSource({ "1, 1, 1", "3, 5, 7", "4, 8, 16", "5, 9, 17", "7, 3, 33", "32, 128, 512", "33, 130, 515", "9, 600, 40",
            "64, 256, 1024", "130, 70, 1030" })
    void productsEqualEjmls(int m, int k, int n) {
        Random random = new Random(m * 31L + k * 7L + n);
        DMatrixRMaj c = random(m, n, random);

        DMatrixRMaj a = random(m, k, random);
        DMatrixRMaj b = random(k, n, random);
        assertSameAsEjml(c, x -> CommonOps_DDRM.multAdd(a, b, x), x -> Gemm.multAdd(a, b, x));
        DMatrixRMaj at = random(k, m, random);
        assertSameAsEjml(c, x -> CommonOps_DDRM.multAddTransA(at, b, x), x -> Gemm.multAddTransA(at, b, x));
        DMatrixRMaj bt = random(n, k, random);
        assertSameAsEjml(c, x -> CommonOps_DDRM.multAddTransB(a, bt, x), x -> Gemm.multAddTransB(a, bt, x));
    }
}
