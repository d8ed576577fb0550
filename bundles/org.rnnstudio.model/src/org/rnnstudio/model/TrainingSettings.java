package org.rnnstudio.model;

import java.util.List;

/**
 * How a model is trained, stored with it so that the command line and the studio start from the same
 * settings. The optimiser, schedule and initialisation are kept as files spell them (the property sheet and
 * the settings dialog edit that text); {@link #optimizer()}, {@link #schedule()} and {@link #init()} give the
 * enums, which hold the names and the defaults.
 */
public final class TrainingSettings {

    public static final List<String> OPTIMIZERS = FileNames.of(Optimizer.class);
    public static final List<String> SCHEDULES = FileNames.of(Schedule.class);
    public static final List<String> INITIALIZATIONS = FileNames.of(Initialization.class);

    public String data = "";
    public int epochs = 20;
    public int batch = 16;
    public String optimizer = Optimizer.DEFAULT.fileName();
    public double learningRate = 0.1;
    public double momentum = 0.9;
    public boolean nesterov;
    public double clipNorm;
    public double weightDecay;
    public String schedule = Schedule.DEFAULT.fileName();
    public int stepEvery = 10;
    public double gamma = 0.5;
    public long seed = 1;
    public int truncation;
    public String init = Initialization.DEFAULT.fileName();
    public double initScale = 1.0;
    public double validation;
    public int patience;

    public Optimizer optimizer() {
        return FileNames.named(Optimizer.class, optimizer);
    }

    public Schedule schedule() {
        return FileNames.named(Schedule.class, schedule);
    }

    public Initialization init() {
        return FileNames.named(Initialization.class, init);
    }

    /** A copy to override field by field (the command line's options) without changing the model's. */
    public TrainingSettings copy() {
        TrainingSettings c = new TrainingSettings();
        c.data = data;
        c.epochs = epochs;
        c.batch = batch;
        c.optimizer = optimizer;
        c.learningRate = learningRate;
        c.momentum = momentum;
        c.nesterov = nesterov;
        c.clipNorm = clipNorm;
        c.weightDecay = weightDecay;
        c.schedule = schedule;
        c.stepEvery = stepEvery;
        c.gamma = gamma;
        c.seed = seed;
        c.truncation = truncation;
        c.init = init;
        c.initScale = initScale;
        c.validation = validation;
        c.patience = patience;
        return c;
    }
}
