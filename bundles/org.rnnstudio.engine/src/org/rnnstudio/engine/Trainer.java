package org.rnnstudio.engine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BooleanSupplier;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.rnnstudio.model.MomentumSchedule;
import org.rnnstudio.model.Precision;
import org.rnnstudio.model.Optimizer;
import org.rnnstudio.model.Schedule;
import org.rnnstudio.model.TrainingSettings;
import org.rnnstudio.model.UnitGroup;

/** Minibatch gradient descent with momentum through time; deterministic for a given seed. */
public final class Trainer {

    /**
     * How to train. Nesterov momentum in the form of Sutskever et al. (2013); the momentum setting is the
     * schedule's largest momentum. checkpoint > 0 (or {@link TrainingSettings#CHECKPOINT_AUTO}) backpropagates
     * through time in recomputed segments of that many steps ({@link CheckpointedPass}). The Hessian-free
     * optimiser takes its own settings and ignores the learning rate, momentum, clipping, weight decay,
     * truncation and checkpointing.
     */
    public record Settings(int epochs, int batchSize, double learningRate, double momentum, boolean nesterov,
            long seed, int truncation, Optimization optimization, MomentumSchedule momentumSchedule, HessianFree.Settings hessianFree,
            int checkpoint, Precision precision) {

        /** The settings a model file stores (its "training" object). */
        public static Settings of(TrainingSettings t) {
            Optimization optimization = new Optimization(t.optimizer(), Optimizer.BETA1, Optimizer.BETA2, Optimizer.EPSILON, Optimizer.RHO,
                    t.clipNorm, t.weightDecay, t.schedule(), t.stepEvery, t.gamma, t.validation, t.patience);
            return new Settings(t.epochs, t.batch, t.learningRate, t.momentum, t.nesterov, t.seed, t.truncation, optimization,
                    t.momentumSchedule(), new HessianFree.Settings(t.hfLambda, t.hfStructuralDamping, t.hfCgIterations, t.hfCurvatureFraction),
                    t.checkpoint, t.precision());
        }

        /** Double-precision products. */
        public Settings(int epochs, int batchSize, double learningRate, double momentum, boolean nesterov, long seed, int truncation,
                Optimization optimization, MomentumSchedule momentumSchedule, HessianFree.Settings hessianFree, int checkpoint) {
            this(epochs, batchSize, learningRate, momentum, nesterov, seed, truncation, optimization, momentumSchedule, hessianFree, checkpoint,
                    Precision.DEFAULT);
        }

        /** Without checkpointing. */
        public Settings(int epochs, int batchSize, double learningRate, double momentum, boolean nesterov, long seed, int truncation,
                Optimization optimization, MomentumSchedule momentumSchedule, HessianFree.Settings hessianFree) {
            this(epochs, batchSize, learningRate, momentum, nesterov, seed, truncation, optimization, momentumSchedule, hessianFree, 0);
        }

        /** The same with checkpointing in segments of that many steps ({@link TrainingSettings#CHECKPOINT_AUTO}: about sqrt(T)). */
        public Settings withCheckpoint(int segment) {
            return new Settings(epochs, batchSize, learningRate, momentum, nesterov, seed, truncation, optimization, momentumSchedule, hessianFree,
                    segment, precision);
        }

        /** The same with the matrix products in this precision. */
        public Settings withPrecision(Precision products) {
            return new Settings(epochs, batchSize, learningRate, momentum, nesterov, seed, truncation, optimization, momentumSchedule, hessianFree,
                    checkpoint, products);
        }

        /** Constant momentum and the Hessian-free defaults. */
        public Settings(int epochs, int batchSize, double learningRate, double momentum, boolean nesterov, long seed, int truncation,
                Optimization optimization) {
            this(epochs, batchSize, learningRate, momentum, nesterov, seed, truncation, optimization, MomentumSchedule.CONSTANT,
                    HessianFree.Settings.DEFAULT);
        }

        /** Gradient descent with momentum, no clipping, decay, schedule or early stopping. */
        public Settings(int epochs, int batchSize, double learningRate, double momentum, boolean nesterov, long seed, int truncation) {
            this(epochs, batchSize, learningRate, momentum, nesterov, seed, truncation, Optimization.PLAIN);
        }
    }

