package org.rnnstudio.model;

import java.util.List;

/**
 * How a model is trained, stored with it so that the command line and the studio start from the same
 * settings. Names of optimisers, schedules and initialisations are the engine's, spelt as in files.
 */
public final class TrainingSettings {

    public static final List<String> OPTIMIZERS = List.of("sgd", "rmsprop", "adam");
    public static final List<String> SCHEDULES = List.of("constant", "step", "exponential");
    public static final List<String> INITIALIZATIONS = List.of("small-uniform", "glorot", "orthogonal", "scaled-identity");

    public String data = "";
    public int epochs = 20;
    public int batch = 16;
    public String optimizer = "sgd";
    public double learningRate = 0.1;
    public double momentum = 0.9;
    public boolean nesterov;
    public double clipNorm;
    public double weightDecay;
    public String schedule = "constant";
    public int stepEvery = 10;
    public double gamma = 0.5;
    public long seed = 1;
    public int truncation;
    public String init = "glorot";
    public double initScale = 1.0;
    public double validation;
    public int patience;
}
