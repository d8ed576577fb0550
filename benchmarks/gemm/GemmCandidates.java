package org.rnnstudio.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import org.ejml.concurrency.EjmlConcurrency;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.mult.MatrixMatrixMult_MT_DDRM;

import dev.ludovic.netlib.blas.BLAS;

/**
 * The candidates for the engine's matrix products, measured side by side in one run: each repeat times every
 * candidate once, in an order that rotates, so drifts of a shared machine fall on all of them alike. Prints
 * the median GFLOP/s with min and max, and checks every candidate's result against EJML's to 1e-12.
 * Run by benchmarks/gemm/run.sh.
 */
public final class GemmCandidates {

    interface Product {
        void run(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c);
    }

    record Candidate(String name, Product product) {
    }

    record Shape(String label, String op, int m, int k, int n) {
    }

    static BLAS blas(String which) {
        try {
            switch (which) {
            case "jni":
                return dev.ludovic.netlib.blas.NativeBLAS.getInstance();
            case "vector":
                return dev.ludovic.netlib.blas.JavaBLAS.getInstance();
            default:
                return BLAS.getInstance();
            }
        } catch (Throwable e) {
            System.out.println("netlib " + which + ": not available: " + e);
            return null;
        }
    }

    static Product netlib(BLAS blas, String op) {
        switch (op) {
        case "AB":
            return (a, b, c) -> blas.dgemm("N", "N", c.numCols, c.numRows, a.numCols, 1, b.data, b.numCols, a.data, a.numCols, 1, c.data, c.numCols);
        case "AtB":
            return (a, b, c) -> blas.dgemm("N", "T", c.numCols, c.numRows, a.numRows, 1, b.data, b.numCols, a.data, a.numCols, 1, c.data, c.numCols);
        default:
            return (a, b, c) -> blas.dgemm("T", "N", c.numCols, c.numRows, a.numCols, 1, b.data, b.numCols, a.data, a.numCols, 1, c.data, c.numCols);
        }
    }

    static List<Candidate> candidates(String op) {
        Product ejml1, ejml2, ours;
        switch (op) {
        case "AB":
            ejml1 = CommonOps_DDRM::multAdd;
            ejml2 = MatrixMatrixMult_MT_DDRM::multAdd_reorder;
            ours = (a, b, c) -> VectorGemm.multAdd(a.data, b.data, c.data, a.numRows, a.numCols, b.numCols);
            break;
        case "AtB":
            ejml1 = CommonOps_DDRM::multAddTransA;
            ejml2 = MatrixMatrixMult_MT_DDRM::multAddTransA_reorder;
            ours = (a, b, c) -> VectorGemm.multAddTransA(a.data, b.data, c.data, a.numCols, a.numRows, b.numCols);
            break;
        default:
            ejml1 = CommonOps_DDRM::multAddTransB;
            ejml2 = MatrixMatrixMult_MT_DDRM::multAddTransB;
            ours = (a, b, c) -> VectorGemm.multAddTransB(a.data, b.data, c.data, a.numRows, a.numCols, b.numRows);
            break;
        }
        List<Candidate> list = new ArrayList<>(List.of(new Candidate("ejml-1", ejml1), new Candidate("ejml-2", ejml2),
                new Candidate("own-1", threads(false, ours)), new Candidate("own-2", threads(true, ours))));
        for (String which : new String[] {"vector", "jni"}) {
            BLAS blas = blas(which);
            if (blas != null) {
                list.add(new Candidate("netlib-" + which + "(" + blas.getClass().getSimpleName() + ")", netlib(blas, op)));
            }
        }
        return list;
    }

    /** Our kernels with the second core allowed or not. */
    static Product threads(boolean split, Product product) {
        return (a, b, c) -> {
            VectorGemm.split = split;
            product.run(a, b, c);
        };
    }

    static DMatrixRMaj random(int rows, int cols, Random random) {
        DMatrixRMaj m = new DMatrixRMaj(rows, cols);
        for (int i = 0; i < m.data.length; i++) {
            m.data[i] = random.nextGaussian();
        }
        return m;
    }

