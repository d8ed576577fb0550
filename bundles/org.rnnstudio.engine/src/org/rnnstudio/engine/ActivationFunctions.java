package org.rnnstudio.engine;

import java.util.EnumMap;
import java.util.Map;

import org.ejml.data.DMatrixRMaj;
import org.rnnstudio.model.Activation;

/**
 * The function of each activation the model names: the pass and the ONNX exporter ask here. A new
 * activation is one class implementing {@link ActivationFunction} and one line below.
 */
public final class ActivationFunctions {

    private static final Map<Activation, ActivationFunction> FUNCTIONS = new EnumMap<>(Activation.class);

    static {
        FUNCTIONS.put(Activation.LINEAR, new Linear());
        FUNCTIONS.put(Activation.LOGISTIC, new Logistic());
        FUNCTIONS.put(Activation.TANH, new Tanh());
        FUNCTIONS.put(Activation.RELU, new Relu());
        FUNCTIONS.put(Activation.SOFTMAX, new Softmax());
    }

    private ActivationFunctions() {
    }

    public static ActivationFunction of(Activation f) {
        ActivationFunction function = FUNCTIONS.get(f);
        if (function == null) {
            throw new IllegalArgumentException("no function for the activation " + f);
        }
        return function;
    }

    /** y = f(x) */
    public static void forward(Activation f, DMatrixRMaj x, DMatrixRMaj y) {
        of(f).forward(x, y);
    }

    /** dE/dx from dE/dy, using the forward output y. */
    public static void backward(Activation f, DMatrixRMaj y, DMatrixRMaj dy, DMatrixRMaj dx) {
        of(f).backward(y, dy, dx);
    }

    /** R(y) from R(x), using the forward output y. */
    public static void directional(Activation f, DMatrixRMaj y, DMatrixRMaj rx, DMatrixRMaj ry) {
        of(f).directional(y, rx, ry);
    }
}
