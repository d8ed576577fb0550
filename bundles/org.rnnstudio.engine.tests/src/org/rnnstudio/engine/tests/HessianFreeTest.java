package org.rnnstudio.engine.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;
import org.rnnstudio.engine.ConjugateGradient;
import org.rnnstudio.engine.DataSpec;
import org.rnnstudio.engine.HessianFree;
import org.rnnstudio.engine.Network;
import org.rnnstudio.engine.Plan;
import org.rnnstudio.engine.Sequence;
import org.rnnstudio.engine.Trainer;
import org.rnnstudio.model.Activation;
import org.rnnstudio.model.Connection;
import org.rnnstudio.model.Model;
import org.rnnstudio.model.ModelFile;
import org.rnnstudio.model.MomentumSchedule;
import org.rnnstudio.model.Optimizer;
import org.rnnstudio.model.UnitGroup;

/** Conjugate gradient, the damping's adaptation, and Hessian-free training on two small problems. */
class HessianFreeTest {

    /** A random symmetric positive definite n x n matrix, B Bᵀ + 0.1 I, with its right-hand side. */
    private static DMatrixRMaj spd(int n, Random random) {
        DMatrixRMaj b = new DMatrixRMaj(n, n);
        for (int i = 0; i < b.data.length; i++) {
            b.data[i] = random.nextGaussian();
        }
        DMatrixRMaj a = new DMatrixRMaj(n, n);
        CommonOps_DDRM.multTransB(b, b, a);
        for (int i = 0; i < n; i++) {
            a.add(i, i, 0.1);
        }
        return a;
    }

    private static ConjugateGradient.Operator times(DMatrixRMaj a) {
        return (x, into) -> {
            DMatrixRMaj product = new DMatrixRMaj(x.length, 1);
            CommonOps_DDRM.mult(a, DMatrixRMaj.wrap(x.length, 1, x), product);
            System.arraycopy(product.data, 0, into, 0, x.length);
        };
    }

    @Test
    void conjugateGradientSolvesSymmetricPositiveDefiniteSystemsAsEjmlDoes() {
        Random random = new Random(1);
        for (int n : new int[] {1, 5, 30}) {
            DMatrixRMaj a = spd(n, random);
            double[] b = new double[n];
            double[] start = new double[n];
            double[] diagonal = new double[n];
            for (int i = 0; i < n; i++) {
                b[i] = random.nextGaussian();
                start[i] = random.nextGaussian();
                diagonal[i] = a.get(i, i);
            }
            DMatrixRMaj expected = new DMatrixRMaj(n, 1);
            assertTrue(CommonOps_DDRM.solve(a, DMatrixRMaj.wrap(n, 1, b.clone()), expected));
            for (double[] preconditioner : new double[][] {null, diagonal}) {
                ConjugateGradient.Result r = ConjugateGradient.solve(times(a), b, preconditioner, start, 10 * n, 0);
                for (int i = 0; i < n; i++) {
                    assertEquals(expected.data[i], r.x()[i], 1e-8 * (1 + Math.abs(expected.data[i])), "n = " + n + ", x" + i);
                }
            }
        }
    }

    /** The iterates kept for backtracking are those at iterations ceil(1.3^j), and the last. */
    @Test
    void conjugateGradientKeepsGeometricallySpacedIterates() {
        DMatrixRMaj a = spd(40, new Random(2));
        double[] b = new double[40];
        java.util.Arrays.fill(b, 1);
        ConjugateGradient.Result r = ConjugateGradient.solve(times(a), b, null, new double[40], 25, 0);
        assertEquals(25, r.iterations());
        assertEquals(List.of(1, 2, 3, 4, 5, 7, 9, 11, 14, 18, 24, 25), r.keptAt());
        assertArrayEquals(r.x(), r.kept().get(r.kept().size() - 1));
    }

