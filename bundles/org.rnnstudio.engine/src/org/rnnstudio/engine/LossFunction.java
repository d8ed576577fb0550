package org.rnnstudio.engine;

import org.ejml.data.DMatrixRMaj;

/**
 * The loss of one output group, row by row: row b of a batch matrix is one sequence at one step, and a
 * target that is NaN is no target (the unit is left out). An instance belongs to one group and knows the
 * units its targets reach. The derivatives are taken with respect to the variable where they are simple and
 * exact: the total input net for a loss matched to its output's nonlinearity (their derivatives then meet in
 * y - t), the output y otherwise; the pass applies the activation's derivative in between.
 */
public interface LossFunction {

    /** E of row b, from the total inputs net and the outputs y. */
    double value(DMatrixRMaj net, DMatrixRMaj y, DMatrixRMaj target, int b);

    /** Whether the derivatives below are with respect to net (true) or to y (false). */
    boolean withRespectToNet();

    /** into += scale dE/d(net or y), row b */
    void addGradient(DMatrixRMaj y, DMatrixRMaj target, int b, double scale, DMatrixRMaj into);

    /**
     * into += scale H r, row b, where H is the Hessian of E with respect to the same variable as the
     * gradient and r that variable's directional derivative R(net) or R(y). H is positive semi-definite, so
     * taken back through the network this is the Gauss-Newton curvature product of Hessian-free optimisation.
     */
    void addCurvatureProduct(DMatrixRMaj y, DMatrixRMaj target, DMatrixRMaj r, int b, double scale, DMatrixRMaj into);

    /** Whether row b's output is the right answer (a NaN output never is). */
    boolean correct(DMatrixRMaj y, DMatrixRMaj target, int b);
}
