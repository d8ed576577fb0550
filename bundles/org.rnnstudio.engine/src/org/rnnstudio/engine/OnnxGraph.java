package org.rnnstudio.engine;

import java.util.List;

/**
 * Where an operation writes its ONNX form: the nodes of one time step of the exported graph. The engine
 * knows which ONNX operators compute its operations; the exporter knows how a file is built (names,
 * tensors, the protobuf classes), and may refuse a constant the file cannot carry with its own exception E.
 */
public interface OnnxGraph<E extends Exception> {

    /** Adds the node op(inputs) with a new output, and returns the output's name. */
    String node(String op, List<String> inputs);

    /** Adds the node op(inputs) whose output has the given name. */
    void node(String op, List<String> inputs, String output);

    /** Adds the node op(inputs) with one integer attribute, whose output has the given name. */
    void node(String op, List<String> inputs, String output, String attribute, long value);

    /** A float constant, named after the model element that owns it (the name a refusal gives). */
    String constant(String name, double value, String owner) throws E;
}
