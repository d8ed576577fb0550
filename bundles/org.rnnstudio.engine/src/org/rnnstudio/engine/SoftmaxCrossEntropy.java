package org.rnnstudio.engine;

import org.ejml.data.DMatrixRMaj;

/**
 * E = -sum t log y for a softmax output y = softmax(net), with respect to net, where the derivatives of the
 * loss and of the softmax meet in y sum(t) - t (y - t for a one-hot target).
 */
public final class SoftmaxCrossEntropy implements LossFunction {

    private final int[] units;

    public SoftmaxCrossEntropy(int[] units) {
        this.units = units;
    }

    /** log y_u = net_u - log sum_j e^(net_j), the sum shifted by the row's maximum to stay finite. */
    @Override
    public double value(DMatrixRMaj net, DMatrixRMaj y, DMatrixRMaj target, int b) {
        int n = net.numCols;
        int row = b * n;
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < n; j++) {
            max = Math.max(max, net.data[row + j]);
        }
        double sum = 0;
        for (int j = 0; j < n; j++) {
            sum += Math.exp(net.data[row + j] - max);
        }
        double logSum = max + Math.log(sum);
        double e = 0;
        for (int u : units) {
            double t = target.data[row + u];
            if (!Double.isNaN(t)) {
                e -= t * (net.data[row + u] - logSum);
            }
        }
        return e;
    }

    @Override
    public boolean withRespectToNet() {
        return true;
    }

    /** dE/dnet = y sum(t) - t */
    @Override
    public void addGradient(DMatrixRMaj y, DMatrixRMaj target, int b, double scale, DMatrixRMaj into) {
        int n = y.numCols;
        int row = b * n;
        double sum = Targets.sum(units, target, b);
        for (int j = 0; j < n; j++) {
            into.data[row + j] += scale * y.data[row + j] * sum;
        }
        for (int u : units) {
            double t = target.data[row + u];
            into.data[row + u] -= Double.isNaN(t) ? 0 : scale * t;
        }
    }

    /** H = sum(t) (diag(y) - y yᵀ): sum(t) y * (R(net) - sum(y * R(net))). */
    @Override
    public void addCurvatureProduct(DMatrixRMaj y, DMatrixRMaj target, DMatrixRMaj r, int b, double scale, DMatrixRMaj into) {
        int n = y.numCols;
        int row = b * n;
        double sum = Targets.sum(units, target, b);
        double dot = 0;
        for (int j = 0; j < n; j++) {
            dot += y.data[row + j] * r.data[row + j];
        }
        for (int j = 0; j < n; j++) {
            into.data[row + j] += scale * sum * y.data[row + j] * (r.data[row + j] - dot);
        }
    }

    @Override
    public boolean correct(DMatrixRMaj y, DMatrixRMaj target, int b) {
        return Accuracy.LARGEST_UNIT.correct(y, target, b, units);
    }
}
