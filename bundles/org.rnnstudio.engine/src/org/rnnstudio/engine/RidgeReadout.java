package org.rnnstudio.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.rnnstudio.model.Activation;
import org.rnnstudio.model.Connection;
import org.rnnstudio.model.UnitGroup;

/**
 * An echo-state network's training (Jaeger 2001; Jaeger &amp; Haas 2004): when the only trainable parameters
 * are a linear readout (full connections into linear output groups with squared error, and those groups'
 * biases), the best readout is one ridge regression over the states the network visits, not epochs of
 * gradient descent. The states are collected by teacher-forced passes (a fed-back output reads its target),
 * the steps before {@code washout} left out; for each output group, with X the rows [sources read by its
 * trainable connections at their delays, 1] and R its targets less what its fixed connections bring, W
 * minimises ||X W - R||^2 + lambda ||D W||^2, where D is the identity except 0 for the bias (the bias is not
 * shrunk), solved from the QR decomposition of the rows ({@link LeastSquaresRows}).
 * With a validation split the ridge lambda can be chosen from 1e-16 ... 1e1 by the validation's squared error.
 */
public final class RidgeReadout {

    /** The ridges tried when the ridge is chosen on the validation split. */
    static final double[] RIDGES = {1e-16, 1e-15, 1e-14, 1e-13, 1e-12, 1e-11, 1e-10, 1e-9, 1e-8, 1e-7, 1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1, 10};

    /**
     * What a fit did: the ridge used; the loss (half the squared error per sequence, as the squared-error loss
     * counts it) over the rows fitted, after the washout; the fraction of sequences with every target right in a
     * teacher-forced pass (washout included); the same on the validation (NaN without one); the rows fitted.
     */
    public record Fit(double ridge, double loss, double accuracy, double validationLoss, double validationAccuracy, long rows) {
    }

    /** One output group's regression: its trainable wires, and the width of its rows. */
    private record Readout(int group, List<Plan.Wire> wires, Plan.ParameterSet bias, int features) {
    }

    private final Network network;
    private final Plan plan;
    private final List<Readout> readouts = new ArrayList<>();
    private final Map<Long, Pass> passes = new HashMap<>();

    /** The readout of a network for which {@link #whyNot} is null. */
    public RidgeReadout(Network network) {
        this.network = network;
        this.plan = network.plan();
        for (int g = 0; g < plan.groups().size(); g++) {
            UnitGroup group = plan.groups().get(g);
            if (!group.isOutput()) {
                continue;
            }
            List<Plan.Wire> wires = new ArrayList<>();
            int features = 0;
            for (Plan.Wire w : plan.incoming(g)) {
                if (w.weights() != null && w.weights().trainable()) {
                    wires.add(w);
                    features += plan.groups().get(w.fromGroup()).size();
                }
            }
            Plan.ParameterSet bias = plan.bias(g) != null && plan.bias(g).trainable() ? plan.bias(g) : null;
            if (!wires.isEmpty() || bias != null) {
                readouts.add(new Readout(g, wires, bias, features + (bias != null ? 1 : 0)));
            }
        }
    }

    /**
     * Null when the plan's only trainable parameters form a readout that a ridge regression fits; otherwise
     * why not, in words (then it trains by gradient descent as any network).
     */
    public static String whyNot(Plan plan) {
        Map<Plan.ParameterSet, Integer> uses = new HashMap<>();
        for (int g = 0; g < plan.groups().size(); g++) {
            for (Plan.Wire w : plan.incoming(g)) {
                if (w.weights() != null) {
                    uses.merge(w.weights(), 1, Integer::sum);
                }
            }
        }
        boolean any = false;
        for (int g = 0; g < plan.groups().size(); g++) {
            UnitGroup group = plan.groups().get(g);
            boolean readout = false;
            for (Plan.Wire w : plan.incoming(g)) {
                if (w.weights() == null || !w.weights().trainable()) {
                    continue;
                }
                if (!group.isOutput()) {
                    return "connection '" + w.connection().id() + "' into hidden group '" + group.id() + "' learns";
                }
                if (w.kind() != Connection.Kind.FULL || uses.get(w.weights()) > 1) {
                    return "connection '" + w.connection().id() + "' into an output is not a full connection of its own";
                }
                readout = true;
            }
            if (plan.bias(g) != null && plan.bias(g).trainable()) {
                if (!group.isOutput()) {
                    return "hidden group '" + group.id() + "' learns its biases";
                }
                readout = true;
            }
            if (plan.initialState(g) != null) {
                return "group '" + group.id() + "' learns its initial state";
            }
            if (readout && (group.activation() != Activation.LINEAR || group.combine() != UnitGroup.Combine.SUM
                    || group.loss() != UnitGroup.Loss.SQUARED_ERROR)) {
                return "output '" + group.id() + "' is not linear units with squared error";
            }
            any |= readout;
        }
        return any ? null : "nothing in it learns";
    }

    /** Whether training the plan is one fit of a readout. */
    public static boolean applies(Plan plan) {
        return whyNot(plan) == null;
    }