    /**
     * The optimiser and its companions. clipNorm > 0 rescales the whole gradient when its norm is larger;
     * weightDecay adds weightDecay * w to the gradient of every weight matrix and diagonal (not biases or
     * initial states); validation > 0 holds that fraction of the data out, and patience > 0 stops when the
     * validation loss has not improved for that many epochs, keeping the best weights.
     */
    public record Optimization(Optimizer optimizer, double beta1, double beta2, double epsilon, double rho, double clipNorm,
            double weightDecay, Schedule schedule, int stepEvery, double gamma, double validation, int patience) {

        public static final Optimization PLAIN = new Optimization(Optimizer.SGD, Optimizer.BETA1, Optimizer.BETA2, Optimizer.EPSILON,
                Optimizer.RHO, 0, 0, Schedule.CONSTANT, 1, 1, 0, 0);

        public Optimization with(Optimizer newOptimizer) {
            return new Optimization(newOptimizer, beta1, beta2, epsilon, rho, clipNorm, weightDecay, schedule, stepEvery, gamma, validation, patience);
        }

        /** The learning rate's factor in a given epoch (1-based). */
        public double rateFactor(int epoch) {
            switch (schedule) {
            case CONSTANT:
                return 1;
            case STEP:
                return Math.pow(gamma, (epoch - 1) / Math.max(1, stepEvery));
            case EXPONENTIAL:
                return Math.pow(gamma, epoch - 1);
            default:
                throw new IllegalStateException(schedule.name());
            }
        }
    }

    /**
     * What to look inside while training: the norm of dE/dy of one group at every step of the batch
     * (vanishing and exploding gradients), at most once per {@code intervalMillis}; and, after every
     * epoch, the outputs of some groups over one chosen sequence of the data. Without an observation
     * nothing of this is computed.
     */
    public record Observation(String gradientGroup, List<String> activationGroups, int sequence, long intervalMillis) {
    }

    /** Progress, reported per minibatch step and per epoch. */
    public interface Listener {
        /** After each minibatch: its mean loss per sequence and its fraction of sequences with every target right. */
        default void step(int epoch, int step, double loss, double accuracy) {
        }

        default void epoch(int epoch, double loss, double accuracy) {
        }

        /** ||dE/dy_t|| of the observed group for t = 0 .. T-1 of the step's batch. */
        default void gradientNorms(int epoch, int step, String group, double[] normPerStep) {
        }

        /** The observed groups' outputs over the observed sequence after each epoch, before {@link #epoch}, by group id: [step][unit]. */
        default void activations(int epoch, Map<String, double[][]> outputs) {
        }

        /**
         * After each epoch of a model with a ctc output, before {@link #epoch}: the character error rate of the
         * epoch's best-path readings (the training data as the weights were at each step) and of the validation
         * split (NaN without one).
         */
        default void errorRates(int epoch, double characterErrorRate, double validationCharacterErrorRate) {
        }

        /** After each epoch when a validation split is held out, before {@link #epoch}: its mean loss and accuracy. */
        default void validation(int epoch, double loss, double accuracy) {
        }

        /** After each Hessian-free step, before {@link #step}: the CG iterations it used, the damping lambda it leaves, and its reduction ratio rho. */
        default void hessianFree(int epoch, int step, int cgIterations, double lambda, double rho) {
        }
    }

    /** Training stopped because a number stopped being finite; the network keeps the last good weights. */
    public static final class DivergedException extends Exception {
        private static final long serialVersionUID = 1L;

        DivergedException(String message) {
            super(message);
        }
    }

    /** How a run ended. */
    public record Result(int epochs, double loss, double accuracy, boolean cancelled) {
    }

    /** Passes and batches kept by shape: a run meets few (full batches, the last one, validation, one sequence). */
    private static final int SHAPES_KEPT = 4;

