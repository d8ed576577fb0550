package org.rnnstudio.engine;

import java.util.List;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.rnnstudio.model.Activation;
import org.rnnstudio.model.Connection;
import org.rnnstudio.model.UnitGroup;

/**
 * Forward and backward through time for batches of one shape (B sequences, T steps). Everything is
 * allocated here, once per shape; the time loops allocate nothing.
 */
public final class Pass {

    private final Plan plan;
    private final int batch;
    private final int steps;
    private final int groups;
    /** outputs y and total inputs net of every group at every step: [group][step], B x units */
    private final DMatrixRMaj[][] y;
    private final DMatrixRMaj[][] net;
    /** dE/dy, accumulated from the loss and from every reader */
    private final DMatrixRMaj[][] dy;
    /** what each incoming wire of a product group brought: [group][wire][step] */
    private final DMatrixRMaj[][][] contribution;
    /** the state at negative steps (zero, fixed or learned), and dE/d of it summed over those steps */
    private final DMatrixRMaj[] initial;
    private final DMatrixRMaj[] dInitial;
    private final DMatrixRMaj[] dNet;
    private final DMatrixRMaj[] dWire;
    private final boolean[] correct;
    private final FusedWires fused;
    /** the outputs before step 0 when running on (see {@link #continueFrom}) */
    private DMatrixRMaj[][] past;
    private double loss;
    private int correctCount;

    public Pass(Plan plan, int batch, int steps) {
        this(plan, batch, steps, false);
    }

    /**
     * With inputGradients, backward also computes dE/dx for the input groups ({@link #outputGradient} of an
     * input group); training does not need them, a check against another implementation does.
     */
    public Pass(Plan plan, int batch, int steps, boolean inputGradients) {
        this.plan = plan;
        this.batch = batch;
        this.steps = steps;
        this.groups = plan.groups().size();
        y = new DMatrixRMaj[groups][steps];
        net = new DMatrixRMaj[groups][];
        dy = new DMatrixRMaj[groups][];
        contribution = new DMatrixRMaj[groups][][];
        initial = new DMatrixRMaj[groups];
        dInitial = new DMatrixRMaj[groups];
        dNet = new DMatrixRMaj[groups];
        dWire = new DMatrixRMaj[groups];
        correct = new boolean[batch];
        fused = new FusedWires(plan, batch);
        for (int g = 0; g < groups; g++) {
            UnitGroup group = plan.groups().get(g);
            int n = group.size();
            for (int t = 0; t < steps; t++) {
                y[g][t] = new DMatrixRMaj(batch, n);
            }
            initial[g] = new DMatrixRMaj(batch, n);
            if (group.isInput()) {
                if (inputGradients) {
                    dy[g] = matrices(steps, n);
                    dInitial[g] = new DMatrixRMaj(batch, n);
                }
                continue;
            }
            net[g] = matrices(steps, n);
            dy[g] = matrices(steps, n);
            dInitial[g] = new DMatrixRMaj(batch, n);
            dNet[g] = new DMatrixRMaj(batch, n);
            dWire[g] = new DMatrixRMaj(batch, n);
            if (group.combine() == UnitGroup.Combine.PRODUCT) {
                List<Plan.Wire> wires = plan.incoming(g);
                contribution[g] = new DMatrixRMaj[wires.size()][];
                for (int k = 0; k < wires.size(); k++) {
                    contribution[g][k] = matrices(steps, n);
                }
            }
        }
    }

    private DMatrixRMaj[] matrices(int count, int n) {
        DMatrixRMaj[] m = new DMatrixRMaj[count];
        for (int i = 0; i < count; i++) {
            m[i] = new DMatrixRMaj(batch, n);
        }
        return m;
    }

    public int batchSize() {
        return batch;
    }

    public int steps() {
        return steps;
    }

    /** The output of plan group g at step t, from the last forward pass (B x units). */
    public DMatrixRMaj output(int g, int t) {
        return y[g][t];
    }

