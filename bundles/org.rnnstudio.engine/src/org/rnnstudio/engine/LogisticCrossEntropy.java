package org.rnnstudio.engine;

import org.ejml.data.DMatrixRMaj;

/**
 * E = -sum (t log y + (1 - t) log(1 - y)) for logistic outputs y = s(net), with respect to net: the
 * derivatives of the loss and of the logistic meet in y - t.
 */
public final class LogisticCrossEntropy implements LossFunction {

    private final int[] units;

    public LogisticCrossEntropy(int[] units) {
        this.units = units;
    }

    /** Written as max(x, 0) - t x + log(1 + e^-|x|), which is finite for any x. */
    @Override
    public double value(DMatrixRMaj net, DMatrixRMaj y, DMatrixRMaj target, int b) {
        int row = b * net.numCols;
        double e = 0;
        for (int u : units) {
            double t = target.data[row + u];
            if (!Double.isNaN(t)) {
                double x = net.data[row + u];
                e += Math.max(x, 0) - t * x + Math.log1p(Math.exp(-Math.abs(x)));
            }
        }
        return e;
    }

    @Override
    public boolean withRespectToNet() {
        return true;
    }

    /** dE/dnet = y - t */
    @Override
    public void addGradient(DMatrixRMaj y, DMatrixRMaj target, int b, double scale, DMatrixRMaj into) {
        Targets.addDifference(units, y, target, b, scale, into);
    }

    /** H = diag(y (1 - y)) on the units with a target: y (1 - y) R(net). */
    @Override
    public void addCurvatureProduct(DMatrixRMaj y, DMatrixRMaj target, DMatrixRMaj r, int b, double scale, DMatrixRMaj into) {
        int row = b * y.numCols;
        for (int u : units) {
            if (!Double.isNaN(target.data[row + u])) {
                double s = y.data[row + u];
                into.data[row + u] += scale * s * (1 - s) * r.data[row + u];
            }
        }
    }

    @Override
    public boolean correct(DMatrixRMaj y, DMatrixRMaj target, int b) {
        return Accuracy.EACH_UNIT.correct(y, target, b, units);
    }
}
