package org.rnnstudio.engine;

import java.util.Arrays;

import org.ejml.data.DMatrixRMaj;
import org.rnnstudio.model.Activation;
import org.rnnstudio.model.Connection;
import org.rnnstudio.model.UnitGroup;

/**
 * Forward and backward through time for tiny networks (the lecture's binary adder: 2-3-1 units), where the
 * generic {@link Pass}'s matrices are too small for its products to pay: per step it would multiply 64 x 3
 * matrices and call an operation per wire, per group and per loss. Here the batch is laid out as lanes,
 * unit-major with the sequences side by side ({@code value[(t * units + u) * B + b]}), so that every weight
 * is one scalar times a run of B lanes ({@link Lanes}), and a whole step is one pass over a few arrays with
 * nothing allocated and no operation objects. A group read d steps back keeps d steps before step 0 that
 * hold its initial state (their dE/dy is the initial state's), so a delayed wire reads one run of steps
 * wherever it starts. Weight gradients are taken after the backward loop: one dot product over all steps
 * and sequences per weight.
 *
 * It computes what {@link Pass} computes, to rounding (the sums run in another order), for the plans it
 * {@link #takes}: one phase through time (no reversed wires), full connections with any delay, sum units
 * that are logistic, tanh or linear, biases and initial states of every kind, inputs clamped at every step,
 * outputs scored by squared error or logistic cross-entropy on any target schedule, and truncated BPTT.
 * Everything else (and every group over {@link #MAX_UNITS} units, where the products win) takes the
 * generic pass. Only training's gradient steps run here; evaluation, Hessian-free and checkpointing keep theirs.
 */
public final class LanePass implements GradientPass {

    /**
     * Units up to which a group is tiny. A 4-h-4 tanh net at batch 64, T 8 (forward and backward, one thread):
     * h = 16 took 89 us here against the pass's 119, 24 151 against 197, 32 264 against 259, 64 860 against
     * 603; the bound keeps a margin below where the pass's products start to win.
     */
    public static final int MAX_UNITS = 16;

    private final Plan plan;
    private final int batch;
    private final int steps;
    private final Lanes lanes = Lanes.IN_USE;
    /** per group: its units, the steps before step 0 it keeps, and outputs y, total inputs net and dE/dy at every step, as lanes */
    private final int[] units;
    private final int[] before;
    private final Activation[] activation;
    private final double[][] y;
    private final double[][] net;
    private final double[][] dy;
    /** per output group: its targets at every step and whether each lane is scored there (1) or not (0) */
    private final double[][] target;
    private final double[][] scored;
    private final UnitGroup.Loss[] loss;
    /** per output group: which of its units have targets */
    private final boolean[][] targeted;
    /** per group: dE/dnet at every step, kept for the weight gradients taken after the backward loop */
    private final double[][] dNet;
    /** a unit that is always 1 on every lane: what a bias reads */
    private final double[] ones;
    /** per sequence: 1 once one of its scored outputs was wrong */
    private final double[] wrong;
    private double totalLoss;
    private int correctCount;

    /** Whether this pass computes the plan (see the class comment); else the generic {@link Pass} does. */
    public static boolean takes(Plan plan) {
        if (plan.phases() != 1) {
            return false;
        }
        for (int g = 0; g < plan.groups().size(); g++) {
            UnitGroup group = plan.groups().get(g);
            if (group.size() > MAX_UNITS) {
                return false;
            }
            if (group.isInput()) {
                if (group.inputSchedule() != UnitGroup.InputSchedule.EVERY_STEP || group.units() != null) {
                    return false;
                }
                continue;
            }
            Activation f = group.activation();
            if (group.combine() != UnitGroup.Combine.SUM || (f != Activation.LOGISTIC && f != Activation.TANH && f != Activation.LINEAR)) {
                return false;
            }
            if (group.isOutput() && group.loss() != UnitGroup.Loss.SQUARED_ERROR && group.loss() != UnitGroup.Loss.LOGISTIC_CROSS_ENTROPY) {
                return false;
            }
            for (Plan.Wire w : plan.incoming(g)) {
                if (w.kind() != Connection.Kind.FULL || w.reverse()) {
                    return false;
                }
            }
        }
        return true;
    }

    public LanePass(Plan plan, int batch, int steps) {
        if (!takes(plan)) {
            throw new IllegalArgumentException("the lanes do not compute this plan: use Pass");
        }
        this.plan = plan;
        this.batch = batch;
        this.steps = steps;
        int groups = plan.groups().size();
        units = new int[groups];
        activation = new Activation[groups];
        y = new double[groups][];
        net = new double[groups][];
        dy = new double[groups][];
        before = new int[groups];
        target = new double[groups][];
        scored = new double[groups][];
        loss = new UnitGroup.Loss[groups];
        targeted = new boolean[groups][];
        wrong = new double[batch];
        ones = new double[batch];
        Arrays.fill(ones, 1);
        dNet = new double[groups][];
        for (int g = 0; g < groups; g++) {
            UnitGroup group = plan.groups().get(g);
            units[g] = group.size();
            before[g] = plan.maxDelayRead(g);
            int size = (before[g] + steps) * group.size() * batch;
            y[g] = new double[size];
            if (group.isInput()) {
                continue;
            }
            activation[g] = group.activation();
            net[g] = new double[size];
            dy[g] = new double[size];
            dNet[g] = new double[size];
            if (group.isOutput()) {
                loss[g] = group.loss();
                targeted[g] = new boolean[group.size()];
                for (int u : group.unitsOrAll()) {
                    targeted[g][u] = true;
                }
                target[g] = new double[size];
                scored[g] = new double[size];
            }
        }
    }