    /**
     * dE/dy of plan group g at step t from the last backward pass (E is the mean loss per sequence); null
     * for input groups, whose derivatives are not computed.
     */
    public DMatrixRMaj outputGradient(int g, int t) {
        return dy[g] == null ? null : dy[g][t];
    }

    /** The loss of the last forward pass, summed over the sequences of the batch. */
    public double loss() {
        return loss;
    }

    /**
     * Where the last forward pass first produced a value that is not a finite number, as "group 'ID' at
     * step T" (groups in computation order within each step), or null when every output is finite.
     */
    public String firstNonFinite() {
        for (int t = 0; t < steps; t++) {
            for (int g = 0; g < groups; g++) {
                for (double v : y[g][t].data) {
                    if (!Double.isFinite(v)) {
                        return "group '" + plan.groups().get(g).id() + "' at step " + t;
                    }
                }
            }
        }
        return null;
    }

    /** How many sequences of the last forward pass had every target right. */
    public int correctCount() {
        return correctCount;
    }

    private DMatrixRMaj source(int g, int s) {
        if (s >= 0) {
            return y[g][s];
        }
        DMatrixRMaj carried = past == null || past[g] == null || -s > past[g].length ? null : past[g][-s - 1];
        return carried != null ? carried : initial[g];
    }

    /**
     * Runs on from where an earlier run stopped: past[g][d - 1] is group g's output d steps before this
     * pass's step 0 (a null array or entry: the initial state); for running a network one step at a time
     * ({@link Stepper}).
     */
    public void continueFrom(DMatrixRMaj[][] past) {
        this.past = past;
    }

    /** Runs the batch forward through all steps; returns the loss summed over sequences. */
    public double forward(Network network, Batch data) {
        check(data);
        fused.gatherWeights(network);
        for (int g = 0; g < groups; g++) {
            fillInitialState(network, g);
        }
        for (int t = 0; t < steps; t++) {
            for (int g = 0; g < groups; g++) {
                UnitGroup group = plan.groups().get(g);
                if (group.isInput()) {
                    clampInput(group, data.input(g, t), y[g][t], t);
                } else {
                    computeGroup(network, g, group, t);
                }
            }
        }
        scoreAll(data);
        return loss;
    }

    private void check(Batch data) {
        if (data.size() != batch || data.steps() != steps) {
            throw new IllegalArgumentException("a pass for " + batch + " x " + steps + " was given a batch of "
                    + data.size() + " x " + data.steps());
        }
    }

    private void fillInitialState(Network network, int g) {
        UnitGroup group = plan.groups().get(g);
        DMatrixRMaj init = initial[g];
        init.zero();
        double[] row = null;
        if (plan.initialState(g) != null) {
            row = network.value(plan.initialState(g)).data;
        } else if (!group.isInput() && group.initialState() == UnitGroup.InitialStateKind.FIXED) {
            row = group.initialValues();
        }
        if (row != null) {
            int n = group.size();
            for (int b = 0; b < batch; b++) {
                System.arraycopy(row, 0, init.data, b * n, n);
            }
        }
    }

    private void clampInput(UnitGroup group, DMatrixRMaj in, DMatrixRMaj out, int t) {
        if (group.inputSchedule() == UnitGroup.InputSchedule.FIRST_STEP && t > 0) {
            out.zero();
            return;
        }
        if (group.units() == null) {
            out.setTo(in);
            return;
        }
        out.zero();
        int n = group.size();
        for (int b = 0; b < batch; b++) {
            for (int u : group.units()) {
                out.data[b * n + u] = in.data[b * n + u];
            }
        }
    }