    /**
     * Martens's relative-progress rule stops CG on a system of condition number 1000 long before the 300
     * iterations that exact arithmetic would need, with the quadratic within 1% of its minimum.
     */
    @Test
    void theRelativeProgressRuleStopsWhenTheQuadraticStallsNearItsMinimum() {
        int n = 300;
        Random random = new Random(3);
        double[] diagonal = new double[n];
        double[] b = new double[n];
        for (int i = 0; i < n; i++) {
            diagonal[i] = Math.pow(10, -3.0 * i / n);
            b[i] = random.nextGaussian();
        }
        ConjugateGradient.Operator a = (x, into) -> {
            for (int i = 0; i < n; i++) {
                into[i] = diagonal[i] * x[i];
            }
        };
        ConjugateGradient.Result r = ConjugateGradient.solve(a, b, null, new double[n], 5000, 5e-4);
        assertTrue(r.iterations() > 10 && r.iterations() < 100, "stopped after " + r.iterations());
        double phi = 0;
        double best = 0;
        for (int i = 0; i < n; i++) {
            phi += 0.5 * diagonal[i] * r.x()[i] * r.x()[i] - b[i] * r.x()[i];
            best -= 0.5 * b[i] * b[i] / diagonal[i];
        }
        assertTrue(phi / best > 0.99, "phi " + phi + " of its minimum " + best);
    }

    @Test
    void lambdaGrowsByThreeHalvesBelowAQuarterAndShrinksByTwoThirdsAboveThreeQuarters() {
        assertEquals(1.5, HessianFree.adaptDamping(1, 0.1), 1e-15);
        assertEquals(1.5, HessianFree.adaptDamping(1, -3), 1e-15);
        assertEquals(1.5, HessianFree.adaptDamping(1, Double.NaN), 1e-15);
        assertEquals(3.0, HessianFree.adaptDamping(2, 0.2499), 1e-15);
        assertEquals(2, HessianFree.adaptDamping(2, 0.25), 1e-15);
        assertEquals(2, HessianFree.adaptDamping(2, 0.5), 1e-15);
        assertEquals(2, HessianFree.adaptDamping(2, 0.75), 1e-15);
        assertEquals(4.0 / 3, HessianFree.adaptDamping(2, 0.7501), 1e-15);
        assertEquals(2.0 / 3, HessianFree.adaptDamping(1, 1.3), 1e-15);
    }

    /** Sutskever et al. (2013): 1 - 2^(-1 - log2(floor(t / 250) + 1)), capped by the momentum setting. */
    @Test
    void theRisingMomentumScheduleFollowsSutskeverEtAl() {
        MomentumSchedule rising = MomentumSchedule.RISING;
        assertEquals(0.5, rising.at(0, 0.99), 1e-15);
        assertEquals(0.5, rising.at(249, 0.99), 1e-15);
        assertEquals(0.75, rising.at(250, 0.99), 1e-15);
        assertEquals(0.75, rising.at(499, 0.99), 1e-15);
        assertEquals(1 - 1.0 / 6, rising.at(749, 0.99), 1e-12);
        assertEquals(0.875, rising.at(750, 0.99), 1e-15);
        assertEquals(0.9375, rising.at(1750, 0.99), 1e-15);
        assertEquals(1 - 1.0 / 6, rising.at(500, 0.99), 1e-12);
        assertEquals(0.99, rising.at(250L * 1000, 0.99), 1e-15);
        assertEquals(0.9, rising.at(10_000, 0.9), 1e-15);
        assertEquals(0.9, MomentumSchedule.CONSTANT.at(0, 0.9), 1e-15);
    }

    private static double loss(Trainer trainer, List<Sequence> data) {
        return trainer.evaluate(data, 256)[0];
    }

