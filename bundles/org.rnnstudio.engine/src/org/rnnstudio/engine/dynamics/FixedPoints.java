package org.rnnstudio.engine.dynamics;

import java.util.ArrayList;
import java.util.List;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * Fixed points by Newton's method on G(h) = F(h, x) - h from many starts: solve (J - I) step = -G, halve the
 * step while it does not make |G| smaller, stop when |G| is below {@link #TOLERANCE}. Starts that end at
 * the same point (within {@link #SAME_POINT}) give it once.
 */
public final class FixedPoints {

    static final double TOLERANCE = 1e-10;
    static final double SAME_POINT = 1e-6;
    private static final int MAX_ITERATIONS = 25;
    private static final int MAX_HALVINGS = 30;

    private FixedPoints() {
    }

    /** The distinct fixed points reached from the starts, each classified. */
    public static List<FixedPoint> find(StepMap map, double[] x, List<double[]> starts) {
        List<double[]> found = new ArrayList<>();
        for (double[] start : starts) {
            double[] h = newton(map, x, start);
            if (h != null && found.stream().noneMatch(f -> Orbit.distance(f, h) < SAME_POINT)) {
                found.add(h);
            }
        }
        List<FixedPoint> points = new ArrayList<>();
        for (double[] h : found) {
            points.add(FixedPoint.at(map, h, x));
        }
        return points;
    }

    /** The fixed point Newton's method reaches from start, or null when it does not converge. */
    public static double[] newton(StepMap map, double[] x, double[] start) {
        int n = map.dimension();
        double[] h = start.clone();
        double[] g = residual(map, h, x);
        double size = max(g);
        LinearSolverDense<DMatrixRMaj> solver = LinearSolverFactory_DDRM.lu(n);
        for (int iteration = 0; iteration < MAX_ITERATIONS && size >= TOLERANCE; iteration++) {
            DMatrixRMaj a = map.jacobian(h, x);
            for (int i = 0; i < n; i++) {
                a.add(i, i, -1);
            }
            DMatrixRMaj b = new DMatrixRMaj(n, 1, true, g);
            CommonOps_DDRM.scale(-1, b);
            DMatrixRMaj step = new DMatrixRMaj(n, 1);
            if (!solver.setA(a)) {
                return null;
            }
            solver.solve(b, step);
            double fraction = 1;
            double[] tried = null;
            double[] triedResidual = null;
            for (int halving = 0; halving < MAX_HALVINGS; halving++, fraction /= 2) {
                tried = new double[n];
                for (int i = 0; i < n; i++) {
                    tried[i] = h[i] + fraction * step.data[i];
                }
                triedResidual = residual(map, tried, x);
                if (max(triedResidual) < size) {
                    break;
                }
                tried = null;
            }
            if (tried == null) {
                return null;
            }
            h = tried;
            g = triedResidual;
            size = max(g);
        }
        return size < TOLERANCE ? h : null;
    }

    private static double[] residual(StepMap map, double[] h, double[] x) {
        double[] next = new double[h.length];
        map.step(h, x, x, next);
        for (int i = 0; i < h.length; i++) {
            next[i] -= h[i];
        }
        return next;
    }

    private static double max(double[] v) {
        double m = 0;
        for (double a : v) {
            m = Math.max(m, Math.abs(a));
        }
        return Double.isNaN(m) ? Double.POSITIVE_INFINITY : m;
    }
}
