package org.rnnstudio.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * Preconditioned conjugate gradient on A x = b for a symmetric positive definite A known only through its
 * products, as Hessian-free optimisation runs it (Martens 2010): it minimises the quadratic
 * phi(x) = 1/2 xᵀ A x - bᵀ x from a given start, keeps the iterates at geometrically spaced iterations for
 * backtracking, and stops when phi's relative progress over the last k iterations falls below k epsilon.
 */
public final class ConjugateGradient {

    /** Martens's spacing of the kept iterates: iterations ceil(1.3^j). */
    static final double KEEP_SPACING = 1.3;

    /** x -> A x, written into a vector of the same length. */
    public interface Operator {
        void apply(double[] x, double[] into);
    }

    /**
     * How the run ended: the last iterate, the iterations done, and the kept iterates in the order they were
     * reached (the last always among them), each with its iteration.
     */
    public record Result(double[] x, int iterations, List<double[]> kept, List<Integer> keptAt) {
    }

    private ConjugateGradient() {
    }

    /**
     * Runs at most maxIterations iterations from x0 (not changed) with the diagonal preconditioner M
     * (null for none); epsilon > 0 is the relative-progress rule's tolerance (Martens: 0.0005), 0 runs until
     * the residual is negligible or the iterations are spent.
     */
    public static Result solve(Operator a, double[] b, double[] preconditioner, double[] x0, int maxIterations, double epsilon) {
        int n = b.length;
        double[] x = x0.clone();
        double[] ax = new double[n];
        a.apply(x, ax);
        double[] r = new double[n];
        for (int i = 0; i < n; i++) {
            r[i] = b[i] - ax[i];
        }
        double[] z = precondition(r, preconditioner);
        double[] p = z.clone();
        double rz = dot(r, z);
        double[] ap = new double[n];
        double bNorm = Math.sqrt(dot(b, b));
        List<Double> phi = new ArrayList<>();
        List<double[]> kept = new ArrayList<>();
        List<Integer> keptAt = new ArrayList<>();
        int power = 0;
        int i = 0;
        while (i < maxIterations && Math.sqrt(dot(r, r)) > 1e-14 * bNorm) {
            a.apply(p, ap);
            double curvature = dot(p, ap);
            if (!(curvature > 0)) {
                break;
            }
            double alpha = rz / curvature;
            for (int j = 0; j < n; j++) {
                x[j] += alpha * p[j];
                r[j] -= alpha * ap[j];
            }
            i++;
            z = precondition(r, preconditioner);
            double rzNext = dot(r, z);
            double beta = rzNext / rz;
            rz = rzNext;
            for (int j = 0; j < n; j++) {
                p[j] = z[j] + beta * p[j];
            }
            phi.add(quadratic(x, r, b));
            while (Math.ceil(Math.pow(KEEP_SPACING, power)) < i) {
                power++;
            }
            if (Math.ceil(Math.pow(KEEP_SPACING, power)) == i) {
                kept.add(x.clone());
                keptAt.add(i);
            }
            if (epsilon > 0 && stalled(phi, epsilon)) {
                break;
            }
        }
        if (keptAt.isEmpty() || keptAt.get(keptAt.size() - 1) != i) {
            kept.add(x.clone());
            keptAt.add(i);
        }
        return new Result(x, i, kept, keptAt);
    }

    /** Martens (2010), section 4.4: stop at iteration i > k when phi < 0 and (phi_i - phi_(i-k)) / phi_i < k epsilon, k = max(10, 0.1 i). */
    static boolean stalled(List<Double> phi, double epsilon) {
        int i = phi.size();
        int k = Math.max(10, (int) Math.ceil(0.1 * i));
        if (i <= k) {
            return false;
        }
        double now = phi.get(i - 1);
        return now < 0 && (now - phi.get(i - 1 - k)) / now < k * epsilon;
    }

    /** phi(x) = 1/2 xᵀ A x - bᵀ x = -1/2 xᵀ (b + r), since A x = b - r: no product needed. */
    private static double quadratic(double[] x, double[] r, double[] b) {
        double s = 0;
        for (int j = 0; j < x.length; j++) {
            s += x[j] * (b[j] + r[j]);
        }
        return -0.5 * s;
    }

    private static double[] precondition(double[] r, double[] m) {
        double[] z = r.clone();
        if (m != null) {
            for (int j = 0; j < z.length; j++) {
                z[j] /= m[j];
            }
        }
        return z;
    }

    static double dot(double[] u, double[] v) {
        double s = 0;
        for (int j = 0; j < u.length; j++) {
            s += u[j] * v[j];
        }
        return s;
    }
}