    /** Ten Hessian-free steps on the whole of the lecture's binary adder data take its loss below half (it starts on a plateau). */
    @Test
    void hessianFreeReducesTheLossOfTheBinaryAdder() throws Exception {
        Model model = ModelFile.read(Paths.get(System.getProperty("rnnstudio.examples", "../../examples"), "binary-adder",
                "binary-adder.rnn")).model();
        Plan plan = Plan.compile(model);
        Network network = new Network(plan);
        network.initialize(model.training().init(), model.training().initScale, 1);
        List<Sequence> data = DataSpec.load("binary-adder:bits=6,count=300", plan);
        Trainer trainer = new Trainer(network);
        double before = loss(trainer, data);
        List<Double> rhos = new ArrayList<>();
        Trainer.Settings settings = new Trainer.Settings(10, data.size(), 0.1, 0, false, 1, 0,
                Trainer.Optimization.PLAIN.with(Optimizer.HF), MomentumSchedule.CONSTANT, new HessianFree.Settings(0.01, 0, 100, 0.5));
        trainer.train(data, settings, new Trainer.Listener() {
            @Override
            public void hessianFree(int epoch, int step, int cgIterations, double lambda, double rho) {
                assertTrue(cgIterations >= 1 && cgIterations <= 100 && lambda > 0, cgIterations + " iterations, lambda " + lambda);
                rhos.add(rho);
            }
        }, () -> false);
        double after = loss(trainer, data);
        assertEquals(10, rhos.size());
        assertTrue(after < 0.5 * before, "loss " + before + " -> " + after);
    }

    /**
     * A tanh net learns the adding problem with T = 10 by Hessian-free with structural damping: fewer than
     * 1% of 500 unseen sequences off by more than 0.04 (Martens and Sutskever's rule).
     */
    @Test
    void hessianFreeSolvesAShortAddingProblem() throws Exception {
        Model m = new Model();
        m.addGroup(new UnitGroup("input", UnitGroup.Role.INPUT, 2));
        m.addGroup(new UnitGroup("hidden", UnitGroup.Role.HIDDEN, 20)).setActivation(Activation.TANH);
        UnitGroup out = m.addGroup(new UnitGroup("sum", UnitGroup.Role.OUTPUT, 1));
        out.setActivation(Activation.LINEAR);
        out.setTarget(UnitGroup.Loss.SQUARED_ERROR, UnitGroup.TargetSchedule.FINAL_STEP, 1);
        m.addConnection(new Connection("input-hidden", "input", "hidden", Connection.Kind.FULL, 0));
        m.addConnection(new Connection("recurrent", "hidden", "hidden", Connection.Kind.FULL, 1));
        m.addConnection(new Connection("hidden-sum", "hidden", "sum", Connection.Kind.FULL, 0));
        Plan plan = Plan.compile(m);
        Network network = new Network(plan);
        network.initialize(org.rnnstudio.model.Initialization.GLOROT, 1, 1);
        List<Sequence> data = DataSpec.load("adding:length=10,count=500,seed=1", plan);
        Trainer trainer = new Trainer(network);
        long start = System.nanoTime();
        Trainer.Settings settings = new Trainer.Settings(40, data.size(), 0.1, 0, false, 1, 0,
                Trainer.Optimization.PLAIN.with(Optimizer.HF), MomentumSchedule.CONSTANT, new HessianFree.Settings(1, 0.3, 250, 0.2));
        trainer.train(data, settings, new Trainer.Listener() { }, () -> false);
        List<Sequence> unseen = DataSpec.load("adding:length=10,count=500,seed=99", plan);
        int wrong = 0;
        for (Sequence s : unseen) {
            double y = trainer.outputs(s, List.of("sum")).get("sum")[9][0];
            wrong += Math.abs(y - s.targets().get("sum")[9][0]) > 0.04 ? 1 : 0;
        }
        System.out.printf("adding problem, T = 10, Hessian-free: %d of 500 unseen sequences wrong after 40 steps, %.1f s%n", wrong,
                (System.nanoTime() - start) / 1e9);
        assertTrue(wrong < 5, wrong + " of 500 wrong");
    }
}