    private final Network network;
    private final Plan plan;
    private final Map<Long, Pass> passes = recentlyUsed();
    private final Map<Long, Batch> batches = recentlyUsed();
    private final Map<Long, CheckpointedPass> checkpointed = recentlyUsed();
    /** whole-sequence passes on the per-step path, for the batches of a checkpointed run that need no segments */
    private final Map<Long, Pass> perStep = recentlyUsed();
    /** a tiny network's training steps run on the batch's lanes ({@link LanePass}) */
    private final boolean tiny;
    private final Map<Long, LanePass> lanes = recentlyUsed();

    public Trainer(Network network) {
        this.network = network;
        this.plan = network.plan();
        this.tiny = LanePass.takes(plan);
    }

    public Result train(List<Sequence> data, Settings settings, Listener listener, BooleanSupplier cancelled)
            throws DivergedException {
        return train(data, settings, listener, cancelled, null);
    }

    public Result train(List<Sequence> data, Settings settings, Listener listener, BooleanSupplier cancelled, Observation observation)
            throws DivergedException {
        int observedGroup = observation == null || observation.gradientGroup() == null ? -1 : plan.groupIndex(observation.gradientGroup());
        if (observedGroup >= 0 && plan.groups().get(observedGroup).isInput()) {
            throw new IllegalArgumentException("'" + observation.gradientGroup() + "' is an input group: it has no error derivatives to observe");
        }
        if (!cached(data, settings.batchSize())) {
            MemoryBudget.checkTraining(plan, data, settings.batchSize(), settings.optimization().validation() > 0,
                    segmentLength(plan, settings, longest(data)));
        }
        Run run = new Run(data, settings, listener, observation, observedGroup);
        for (int epoch = 1; epoch <= settings.epochs(); epoch++) {
            Collections.shuffle(run.order, run.random);
            Totals totals = new Totals();
            for (int start = 0; start < run.order.size(); start += settings.batchSize()) {
                if (cancelled.getAsBoolean()) {
                    return new Result(epoch - 1, run.loss, run.accuracy, true);
                }
                List<Sequence> part = run.order.subList(start, Math.min(run.order.size(), start + settings.batchSize()));
                if (run.hf != null) {
                    run.hessianFreeStep(part, epoch, totals);
                } else {
                    run.gradientStep(part, epoch, totals);
                }
            }
            run.loss = totals.loss / run.order.size();
            run.accuracy = totals.correct / (double) run.order.size();
            if (run.endEpoch(epoch, totals)) {
                return new Result(epoch, run.loss, run.accuracy, false);
            }
        }
        return new Result(settings.epochs(), run.loss, run.accuracy, false);
    }

    /** Sums over one epoch's steps. */
    private static final class Totals {
        double loss;
        int correct;
        long edits;
        long labels;
    }

    /** One training run's state: the optimiser's arrays, the shuffled data and its validation split, the best weights so far. */
    private final class Run {
        final List<Sequence> data;
        final Settings settings;
        final Optimization opt;
        final Listener listener;
        final Observation observation;
        final int observedGroup;
        final Random random;
        final List<Sequence> order;
        final List<Sequence> held;
        final DMatrixRMaj[] gradients = network.zerosLike();
        final DMatrixRMaj[] velocity = network.zerosLike();
        final DMatrixRMaj[] nextVelocity = network.zerosLike();
        final DMatrixRMaj[] second = network.zerosLike();
        final HessianFree hf;
        long lastObserved = Long.MIN_VALUE;
        double bestValidation = Double.POSITIVE_INFINITY;
        double[][] best;
        int sinceBest;
        double loss = Double.NaN;
        double accuracy = Double.NaN;
        int step;

        Run(List<Sequence> data, Settings settings, Listener listener, Observation observation, int observedGroup) {
            this.data = data;
            this.settings = settings;
            this.opt = settings.optimization();
            this.listener = listener;
            this.observation = observation;
            this.observedGroup = observedGroup;
            random = new Random(settings.seed());
            order = new ArrayList<>(data);
            held = split(order, opt.validation(), settings.seed());
            hf = opt.optimizer() == Optimizer.HF ? new HessianFree(Trainer.this, network, settings.hessianFree()) : null;
        }