    private void computeGroup(Network network, int g, UnitGroup group, int t) {
        DMatrixRMaj total = net[g][t];
        List<Plan.Wire> wires = plan.incoming(g);
        if (group.combine() == UnitGroup.Combine.SUM) {
            total.zero();
            for (int k = 0; k < wires.size(); k++) {
                Plan.Wire w = wires.get(k);
                if (fused.isFused(g, k)) {
                    fused.addContribution(g, k, source(w.fromGroup(), t - w.delay()), t, total);
                } else {
                    addContribution(network, w, source(w.fromGroup(), t - w.delay()), total);
                }
            }
        } else {
            for (int k = 0; k < wires.size(); k++) {
                DMatrixRMaj c = contribution[g][k][t];
                c.zero();
                addContribution(network, wires.get(k), source(wires.get(k).fromGroup(), t - wires.get(k).delay()), c);
                if (k == 0) {
                    total.setTo(c);
                } else {
                    CommonOps_DDRM.elementMult(total, c);
                }
            }
            if (wires.isEmpty()) {
                total.zero();
            }
        }
        if (plan.bias(g) != null) {
            addRowToEachRow(network.value(plan.bias(g)).data, total);
        }
        ActivationFunctions.forward(group.activation(), total, y[g][t]);
    }

    private static void addContribution(Network network, Plan.Wire w, DMatrixRMaj from, DMatrixRMaj into) {
        switch (w.kind()) {
        case FULL:
            Gemm.multAdd(from, network.value(w.weights()), into);
            break;
        case ONE_TO_ONE:
            double[] d = network.value(w.weights()).data;
            int n = d.length;
            for (int i = 0; i < into.data.length; i++) {
                into.data[i] += from.data[i] * d[i % n];
            }
            break;
        case IDENTITY:
            CommonOps_DDRM.addEquals(into, w.connection().scale(), from);
            break;
        default:
            throw new IllegalStateException(w.kind().name());
        }
    }

    /** One flat loop with the column wrapping round: for the few units of a small group, faster than a loop per row. */
    private static void addRowToEachRow(double[] row, DMatrixRMaj m) {
        double[] d = m.data;
        int n = row.length;
        int size = m.getNumElements();
        for (int i = 0, j = 0; i < size; i++) {
            d[i] += row[j];
            if (++j == n) {
                j = 0;
            }
        }
    }

    // --- loss ------------------------------------------------------------------------------------------

    private boolean targetAt(UnitGroup group, int t, int length) {
        if (t >= length) {
            return false;
        }
        switch (group.targetSchedule()) {
        case EVERY_STEP:
            return true;
        case FINAL_STEP:
            return t == length - 1;
        case LAST_STEPS:
            return t >= length - group.targetSteps();
        default:
            throw new IllegalStateException(group.targetSchedule().name());
        }
    }

    private void scoreAll(Batch data) {
        loss = 0;
        java.util.Arrays.fill(correct, true);
        for (int g = 0; g < groups; g++) {
            UnitGroup group = plan.groups().get(g);
            if (!group.isOutput()) {
                continue;
            }
            int n = group.size();
            int[] units = group.unitsOrAll();
            for (int t = 0; t < steps; t++) {
                DMatrixRMaj target = data.target(g, t);
                for (int b = 0; b < batch; b++) {
                    if (!targetAt(group, t, data.lengths()[b])) {
                        continue;
                    }
                    int row = b * n;
                    loss += rowLoss(group, units, net[g][t].data, y[g][t].data, target.data, row);
                    if (!rowCorrect(group, units, y[g][t].data, target.data, row)) {
                        correct[b] = false;
                    }
                }
            }
        }
        correctCount = 0;
        for (boolean c : correct) {
            correctCount += c ? 1 : 0;
        }
    }

