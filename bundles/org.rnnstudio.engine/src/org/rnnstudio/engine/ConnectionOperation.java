package org.rnnstudio.engine;

import org.ejml.data.DMatrixRMaj;

/**
 * What one kind of connection does to the signal it carries: from a source group's output (batch x from
 * units) through its weights W (null for a kind without weights) into a term of the target's total input
 * (batch x to units), into += f(from, W). Beside the forward pass stand its backward pass, its directional
 * derivative (the R-operator that Hessian-free optimisation's Gauss-Newton products need) and its ONNX form.
 * Every method adds into its last argument, so that the terms of several connections sum. Delays, shared
 * weights and truncation are the plan's and the pass's business: an operation sees one source and one W.
 */
public interface ConnectionOperation {

    /** into += f(from, W) */
    void forward(DMatrixRMaj from, DMatrixRMaj weights, DMatrixRMaj into);

    /** dE/dW += the derivative of the term with respect to W, applied to dE/d(into) */
    void backwardWeights(DMatrixRMaj from, DMatrixRMaj dInto, DMatrixRMaj dWeights);

    /** dE/d(from) += the derivative of the term with respect to its source, applied to dE/d(into) */
    void backwardSource(DMatrixRMaj dInto, DMatrixRMaj weights, DMatrixRMaj dFrom);

    /**
     * R(into) += the derivative of f(from, W) along a direction: R(from) for the source (how it moves when
     * the parameters move along V) and V for the weights (null for a kind without weights).
     */
    void directional(DMatrixRMaj from, DMatrixRMaj rFrom, DMatrixRMaj weights, DMatrixRMaj direction, DMatrixRMaj rInto);

    /** Adds the ONNX node(s) computing f(source, weights) and returns the name of the result. */
    <E extends Exception> String onnx(OnnxGraph<E> graph, String source, String weights) throws E;
}
