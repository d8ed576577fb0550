package org.rnnstudio.engine.dynamics;

import org.ejml.data.DMatrixRMaj;
import org.rnnstudio.model.Activation;

/** An activation on one state vector, and its Jacobian applied to a tangent block (units x k), from the output y. */
final class Slopes {

    private Slopes() {
    }

    static double[] apply(Activation f, double[] net) {
        double[] y = new double[net.length];
        switch (f) {
        case LINEAR -> System.arraycopy(net, 0, y, 0, net.length);
        case LOGISTIC -> {
            for (int j = 0; j < net.length; j++) {
                y[j] = 1.0 / (1.0 + Math.exp(-net[j]));
            }
        }
        case TANH -> {
            for (int j = 0; j < net.length; j++) {
                y[j] = Math.tanh(net[j]);
            }
        }
        case RELU -> {
            for (int j = 0; j < net.length; j++) {
                y[j] = Math.max(net[j], 0);
            }
        }
        case SOFTMAX -> {
            double max = Double.NEGATIVE_INFINITY;
            for (double a : net) {
                max = Math.max(max, a);
            }
            double sum = 0;
            for (int j = 0; j < net.length; j++) {
                y[j] = Math.exp(net[j] - max);
                sum += y[j];
            }
            for (int j = 0; j < net.length; j++) {
                y[j] /= sum;
            }
        }
        default -> throw new IllegalArgumentException(f.name());
        }
        return y;
    }

    /** dy = f'(net) dNet: a diagonal of slopes, or diag(y) - y y^T for softmax. */
    static DMatrixRMaj chain(Activation f, double[] y, DMatrixRMaj dNet) {
        DMatrixRMaj dy = new DMatrixRMaj(dNet.numRows, dNet.numCols);
        int k = dNet.numCols;
        if (f == Activation.SOFTMAX) {
            for (int c = 0; c < k; c++) {
                double dot = 0;
                for (int j = 0; j < y.length; j++) {
                    dot += y[j] * dNet.get(j, c);
                }
                for (int j = 0; j < y.length; j++) {
                    dy.set(j, c, y[j] * (dNet.get(j, c) - dot));
                }
            }
            return dy;
        }
        for (int j = 0; j < y.length; j++) {
            double slope = switch (f) {
            case LINEAR -> 1;
            case LOGISTIC -> y[j] * (1 - y[j]);
            case TANH -> 1 - y[j] * y[j];
            case RELU -> y[j] > 0 ? 1 : 0;
            default -> throw new IllegalArgumentException(f.name());
            };
            int row = j * k;
            for (int c = 0; c < k; c++) {
                dy.data[row + c] = slope * dNet.data[row + c];
            }
        }
        return dy;
    }
}