        void hessianFreeStep(List<Sequence> part, int epoch, Totals totals) throws DivergedException {
            HessianFree.Step done = hf.step(part, epoch, step + 1);
            totals.loss += done.loss() * part.size();
            totals.correct += done.correct();
            listener.hessianFree(epoch, step + 1, done.cgIterations(), done.lambda(), done.rho());
            listener.step(epoch, ++step, done.loss(), done.correct() / (double) part.size());
        }

        /** One minibatch: the gradient (at the look-ahead point with Nesterov momentum), decay and clipping, the optimiser's update. */
        void gradientStep(List<Sequence> part, int epoch, Totals totals) throws DivergedException {
            Batch batch = batch(part);
            GradientPass pass = gradientPass(batch, settings, observedGroup >= 0);
            for (DMatrixRMaj g : gradients) {
                g.zero();
            }
            double momentum = settings.momentumSchedule().at(step, settings.momentum());
            if (settings.nesterov()) {
                lookAhead(velocity, momentum, 1);
            }
            double batchLoss = pass.forward(network, batch);
            if (!Double.isFinite(batchLoss)) {
                if (settings.nesterov()) {
                    lookAhead(velocity, momentum, -1);
                }
                String where = pass.firstNonFinite();
                throw new DivergedException("the loss became " + batchLoss + " at epoch " + epoch + ", step " + (step + 1)
                        + (where == null ? "" : " (" + where + " was the first to leave the finite numbers)") + "; the last good weights are kept");
            }
            pass.backward(network, batch, gradients, settings.truncation());
            if (settings.nesterov()) {
                lookAhead(velocity, momentum, -1);
            }
            checkFinite(gradients, epoch, step + 1);
            decayAndClip(gradients, opt);
            if (opt.optimizer() == Optimizer.SGD) {
                update(gradients, velocity, nextVelocity, settings, momentum, epoch, step + 1);
            } else {
                adaptiveUpdate(gradients, velocity, second, settings, epoch, step + 1);
            }
            totals.loss += batchLoss;
            totals.correct += pass.correctCount();
            totals.edits += pass.labelEdits();
            totals.labels += pass.labelCount();
            listener.step(epoch, ++step, batchLoss / part.size(), pass.correctCount() / (double) part.size());
            if (observedGroup >= 0 && System.currentTimeMillis() - observation.intervalMillis() >= lastObserved) {
                lastObserved = System.currentTimeMillis();
                listener.gradientNorms(epoch, step, observation.gradientGroup(), pass.gradientNorms(observedGroup));
            }
        }

        /** Reports the epoch (its validation score and activations first, so that a listener reporting the epoch has them); whether to stop early. */
        boolean endEpoch(int epoch, Totals totals) {
            double[] score = held.isEmpty() ? null : evaluate(held, settings.batchSize());
            if (score != null) {
                listener.validation(epoch, score[0], score[1]);
            }
            if (totals.labels > 0) {
                listener.errorRates(epoch, totals.edits / (double) totals.labels, score == null ? Double.NaN : score[2]);
            }
            if (observation != null && !observation.activationGroups().isEmpty()) {
                listener.activations(epoch, outputs(data.get(observation.sequence()), observation.activationGroups()));
            }
            listener.epoch(epoch, loss, accuracy);
            if (score == null) {
                return false;
            }
            if (score[0] < bestValidation) {
                bestValidation = score[0];
                best = snapshot();
                sinceBest = 0;
            } else if (opt.patience() > 0 && ++sinceBest >= opt.patience()) {
                restore(best);
                return true;
            }
            return false;
        }
    }

    /** The checkpointed segments' length for sequences of this length, or 0 for the plain pass (also under Hessian-free, which takes its own passes). */
    public static int segmentLength(Plan plan, Settings settings, int steps) {
        if (settings.checkpoint() == 0 || settings.optimization().optimizer() == Optimizer.HF) {
            return 0;
        }
        int length = CheckpointedPass.segmentLength(plan, settings.checkpoint(), steps, settings.truncation());
        return length < steps ? length : 0;
    }