    // --- forward -----------------------------------------------------------------------------------------

    @Override
    public double forward(Network network, Batch data) {
        check(data);
        for (int g = 0; g < units.length; g++) {
            UnitGroup group = plan.groups().get(g);
            fillInitialState(network, g, group);
            if (group.isInput()) {
                for (int t = 0; t < steps; t++) {
                    toLanes(data.input(g, t), y[g], step(g, t));
                }
            } else if (group.isOutput()) {
                readTargets(data, g, group);
            }
        }
        totalLoss = 0;
        Arrays.fill(wrong, 0);
        for (int t = 0; t < steps; t++) {
            for (int g = 0; g < units.length; g++) {
                if (net[g] != null) {
                    computeGroup(network, g, t);
                }
            }
        }
        correctCount = 0;
        for (double w : wrong) {
            correctCount += w == 0 ? 1 : 0;
        }
        return totalLoss;
    }

    /** net_j = b_j + sum over wires and source units i of w_ij x_i, each a run of lanes; y = f(net); the loss and the right answers at this step. */
    private void computeGroup(Network network, int g, int t) {
        int n = units[g];
        int at = step(g, t);
        double[] total = net[g];
        Plan.ParameterSet bias = plan.bias(g);
        for (int j = 0; j < n; j++) {
            Arrays.fill(total, at + j * batch, at + (j + 1) * batch, bias == null ? 0 : network.value(bias).data[j]);
        }
        for (Plan.Wire w : plan.incoming(g)) {
            int from = w.fromGroup();
            double[] weights = network.value(w.weights()).data;
            for (int j = 0; j < n; j++) {
                lanes.addWeighted(weights, j, n, y[from], step(from, w.sourceStep(t)), batch, units[from], total, at + j * batch, batch);
            }
        }
        lanes.activate(activation[g], total, y[g], at, n * batch);
        if (loss[g] != null) {
            totalLoss += loss[g] == UnitGroup.Loss.LOGISTIC_CROSS_ENTROPY ? lanes.crossEntropy(total, target[g], scored[g], at, n * batch)
                    : lanes.squaredError(y[g], target[g], scored[g], at, n * batch);
            for (int u = 0; u < n; u++) {
                lanes.markWrong(y[g], target[g], scored[g], at + u * batch, wrong, 0, batch);
            }
        }
    }

    private void check(Batch data) {
        if (data.size() != batch || data.steps() != steps) {
            throw new IllegalArgumentException("a pass for " + batch + " x " + steps + " was given a batch of " + data.size() + " x " + data.steps());
        }
    }

    private void fillInitialState(Network network, int g, UnitGroup group) {
        double[] values = plan.initialState(g) != null ? network.value(plan.initialState(g)).data
                : !group.isInput() && group.initialState() == UnitGroup.InitialStateKind.FIXED ? group.initialValues() : null;
        for (int s = -before[g]; s < 0; s++) {
            for (int u = 0; u < units[g]; u++) {
                Arrays.fill(y[g], step(g, s) + u * batch, step(g, s) + (u + 1) * batch, values == null ? 0 : values[u]);
            }
        }
    }

    /** Where step s (from minus the steps kept before 0) of group g starts in its lanes. */
    private int step(int g, int s) {
        return (before[g] + s) * units[g] * batch;
    }

    /** A B x units matrix into unit-major lanes from i on. */
    private void toLanes(DMatrixRMaj m, double[] into, int i) {
        int n = m.numCols;
        for (int u = 0; u < n; u++) {
            for (int b = 0; b < batch; b++, i++) {
                into[i] = m.data[b * n + u];
            }
        }
    }

    /** The targets as lanes, 0 and unscored where there is none: a NaN target, a unit without targets, a step off the schedule. */
    private void readTargets(Batch data, int g, UnitGroup group) {
        int n = units[g];
        for (int t = 0; t < steps; t++) {
            DMatrixRMaj m = data.target(g, t);
            for (int u = 0, i = step(g, t); u < n; u++) {
                for (int b = 0; b < batch; b++, i++) {
                    double value = m.data[b * n + u];
                    boolean on = targeted[g][u] && !Double.isNaN(value) && Pass.targetAt(group, t, data.lengths()[b]);
                    target[g][i] = on ? value : 0;
                    scored[g][i] = on ? 1 : 0;
                }
            }
        }
    }

    // --- backward ----------------------------------------------------------------------------------------

