package org.rnnstudio.engine;

import org.ejml.data.DMatrixRMaj;

/** What the losses share in reading the targets of a row: a unit whose target is NaN has none. */
final class Targets {

    private Targets() {
    }

    /** into += scale (y - t) on the units of row b that have a target */
    static void addDifference(int[] units, DMatrixRMaj y, DMatrixRMaj target, int b, double scale, DMatrixRMaj into) {
        int row = b * y.numCols;
        for (int u : units) {
            double t = target.data[row + u];
            if (!Double.isNaN(t)) {
                into.data[row + u] += scale * (y.data[row + u] - t);
            }
        }
    }

    /** The sum of the targets of row b (1 for a one-hot target). */
    static double sum(int[] units, DMatrixRMaj target, int b) {
        int row = b * target.numCols;
        double sum = 0;
        for (int u : units) {
            double t = target.data[row + u];
            sum += Double.isNaN(t) ? 0 : t;
        }
        return sum;
    }
}