    /** Runs one sequence forward and copies the named groups' outputs, [step][unit]. */
    public Map<String, double[][]> outputs(Sequence sequence, List<String> groupIds) {
        if (!cached(List.of(sequence), 1)) {
            MemoryBudget.checkForward(plan, List.of(sequence), 1);
        }
        Batch batch = batch(List.of(sequence));
        Pass pass = pass(batch);
        pass.forward(network, batch);
        Map<String, double[][]> outputs = new LinkedHashMap<>();
        for (String id : groupIds) {
            int g = plan.groupIndex(id);
            double[][] values = new double[sequence.length()][];
            for (int t = 0; t < values.length; t++) {
                values[t] = pass.output(g, t).data.clone();
            }
            outputs.put(id, values);
        }
        return outputs;
    }

    /** Holds out the last fraction of a seeded shuffle of the data for validation; returns it, leaving the rest in data. */
    static List<Sequence> split(List<Sequence> data, double fraction, long seed) {
        if (fraction <= 0 || data.size() < 2) {
            return List.of();
        }
        Collections.shuffle(data, new Random(seed ^ 0x5DEECE66DL));
        int held = Math.min(data.size() - 1, Math.max(1, (int) Math.round(data.size() * fraction)));
        List<Sequence> validation = new ArrayList<>(data.subList(data.size() - held, data.size()));
        data.subList(data.size() - held, data.size()).clear();
        return validation;
    }

    private double[][] snapshot() {
        double[][] values = new double[plan.parameters().size()][];
        for (Plan.ParameterSet p : plan.parameters()) {
            values[p.index()] = network.value(p).data.clone();
        }
        return values;
    }

    private void restore(double[][] values) {
        if (values == null) {
            return;
        }
        for (Plan.ParameterSet p : plan.parameters()) {
            System.arraycopy(values[p.index()], 0, network.value(p).data, 0, p.size());
        }
    }

    /** L2 weight decay on weight matrices and diagonals, then clipping of the whole gradient's norm. */
    private void decayAndClip(DMatrixRMaj[] gradients, Optimization opt) {
        if (opt.weightDecay() > 0) {
            for (Plan.ParameterSet p : plan.parameters()) {
                if (p.trainable() && (p.kind() == Plan.ParameterSet.Kind.MATRIX || p.kind() == Plan.ParameterSet.Kind.DIAGONAL)) {
                    CommonOps_DDRM.addEquals(gradients[p.index()], opt.weightDecay(), network.value(p));
                }
            }
        }
        if (opt.clipNorm() > 0) {
            double sum = 0;
            for (Plan.ParameterSet p : plan.parameters()) {
                if (p.trainable()) {
                    for (double g : gradients[p.index()].data) {
                        sum += g * g;
                    }
                }
            }
            double norm = Math.sqrt(sum);
            if (norm > opt.clipNorm()) {
                for (DMatrixRMaj g : gradients) {
                    CommonOps_DDRM.scale(opt.clipNorm() / norm, g);
                }
            }
        }
    }

    /** RMSProp and Adam; the step that would leave the finite numbers is refused before anything changes. */
    private void adaptiveUpdate(DMatrixRMaj[] gradients, DMatrixRMaj[] first, DMatrixRMaj[] second, Settings s, int epoch, int step)
            throws DivergedException {
        Optimization opt = s.optimization();
        double rate = s.learningRate() * opt.rateFactor(epoch);
        boolean adam = opt.optimizer() == Optimizer.ADAM;
        double correct1 = adam ? 1 - Math.pow(opt.beta1(), step) : 1;
        double correct2 = adam ? 1 - Math.pow(opt.beta2(), step) : 1;
        double decay = adam ? opt.beta2() : opt.rho();
        for (int pass = 0; pass < 2; pass++) {
            for (Plan.ParameterSet p : plan.parameters()) {
                if (!p.trainable()) {
                    continue;
                }
                double[] w = network.value(p).data;
                double[] g = gradients[p.index()].data;
                double[] m = first[p.index()].data;
                double[] v = second[p.index()].data;
                for (int i = 0; i < w.length; i++) {
                    double newV = decay * v[i] + (1 - decay) * g[i] * g[i];
                    double newM = adam ? opt.beta1() * m[i] + (1 - opt.beta1()) * g[i] : g[i];
                    double next = w[i] - rate * (newM / correct1) / (Math.sqrt(newV / correct2) + opt.epsilon());
                    if (pass == 0 && !Double.isFinite(next)) {
                        throw new DivergedException("the weights of " + p.name() + " would become " + next + " at epoch " + epoch
                                + ", step " + step + "; the last good weights are kept");
                    }
                    if (pass == 1) {
                        v[i] = newV;
                        m[i] = newM;
                        w[i] = next;
                    }
                }
            }
        }
    }

