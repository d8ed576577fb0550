package org.rnnstudio.model;

/**
 * How a gradient becomes a step, spelt in files and on the command line in lower case ("sgd"). The
 * constants of RMSProp and Adam are the ones their papers recommend and are not settings.
 */
public enum Optimizer {
    /** gradient descent with (classical or Nesterov) momentum */
    SGD,
    /** Tieleman and Hinton (2012): divide by a running root mean square of the gradient */
    RMSPROP,
    /** Kingma and Ba (2015): running means of the gradient and its square, bias-corrected */
    ADAM;

    public static final Optimizer DEFAULT = SGD;
    /** Adam's decay of the running mean of the gradient */
    public static final double BETA1 = 0.9;
    /** Adam's decay of the running mean of the squared gradient */
    public static final double BETA2 = 0.999;
    /** added to the root mean square so that a zero gradient divides by no zero */
    public static final double EPSILON = 1e-8;
    /** RMSProp's decay of the running mean of the squared gradient */
    public static final double RHO = 0.9;

    public String fileName() {
        return ModelFile.fileName(this);
    }
}