    private static double rowLoss(UnitGroup group, int[] units, double[] net, double[] y, double[] target, int row) {
        double e = 0;
        switch (group.loss()) {
        case SQUARED_ERROR:
            for (int u : units) {
                double t = target[row + u];
                if (!Double.isNaN(t)) {
                    double diff = y[row + u] - t;
                    e += 0.5 * diff * diff;
                }
            }
            return e;
        case LOGISTIC_CROSS_ENTROPY:
            // -t log s(x) - (1 - t) log(1 - s(x)) = max(x, 0) - t x + log(1 + exp(-|x|)), finite for any x
            for (int u : units) {
                double t = target[row + u];
                if (!Double.isNaN(t)) {
                    double x = net[row + u];
                    e += Math.max(x, 0) - t * x + Math.log1p(Math.exp(-Math.abs(x)));
                }
            }
            return e;
        case CROSS_ENTROPY:
            int n = group.size();
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < n; j++) {
                max = Math.max(max, net[row + j]);
            }
            double sum = 0;
            for (int j = 0; j < n; j++) {
                sum += Math.exp(net[row + j] - max);
            }
            double logSum = max + Math.log(sum);
            for (int u : units) {
                double t = target[row + u];
                if (!Double.isNaN(t)) {
                    e -= t * (net[row + u] - logSum);
                }
            }
            return e;
        default:
            throw new IllegalStateException(group.loss().name());
        }
    }

    private static boolean rowCorrect(UnitGroup group, int[] units, double[] y, double[] target, int row) {
        if (group.activation() == Activation.SOFTMAX) {
            int best = -1;
            int wanted = -1;
            for (int u : units) {
                if (Double.isNaN(target[row + u])) {
                    return true;
                }
                if (best < 0 || y[row + u] > y[row + best]) {
                    best = u;
                }
                if (wanted < 0 || target[row + u] > target[row + wanted]) {
                    wanted = u;
                }
            }
            return best == wanted;
        }
        for (int u : units) {
            double t = target[row + u];
            if (!Double.isNaN(t) && Math.abs(y[row + u] - t) >= 0.5) {
                return false;
            }
        }
        return true;
    }

    // --- backward --------------------------------------------------------------------------------------

    /**
     * Backpropagation through time of the mean loss per sequence, after {@link #forward}. Adds into
     * {@code gradients} (one matrix per parameter set, shaped like the network's). With truncation k > 0,
     * derivatives stop at the borders of k-step chunks (truncated BPTT); 0 means full BPTT.
     */
    public void backward(Network network, Batch data, DMatrixRMaj[] gradients, int truncation) {
        check(data);
        fused.gatherWeights(network);
        double scale = 1.0 / batch;
        for (int g = 0; g < groups; g++) {
            if (dy[g] != null) {
                for (int t = 0; t < steps; t++) {
                    dy[g][t].zero();
                }
                dInitial[g].zero();
            }
        }
        for (int t = steps - 1; t >= 0; t--) {
            for (int g = groups - 1; g >= 0; g--) {
                UnitGroup group = plan.groups().get(g);
                if (group.isInput()) {
                    continue;
                }
                DMatrixRMaj d = dNet[g];
                if (group.isOutput()) {
                    addLossGradient(group, data, g, t, scale, true);
                }
                ActivationFunctions.backward(group.activation(), y[g][t], dy[g][t], d);
                if (group.isOutput()) {
                    addLossGradient(group, data, g, t, scale, false);
                }
                backwardGroup(network, g, group, t, gradients, truncation);
            }
        }
        for (int g = 0; g < groups; g++) {
            Plan.ParameterSet init = plan.initialState(g);
            if (init != null) {
                addColumnSums(dInitial[g], gradients[init.index()].data);
            }
        }
    }

    /**
     * Squared error enters through dE/dy (before the activation's derivative); the cross-entropies enter
     * dE/dnet directly, where they are simple and exact: y sum(t) - t for softmax, y - t for logistic.
     */
    private void addLossGradient(UnitGroup group, Batch data, int g, int t, double scale, boolean beforeActivation) {
        boolean squared = group.loss() == UnitGroup.Loss.SQUARED_ERROR;
        if (squared != beforeActivation) {
            return;
        }
        DMatrixRMaj into = beforeActivation ? dy[g][t] : dNet[g];
        double[] out = y[g][t].data;
        double[] target = data.target(g, t).data;
        int n = group.size();
        int[] units = group.unitsOrAll();
        for (int b = 0; b < batch; b++) {
            if (!targetAt(group, t, data.lengths()[b])) {
                continue;
            }
            int row = b * n;
            if (group.loss() == UnitGroup.Loss.CROSS_ENTROPY) {
                double sum = 0;
                for (int u : units) {
                    double v = target[row + u];
                    sum += Double.isNaN(v) ? 0 : v;
                }
                for (int j = 0; j < n; j++) {
                    into.data[row + j] += scale * out[row + j] * sum;
                }
                for (int u : units) {
                    double v = target[row + u];
                    into.data[row + u] -= Double.isNaN(v) ? 0 : scale * v;
                }
                continue;
            }
            for (int u : units) {
                double v = target[row + u];
                if (!Double.isNaN(v)) {
                    into.data[row + u] += scale * (out[row + u] - v);
                }
            }
        }
    }

    private void backwardGroup(Network network, int g, UnitGroup group, int t, DMatrixRMaj[] gradients, int truncation) {
        DMatrixRMaj d = dNet[g];
        if (plan.bias(g) != null) {
            addColumnSums(d, gradients[plan.bias(g).index()].data);
        }
        List<Plan.Wire> wires = plan.incoming(g);
        for (int k = 0; k < wires.size(); k++) {
            Plan.Wire w = wires.get(k);
            DMatrixRMaj dc = d;
            if (group.combine() == UnitGroup.Combine.PRODUCT) {
                dc = dWire[g];
                dc.setTo(d);
                for (int j = 0; j < wires.size(); j++) {
                    if (j != k) {
                        CommonOps_DDRM.elementMult(dc, contribution[g][j][t]);
                    }
                }
            }
            int s = t - w.delay();
            DMatrixRMaj from = source(w.fromGroup(), s);
            if (fused.isFused(g, k)) {
                boolean passOn = dy[w.fromGroup()] != null && !cut(truncation, s, t);
                fused.addDerivative(g, k, dc, from, passOn ? (s >= 0 ? dy[w.fromGroup()][s] : dInitial[w.fromGroup()]) : null, gradients);
                continue;
            }
            if (w.weights() != null && w.weights().trainable()) {
                DMatrixRMaj grad = gradients[w.weights().index()];
                if (w.kind() == Connection.Kind.FULL) {
                    Gemm.multAddTransA(from, dc, grad);
                } else {
                    int n = grad.data.length;
                    for (int i = 0; i < dc.data.length; i++) {
                        grad.data[i % n] += from.data[i] * dc.data[i];
                    }
                }
            }
            if (dy[w.fromGroup()] == null || cut(truncation, s, t)) {
                continue;
            }
            DMatrixRMaj dFrom = s >= 0 ? dy[w.fromGroup()][s] : dInitial[w.fromGroup()];
            switch (w.kind()) {
            case FULL:
                Gemm.multAddTransB(dc, network.value(w.weights()), dFrom);
                break;
            case ONE_TO_ONE:
                double[] diagonal = network.value(w.weights()).data;
                int n = diagonal.length;
                for (int i = 0; i < dc.data.length; i++) {
                    dFrom.data[i] += dc.data[i] * diagonal[i % n];
                }
                break;
            case IDENTITY:
                CommonOps_DDRM.addEquals(dFrom, w.connection().scale(), dc);
                break;
            default:
                throw new IllegalStateException(w.kind().name());
            }
        }
    }

    /** Truncated BPTT: no derivative crosses from step t back into an earlier chunk (negative steps belong to the first). */
    private static boolean cut(int truncation, int s, int t) {
        return truncation > 0 && s != t && Math.max(s, 0) / truncation != t / truncation;
    }

    private static void addColumnSums(DMatrixRMaj m, double[] into) {
        double[] d = m.data;
        int n = m.numCols;
        int size = m.getNumElements();
        for (int i = 0, j = 0; i < size; i++) {
            into[j] += d[i];
            if (++j == n) {
                j = 0;
            }
        }
    }
}
