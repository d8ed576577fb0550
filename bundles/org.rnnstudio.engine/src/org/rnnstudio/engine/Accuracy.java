package org.rnnstudio.engine;

import org.ejml.data.DMatrixRMaj;

/** How an output row is read when counting right answers. An output that is NaN is never right. */
public enum Accuracy {

    /** A choice among the units (a softmax): right when the largest output is at the target's largest. */
    LARGEST_UNIT {
        @Override
        boolean correct(DMatrixRMaj y, DMatrixRMaj target, int b, int[] units) {
            int row = b * y.numCols;
            int best = -1;
            int wanted = -1;
            boolean defined = true;
            for (int u : units) {
                if (Double.isNaN(target.data[row + u])) {
                    return true;
                }
                defined &= !Double.isNaN(y.data[row + u]);
                if (best < 0 || y.data[row + u] > y.data[row + best]) {
                    best = u;
                }
                if (wanted < 0 || target.data[row + u] > target.data[row + wanted]) {
                    wanted = u;
                }
            }
            return defined && best == wanted;
        }
    },

    /** Every unit on its own: right when each output is within 0.5 of its target. */
    EACH_UNIT {
        @Override
        boolean correct(DMatrixRMaj y, DMatrixRMaj target, int b, int[] units) {
            int row = b * y.numCols;
            for (int u : units) {
                double t = target.data[row + u];
                if (!Double.isNaN(t) && !(Math.abs(y.data[row + u] - t) < 0.5)) {
                    return false;
                }
            }
            return true;
        }
    };

    /** Whether row b is right, on the units that have targets. */
    abstract boolean correct(DMatrixRMaj y, DMatrixRMaj target, int b, int[] units);
}