    /**
     * Mean loss per sequence, the fraction of sequences with every target right, and the character error rate of
     * the ctc outputs' best-path readings (NaN without a ctc output).
     */
    public double[] evaluate(List<Sequence> data, int batchSize) {
        if (!cached(data, batchSize)) {
            MemoryBudget.checkForward(plan, data, batchSize);
        }
        double lossSum = 0;
        int correct = 0;
        long edits = 0;
        long labels = 0;
        for (int start = 0; start < data.size(); start += batchSize) {
            List<Sequence> part = data.subList(start, Math.min(data.size(), start + batchSize));
            Batch batch = batch(part);
            Pass pass = pass(batch);
            lossSum += pass.forward(network, batch);
            correct += pass.correctCount();
            edits += pass.labelEdits();
            labels += pass.labelCount();
        }
        return new double[] {lossSum / data.size(), correct / (double) data.size(), labels == 0 ? Double.NaN : edits / (double) labels};
    }

    /**
     * The mean loss per sequence over all the data, with its full (untruncated) gradient added into
     * {@code gradients}: each batch's gradient of its mean, weighted by its share of the sequences.
     */
    public double gradient(List<Sequence> data, int batchSize, DMatrixRMaj[] gradients) {
        DMatrixRMaj[] part = network.zerosLike();
        double lossSum = 0;
        for (int start = 0; start < data.size(); start += batchSize) {
            List<Sequence> sequences = data.subList(start, Math.min(data.size(), start + batchSize));
            Batch batch = batch(sequences);
            Pass pass = pass(batch);
            lossSum += pass.forward(network, batch);
            for (DMatrixRMaj g : part) {
                g.zero();
            }
            pass.backward(network, batch, part, 0);
            for (int i = 0; i < part.length; i++) {
                CommonOps_DDRM.addEquals(gradients[i], sequences.size() / (double) data.size(), part[i]);
            }
        }
        return lossSum / data.size();
    }

    /** Nesterov: the gradient is taken at w + momentum * v, then the weights are put back. */
    private void lookAhead(DMatrixRMaj[] velocity, double momentum, int sign) {
        for (Plan.ParameterSet p : plan.parameters()) {
            if (p.trainable()) {
                double[] w = network.value(p).data;
                double[] v = velocity[p.index()].data;
                for (int i = 0; i < w.length; i++) {
                    w[i] += sign * momentum * v[i];
                }
            }
        }
    }

    void checkFinite(DMatrixRMaj[] gradients, int epoch, int step) throws DivergedException {
        for (Plan.ParameterSet p : plan.parameters()) {
            for (double g : gradients[p.index()].data) {
                if (!Double.isFinite(g)) {
                    throw new DivergedException("the gradient of " + p.name() + " became " + g + " at epoch " + epoch
                            + ", step " + step + "; the last good weights are kept");
                }
            }
        }
    }

    /**
     * v = momentum v - rate g; w = w + v. The new velocities go to {@code next} first, so that a step that
     * would overflow a weight is refused before anything changes: the last good weights stay.
     */
    private void update(DMatrixRMaj[] gradients, DMatrixRMaj[] velocity, DMatrixRMaj[] next, Settings s, double momentum, int epoch, int step)
            throws DivergedException {
        for (Plan.ParameterSet p : plan.parameters()) {
            if (!p.trainable()) {
                continue;
            }
            double[] w = network.value(p).data;
            double[] v = velocity[p.index()].data;
            double[] g = gradients[p.index()].data;
            double[] n = next[p.index()].data;
            // the product the loop below read at every weight (a Math.pow under a step schedule), taken once
            double rate = s.learningRate() * s.optimization().rateFactor(epoch);
            for (int i = 0; i < w.length; i++) {
                n[i] = momentum * v[i] - rate * g[i];
                if (!Double.isFinite(w[i] + n[i])) {
                    throw new DivergedException("the weights of " + p.name() + " would become " + (w[i] + n[i]) + " at epoch "
                            + epoch + ", step " + step + "; the last good weights are kept");
                }
            }
        }
        for (Plan.ParameterSet p : plan.parameters()) {
            if (p.trainable()) {
                velocity[p.index()].setTo(next[p.index()]);
                CommonOps_DDRM.addEquals(network.value(p), velocity[p.index()]);
            }
        }
    }