    @Override
    public void backward(Network network, Batch data, DMatrixRMaj[] gradients, int truncation) {
        check(data);
        for (int g = 0; g < units.length; g++) {
            if (dy[g] != null) {
                Arrays.fill(dy[g], 0);
            }
        }
        double scale = 1.0 / batch;
        for (int t = steps - 1; t >= 0; t--) {
            for (int g = units.length - 1; g >= 0; g--) {
                if (net[g] != null) {
                    backwardGroup(network, g, t, scale, truncation);
                }
            }
        }
        for (int g = 0; g < units.length; g++) {
            if (net[g] != null) {
                addWeightGradients(g, gradients);
            }
        }
    }

    /**
     * dE/dnet = f'(net) dE/dy plus the loss's y - t (with respect to y for squared error, to net for the
     * cross-entropy); then each source unit's dE/dx_i += sum over j of w_ij dE/dnet_j.
     */
    private void backwardGroup(Network network, int g, int t, double scale, int truncation) {
        int n = units[g];
        int at = step(g, t);
        if (loss[g] == UnitGroup.Loss.SQUARED_ERROR) {
            lanes.addDifference(y[g], target[g], scored[g], at, scale, dy[g], at, n * batch);
        }
        lanes.derivative(activation[g], y[g], dy[g], at, dNet[g], at, n * batch);
        if (loss[g] == UnitGroup.Loss.LOGISTIC_CROSS_ENTROPY) {
            lanes.addDifference(y[g], target[g], scored[g], at, scale, dNet[g], at, n * batch);
        }
        for (Plan.Wire w : plan.incoming(g)) {
            int from = w.fromGroup();
            int s = w.sourceStep(t);
            if (dy[from] == null || Pass.cut(truncation, s, t)) {
                continue;
            }
            double[] weights = network.value(w.weights()).data;
            for (int i = 0; i < units[from]; i++) {
                lanes.addWeighted(weights, i * n, 1, dNet[g], at, batch, n, dy[from], step(from, s) + i * batch, batch);
            }
        }
    }

    /**
     * After the backward loop, over all steps at once: dE/dw_ij = sum over steps and sequences of x_i dE/dnet_j
     * (x_i read delay steps back, the initial state before step 0), a bias's the same with x = 1, an initial
     * state's the sum of what reached the steps before 0.
     */
    private void addWeightGradients(int g, DMatrixRMaj[] gradients) {
        int n = units[g];
        int stride = n * batch;
        Plan.ParameterSet bias = plan.bias(g);
        if (bias != null && bias.trainable()) {
            for (int j = 0; j < n; j++) {
                gradients[bias.index()].data[j] += lanes.dot(ones, 0, 0, dNet[g], step(g, 0) + j * batch, stride, steps, batch);
            }
        }
        for (Plan.Wire w : plan.incoming(g)) {
            if (!w.weights().trainable()) {
                continue;
            }
            int from = w.fromGroup();
            int m = units[from];
            double[] into = gradients[w.weights().index()].data;
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    into[i * n + j] += lanes.dot(y[from], step(from, -w.delay()) + i * batch, m * batch, dNet[g], step(g, 0) + j * batch, stride, steps,
                            batch);
                }
            }
        }
        Plan.ParameterSet init = plan.initialState(g);
        if (init != null) {
            for (int u = 0; u < n; u++) {
                gradients[init.index()].data[u] += lanes.dot(ones, 0, 0, dy[g], step(g, -before[g]) + u * batch, stride, before[g], batch);
            }
        }
    }

    // --- what a training step reads ------------------------------------------------------------------------

    @Override
    public double[] gradientNorms(int g) {
        double[] norms = new double[steps];
        for (int t = 0; t < steps; t++) {
            double sum = 0;
            for (int i = step(g, t); i < step(g, t + 1); i++) {
                sum += dy[g][i] * dy[g][i];
            }
            norms[t] = Math.sqrt(sum);
        }
        return norms;
    }

    @Override
    public int correctCount() {
        return correctCount;
    }

    /** As {@link Pass#firstNonFinite()}: groups in computation order within each step. */
    @Override
    public String firstNonFinite() {
        for (int t = 0; t < steps; t++) {
            for (int g = 0; g < units.length; g++) {
                for (int i = step(g, t); i < step(g, t + 1); i++) {
                    if (!Double.isFinite(y[g][i])) {
                        return "group '" + plan.groups().get(g).id() + "' at step " + t;
                    }
                }
            }
        }
        return null;
    }

    public int batchSize() {
        return batch;
    }

    public int steps() {
        return steps;
    }

    /** dE/dy of plan group g at step t from the last backward pass, as {@link Pass#outputGradient} (B x units); null for input groups. */
    public DMatrixRMaj outputGradient(int g, int t) {
        if (dy[g] == null) {
            return null;
        }
        int n = units[g];
        DMatrixRMaj m = new DMatrixRMaj(batch, n);
        for (int u = 0, i = step(g, t); u < n; u++) {
            for (int b = 0; b < batch; b++, i++) {
                m.data[b * n + u] = dy[g][i];
            }
        }
        return m;
    }
}