    /**
     * Fits the readout on the data (batches of {@code batchSize}), leaving the first {@code washout} steps of
     * every sequence out. With {@code choose} and validation data the ridge is the one of {@link #RIDGES}
     * with the least validation error, else {@code ridge}. The network's readout weights are set.
     */
    public Fit fit(List<Sequence> data, List<Sequence> validation, int washout, double ridge, boolean choose, int batchSize) {
        MemoryBudget.checkForward(plan, data, batchSize);
        MemoryBudget.checkReadouts(readouts.stream().mapToInt(r -> r.features() + plan.groups().get(r.group()).size()).toArray(), !validation.isEmpty());
        LeastSquaresRows[] fitting = collect(data, washout, batchSize);
        LeastSquaresRows[] held = validation.isEmpty() ? null : collect(validation, washout, batchSize);
        double used = ridge;
        if (choose && held != null) {
            double best = Double.POSITIVE_INFINITY;
            for (double lambda : RIDGES) {
                double error = 0;
                for (int r = 0; r < readouts.size(); r++) {
                    error += held[r].squaredError(fitting[r].solve(lambda, readouts.get(r).bias() != null));
                }
                if (error < best) {
                    best = error;
                    used = lambda;
                }
            }
        }
        long rows = 0;
        double fittingError = 0;
        double heldError = 0;
        for (int r = 0; r < readouts.size(); r++) {
            DMatrixRMaj w = fitting[r].solve(used, readouts.get(r).bias() != null);
            set(readouts.get(r), w);
            rows += fitting[r].rows();
            fittingError += fitting[r].squaredError(w);
            heldError += held == null ? Double.NaN : held[r].squaredError(w);
        }
        double accuracy = accuracy(data, batchSize);
        double heldAccuracy = validation.isEmpty() ? Double.NaN : accuracy(validation, batchSize);
        return new Fit(used, 0.5 * fittingError / data.size(), accuracy, 0.5 * heldError / Math.max(1, validation.size()), heldAccuracy, rows);
    }

    /**
     * Runs teacher-forced passes with the readout at zero, so that an output's total input is what its fixed
     * connections bring, and adds every scored step after the washout as a row.
     */
    private LeastSquaresRows[] collect(List<Sequence> data, int washout, int batchSize) {
        for (Readout r : readouts) {
            zero(r);
        }
        LeastSquaresRows[] stats = new LeastSquaresRows[readouts.size()];
        for (int r = 0; r < readouts.size(); r++) {
            stats[r] = new LeastSquaresRows(readouts.get(r).features(), plan.groups().get(readouts.get(r).group()).size());
        }
        for (int start = 0; start < data.size(); start += batchSize) {
            List<Sequence> part = data.subList(start, Math.min(data.size(), start + batchSize));
            Batch batch = batch(part);
            Pass pass = pass(batch);
            pass.forward(network, batch, batch.steps());
            for (int r = 0; r < readouts.size(); r++) {
                addRows(readouts.get(r), stats[r], pass, batch, washout);
            }
        }
        return stats;
    }

    private void addRows(Readout readout, LeastSquaresRows stats, Pass pass, Batch batch, int washout) {
        int g = readout.group();
        UnitGroup group = plan.groups().get(g);
        int n = group.size();
        double[] x = new double[readout.features()];
        double[] residual = new double[n];
        for (int t = washout; t < batch.steps(); t++) {
            DMatrixRMaj target = batch.target(g, t);
            DMatrixRMaj fixed = pass.output(g, t);
            for (int b = 0; b < batch.size(); b++) {
                if (!Pass.targetAt(group, t, batch.lengths()[b]) || !finite(target, b)) {
                    continue;
                }
                int at = 0;
                for (Plan.Wire w : readout.wires()) {
                    DMatrixRMaj from = pass.read(w.fromGroup(), t - w.delay());
                    System.arraycopy(from.data, b * from.numCols, x, at, from.numCols);
                    at += from.numCols;
                }
                if (readout.bias() != null) {
                    x[at] = 1;
                }
                for (int j = 0; j < n; j++) {
                    residual[j] = target.get(b, j) - fixed.get(b, j);
                }
                stats.add(x, 0, residual, 0);
            }
        }
    }

    private static boolean finite(DMatrixRMaj target, int b) {
        for (int j = 0; j < target.numCols; j++) {
            if (!Double.isFinite(target.get(b, j))) {
                return false;
            }
        }
        return true;
    }

    private void set(Readout readout, DMatrixRMaj w) {
        int row = 0;
        for (Plan.Wire wire : readout.wires()) {
            DMatrixRMaj weights = network.value(wire.weights());
            CommonOps_DDRM.extract(w, row, row + weights.numRows, 0, w.numCols, weights, 0, 0);
            row += weights.numRows;
        }
        if (readout.bias() != null) {
            CommonOps_DDRM.extract(w, row, row + 1, 0, w.numCols, network.value(readout.bias()), 0, 0);
        }
    }

    private void zero(Readout readout) {
        for (Plan.Wire wire : readout.wires()) {
            network.value(wire.weights()).zero();
        }
        if (readout.bias() != null) {
            network.value(readout.bias()).zero();
        }
    }

    /** The fraction of sequences with every target right in a teacher-forced pass. */
    private double accuracy(List<Sequence> data, int batchSize) {
        int correct = 0;
        for (int start = 0; start < data.size(); start += batchSize) {
            List<Sequence> part = data.subList(start, Math.min(data.size(), start + batchSize));
            Batch batch = batch(part);
            Pass pass = pass(batch);
            pass.forward(network, batch, batch.steps());
            correct += pass.correctCount();
        }
        return correct / (double) data.size();
    }

    private Batch batch(List<Sequence> part) {
        int steps = 0;
        for (Sequence s : part) {
            steps = Math.max(steps, s.length());
        }
        Batch batch = new Batch(plan, part.size(), steps);
        batch.fill(plan, part);
        return batch;
    }

    private Pass pass(Batch batch) {
        return passes.computeIfAbsent(((long) batch.size() << 32) | batch.steps(), k -> new Pass(plan, batch.size(), batch.steps()));
    }
}