    /** The whole-sequence pass of this batch's shape, with double-precision products (evaluation, outputs, gradients asked for). */
    Pass pass(Batch batch) {
        return pass(batch, Precision.DEFAULT).everyDerivative(true);
    }

    private Pass pass(Batch batch, Precision products) {
        return passes.computeIfAbsent(shape(batch.size(), batch.steps()), k -> new Pass(plan, batch.size(), batch.steps())).products(products);
    }

    /**
     * The whole-sequence pass (a tiny network's on the lanes), else the checkpointed one in segments; a pass that is watched
     * (the gradient view) keeps dE/dy of every group. The segments run on the per-step path
     * ({@link Pass#plain}), so with checkpointing on a batch short enough for one segment does too: every
     * batch of the run sums its gradient in the same order, whether it was cut or not.
     */
    private GradientPass gradientPass(Batch batch, Settings settings, boolean watched) {
        int segment = segmentLength(plan, settings, batch.steps());
        if (segment == 0 && settings.checkpoint() != 0 && settings.optimization().optimizer() != Optimizer.HF) {
            return perStep.computeIfAbsent(shape(batch.size(), batch.steps()), k -> Pass.plain(plan, batch.size(), batch.steps(), false))
                    .products(settings.precision());
        }
        if (segment == 0) {
            return tiny ? lanes.computeIfAbsent(shape(batch.size(), batch.steps()), k -> new LanePass(plan, batch.size(), batch.steps()))
                    : pass(batch, settings.precision()).everyDerivative(watched);
        }
        return checkpointed.computeIfAbsent(shape(batch.size(), batch.steps()), k -> new CheckpointedPass(plan, batch.size(), batch.steps(), segment))
                .products(settings.precision());
    }

    /**
     * The precision the products of a run of these settings run in: the setting, except for a net small enough for
     * the lanes ({@link LanePass}, every group at most 16 units: no product as wide as a float vector) and Hessian-free
     * (its curvature products are the ones it steps by), which run in double.
     */
    public static Precision products(Plan plan, Settings settings) {
        boolean hf = settings.optimization().optimizer() == Optimizer.HF;
        return LanePass.takes(plan) || hf ? Precision.FLOAT64 : settings.precision();
    }

    private static long shape(int size, int steps) {
        return ((long) size << 32) | steps;
    }

    private static <V> Map<Long, V> recentlyUsed() {
        return new LinkedHashMap<>(SHAPES_KEPT, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, V> eldest) {
                return size() > SHAPES_KEPT;
            }
        };
    }

    /** Whether the pass for the data's largest batch is kept already: its memory is in use, not to be found again. */
    private boolean cached(List<Sequence> data, int batchSize) {
        return passes.containsKey(shape(Math.min(batchSize, data.size()), longest(data)));
    }

    /**
     * Copies sequences into a batch as long as the longest of them; shorter ones are masked by length. One
     * batch per shape is kept and refilled, so a training step allocates nothing.
     */
    Batch batch(List<Sequence> part) {
        int steps = longest(part);
        Batch batch = batches.computeIfAbsent(shape(part.size(), steps), k -> new Batch(plan, part.size(), steps));
        fill(plan, part, batch);
        return batch;
    }

    static int longest(List<Sequence> part) {
        int steps = 0;
        for (Sequence s : part) {
            steps = Math.max(steps, s.length());
        }
        return steps;
    }

    /** Copies sequences into a batch of their number and at least their longest length. */
    static void fill(Plan plan, List<Sequence> part, Batch batch) {
        batch.fill(plan, part);
    }
}
