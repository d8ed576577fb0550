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
    public static final List<String> MOMENTUM_SCHEDULES = FileNames.of(MomentumSchedule.class);
    public static final List<String> PRECISIONS = FileNames.of(Precision.class);

    /** {@link #checkpoint} chosen from the sequences' length, about sqrt(T) steps a segment; "auto" in a file. */
    public static final int CHECKPOINT_AUTO = -1;

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
    /**
     * Checkpointing: backpropagation through time in recomputed segments of this many steps, keeping only
     * their boundaries; {@link #CHECKPOINT_AUTO} for about sqrt(T) steps; 0 keeps every step (the plain pass).
     */
    public int checkpoint;
    public String init = Initialization.DEFAULT.fileName();
    public double initScale = 1.0;
    public double validation;
    public int patience;
    public String momentumSchedule = MomentumSchedule.DEFAULT.fileName();
    /** The matrix products' precision, as files spell it ({@link #precision()}). */
    public String precision = Precision.DEFAULT.fileName();
    /** Hessian-free: the first damping lambda, the structural damping's weight mu, CG's iterations at most, the share of a batch the curvature is taken on */
    public double hfLambda = 1.0;
    public double hfStructuralDamping = 0.3;
    public int hfCgIterations = 250;
    public double hfCurvatureFraction = 0.2;
    /** A readout's fit (an echo-state network): the steps at each sequence's start left out while the reservoir forgets its initial state. */
    public int washout;
    /** A readout's fit: the ridge regression's lambda, or the first guess when it is chosen on the validation split. */
    public double ridge = 1e-8;
    /** A readout's fit: choose the ridge by the validation split's error (needs validation above 0). */
    public boolean chooseRidge;

    public Optimizer optimizer() {
        return FileNames.named(Optimizer.class, optimizer);
    }

    public Schedule schedule() {
        return FileNames.named(Schedule.class, schedule);
    }

    public MomentumSchedule momentumSchedule() {
        return FileNames.named(MomentumSchedule.class, momentumSchedule);
    }

    public Precision precision() {
        return FileNames.named(Precision.class, precision);
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
        c.checkpoint = checkpoint;
        c.init = init;
        c.initScale = initScale;
        c.validation = validation;
        c.patience = patience;
        c.momentumSchedule = momentumSchedule;
        c.precision = precision;
        c.hfLambda = hfLambda;
        c.hfStructuralDamping = hfStructuralDamping;
        c.hfCgIterations = hfCgIterations;
        c.hfCurvatureFraction = hfCurvatureFraction;
        c.washout = washout;
        c.ridge = ridge;
        c.chooseRidge = chooseRidge;
        return c;
    }
}