    public static void main(String[] args) {
        int repeats = args.length > 0 ? Integer.parseInt(args[0]) : 31;
        EjmlConcurrency.setMaxThreads(2);
        List<Shape> shapes = List.of(
                new Shape("lstm all steps x.W", "AB", 1600, 32, 512),
                new Shape("issue's 1600x128.128x512", "AB", 1600, 128, 512),
                new Shape("lstm step h.U", "AB", 32, 128, 512),
                new Shape("lstm step x.W", "AB", 32, 32, 512),
                new Shape("lstm step dW=hT.d", "AtB", 128, 32, 512),
                new Shape("lstm all steps dW", "AtB", 128, 1600, 512),
                new Shape("lstm step dh=d.UT", "ABt", 32, 512, 128),
                new Shape("lstm all steps dx=d.WT", "ABt", 1600, 512, 128),
                new Shape("large step h.U", "AB", 64, 256, 1024),
                new Shape("large step x.W", "AB", 64, 64, 1024),
                new Shape("large all steps x.W", "AB", 6400, 64, 1024),
                new Shape("large step dW=hT.d", "AtB", 256, 64, 1024),
                new Shape("large step dh=d.UT", "ABt", 64, 1024, 256));
        Random random = new Random(1);
        System.out.printf(Locale.ROOT, "%-26s %-4s %-16s %-32s %8s %8s %8s %10s%n", "shape", "op", "m k n", "candidate", "median", "min", "max", "max rel err");
        for (Shape s : shapes) {
            // c (m x n) = op(a) op(b); stored shapes of a and b follow the op
            DMatrixRMaj a = s.op.equals("AtB") ? random(s.k, s.m, random) : random(s.m, s.k, random);
            DMatrixRMaj b = s.op.equals("ABt") ? random(s.n, s.k, random) : random(s.k, s.n, random);
            DMatrixRMaj c0 = random(s.m, s.n, random);
            List<Candidate> cands = candidates(s.op);
            DMatrixRMaj reference = c0.copy();
            cands.get(0).product.run(a, b, reference);
            double flop = 2.0 * s.m * s.k * s.n;
            int calls = (int) Math.max(1, Math.min(1000, 2e7 / flop));
            double[][] gflops = new double[cands.size()][repeats];
            double[] error = new double[cands.size()];
            DMatrixRMaj c = c0.copy();
            for (int w = 0; w < 3; w++) {
                for (Candidate cand : cands) {
                    for (int i = 0; i < calls; i++) {
                        cand.product.run(a, b, c);
                    }
                }
            }
            for (int q = 0; q < cands.size(); q++) {
                c.setTo(c0);
                cands.get(q).product.run(a, b, c);
                double maxDiff = 0, maxRef = 0;
                for (int i = 0; i < c.data.length; i++) {
                    maxDiff = Math.max(maxDiff, Math.abs(c.data[i] - reference.data[i]));
                    maxRef = Math.max(maxRef, Math.abs(reference.data[i]));
                }
                error[q] = maxDiff / maxRef;
            }
            for (int r = 0; r < repeats; r++) {
                for (int o = 0; o < cands.size(); o++) {
                    int q = (o + r) % cands.size();
                    Product p = cands.get(q).product;
                    long start = System.nanoTime();
                    for (int i = 0; i < calls; i++) {
                        p.run(a, b, c);
                    }
                    gflops[q][r] = flop * calls / (System.nanoTime() - start);
                }
            }
            for (int q = 0; q < cands.size(); q++) {
                double[] g = gflops[q];
                Arrays.sort(g);
                System.out.printf(Locale.ROOT, "%-26s %-4s %-16s %-32s %8.2f %8.2f %8.2f %10.1e%s%n", s.label, s.op, s.m + " " + s.k + " " + s.n,
                        cands.get(q).name, g[repeats / 2], g[0], g[repeats - 1], error[q], error[q] <= 1e-12 ? "" : "  DIFFERS");
            }
        }
    }
}
