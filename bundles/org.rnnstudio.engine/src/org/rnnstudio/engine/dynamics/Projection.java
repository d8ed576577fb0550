package org.rnnstudio.engine.dynamics;

import java.util.List;
import java.util.Locale;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.SingularOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;

/** A view of the n-dimensional state in two dimensions: two chosen units, or the first two principal components. */
public final class Projection {

    /** At most this many states enter the principal components; more would cost time and say nothing new. */
    private static final int MOST_SAMPLES = 5000;

    private final double[] mean;
    private final double[][] axes;
    private final String[] labels;

    private Projection(double[] mean, double[][] axes, String[] labels) {
        this.mean = mean;
        this.axes = axes;
        this.labels = labels;
    }

    /** The plane of units i and j, as they are. */
    public static Projection units(StepMap map, int i, int j) {
        int n = map.dimension();
        double[][] axes = new double[2][n];
        axes[0][i] = 1;
        if (j < n) {
            axes[1][j] = 1;
        }
        return new Projection(new double[n], axes, new String[] {map.unitName(i), j < n ? map.unitName(j) : "(none)"});
    }

    /**
     * The two directions along which the visited states vary most: the right singular vectors of the
     * centred states with the largest singular values. A one-unit state gets a flat second axis.
     */
    public static Projection principal(List<double[][]> runs) {
        int n = runs.get(0)[0].length;
        int total = 0;
        for (double[][] run : runs) {
            total += run.length;
        }
        int every = Math.max(1, (total + MOST_SAMPLES - 1) / MOST_SAMPLES);
        int rows = 0;
        double[] mean = new double[n];
        for (double[][] run : runs) {
            for (int t = 0; t < run.length; t += every) {
                rows++;
                for (int i = 0; i < n; i++) {
                    mean[i] += run[t][i];
                }
            }
        }
        for (int i = 0; i < n; i++) {
            mean[i] /= rows;
        }
        DMatrixRMaj centred = new DMatrixRMaj(rows, n);
        int r = 0;
        for (double[][] run : runs) {
            for (int t = 0; t < run.length; t += every, r++) {
                for (int i = 0; i < n; i++) {
                    centred.set(r, i, run[t][i] - mean[i]);
                }
            }
        }
        SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(rows, n, false, true, true);
        if (!svd.decompose(centred)) {
            throw new IllegalStateException("the singular value decomposition of the visited states did not converge");
        }
        DMatrixRMaj w = svd.getW(null);
        DMatrixRMaj vt = svd.getV(null, true);
        SingularOps_DDRM.descendingOrder(null, false, w, vt, true);
        double all = 0;
        int k = Math.min(w.numRows, w.numCols);
        for (int i = 0; i < k; i++) {
            all += w.get(i, i) * w.get(i, i);
        }
        double[][] axes = new double[2][n];
        String[] labels = new String[2];
        for (int a = 0; a < 2; a++) {
            if (a < k && a < vt.numRows) {
                double largest = 0;
                for (int i = 0; i < n; i++) {
                    axes[a][i] = vt.get(a, i);
                    largest = Math.abs(axes[a][i]) > Math.abs(largest) ? axes[a][i] : largest;
                }
                // a singular vector's sign is arbitrary: point its largest entry up so that pictures do not flip
                if (largest < 0) {
                    for (int i = 0; i < n; i++) {
                        axes[a][i] = -axes[a][i];
                    }
                }
            }
            double share = all == 0 || a >= k ? 0 : w.get(a, a) * w.get(a, a) / all;
            labels[a] = String.format(Locale.ROOT, "PC%d (%.0f%% of the variance)", a + 1, 100 * share);
        }
        return new Projection(mean, axes, labels);
    }

    /** The state's two coordinates in this view. */
    public double[] project(double[] h) {
        double[] p = new double[2];
        for (int a = 0; a < 2; a++) {
            for (int i = 0; i < h.length; i++) {
                p[a] += axes[a][i] * (h[i] - mean[i]);
            }
        }
        return p;
    }

    /** The axes' names: units' "GROUP.UNIT" or "PC1 (83% of the variance)". */
    public String label(int axis) {
        return labels[axis];
    }
}
