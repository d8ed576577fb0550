package org.rnnstudio.engine;

import org.ejml.data.DMatrixRMaj;

/** E = 1/2 sum (y - t)², the loss of linear outputs (and of any other), with respect to y. */
public final class SquaredError implements LossFunction {

    private final int[] units;
    private final Accuracy accuracy;

    /** Over the given units; a softmax output is still read as a choice when counting right answers. */
    public SquaredError(int[] units, Accuracy accuracy) {
        this.units = units;
        this.accuracy = accuracy;
    }

    @Override
    public double value(DMatrixRMaj net, DMatrixRMaj y, DMatrixRMaj target, int b) {
        int row = b * y.numCols;
        double e = 0;
        for (int u : units) {
            double t = target.data[row + u];
            if (!Double.isNaN(t)) {
                double diff = y.data[row + u] - t;
                e += 0.5 * diff * diff;
            }
        }
        return e;
    }

    @Override
    public boolean withRespectToNet() {
        return false;
    }

    /** dE/dy = y - t */
    @Override
    public void addGradient(DMatrixRMaj y, DMatrixRMaj target, int b, double scale, DMatrixRMaj into) {
        Targets.addDifference(units, y, target, b, scale, into);
    }

    /** H = I on the units with a target: R(y) itself (linear outputs: R(net)). */
    @Override
    public void addCurvatureProduct(DMatrixRMaj y, DMatrixRMaj target, DMatrixRMaj r, int b, double scale, DMatrixRMaj into) {
        int row = b * y.numCols;
        for (int u : units) {
            if (!Double.isNaN(target.data[row + u])) {
                into.data[row + u] += scale * r.data[row + u];
            }
        }
    }

    @Override
    public boolean correct(DMatrixRMaj y, DMatrixRMaj target, int b) {
        return accuracy.correct(y, target, b, units);
    }
}
