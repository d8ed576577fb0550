package org.rnnstudio.engine;

import java.util.List;
import java.util.Map;

import org.ejml.data.DMatrixRMaj;
import org.rnnstudio.model.UnitGroup;

/**
 * B sequences of at most T steps, as one matrix (B x units) per group and step: the inputs of input groups
 * and the targets of output groups (NaN where a unit has no target at that step). Sequence b is
 * {@code lengths[b]} steps long; steps after its end are padding and carry no loss.
 */
public final class Batch {

    private final int size;
    private final int steps;
    private final int[] lengths;
    private final DMatrixRMaj[][] inputs;
    private final DMatrixRMaj[][] targets;
    /** the label sequence of each sequence for each output group with a sequence-level loss: [group][b] */
    private final int[][][] labels;

    /** Allocates zero inputs and NaN targets for every input and output group of the plan. */
    public Batch(Plan plan, int size, int steps) {
        this.size = size;
        this.steps = steps;
        this.lengths = new int[size];
        java.util.Arrays.fill(lengths, steps);
        int groups = plan.groups().size();
        inputs = new DMatrixRMaj[groups][];
        targets = new DMatrixRMaj[groups][];
        labels = new int[groups][size][];
        for (int g = 0; g < groups; g++) {
            int units = plan.groups().get(g).size();
            if (plan.groups().get(g).isInput()) {
                inputs[g] = new DMatrixRMaj[steps];
                for (int t = 0; t < steps; t++) {
                    inputs[g][t] = new DMatrixRMaj(size, units);
                }
            } else if (plan.groups().get(g).isOutput()) {
                targets[g] = new DMatrixRMaj[steps];
                for (int t = 0; t < steps; t++) {
                    targets[g][t] = new DMatrixRMaj(size, units);
                    java.util.Arrays.fill(targets[g][t].data, Double.NaN);
                }
            }
        }
    }

    /**
     * Steps from .. from + steps - 1 of a whole batch, as a batch of their own: the same matrices (refilling the
     * whole batch refills the window), and lengths counted from the window's first step (see
     * {@link #followLengths}), so that a target schedule met at a step of the window is the one met at that
     * step of the whole. A checkpointed pass runs its segments on such windows.
     */
    Batch window(int from, int steps) {
        return new Batch(this, from, steps);
    }

    private Batch(Batch whole, int from, int steps) {
        this.size = whole.size;
        this.steps = steps;
        this.lengths = new int[size];
        int groups = whole.inputs.length;
        inputs = new DMatrixRMaj[groups][];
        targets = new DMatrixRMaj[groups][];
        labels = whole.labels;
        for (int g = 0; g < groups; g++) {
            inputs[g] = whole.inputs[g] == null ? null : java.util.Arrays.copyOfRange(whole.inputs[g], from, from + steps);
            targets[g] = whole.targets[g] == null ? null : java.util.Arrays.copyOfRange(whole.targets[g], from, from + steps);
        }
        followLengths(whole, from);
    }

    /** A window's lengths after its whole batch was refilled: each sequence's length less the window's first step (negative once it has ended). */
    void followLengths(Batch whole, int from) {
        for (int b = 0; b < size; b++) {
            lengths[b] = whole.lengths[b] - from;
        }
    }

    /** Back to zero inputs, no targets and full lengths, to be filled again without allocating. */
    public void clear() {
        java.util.Arrays.fill(lengths, steps);
        for (int[][] l : labels) {
            java.util.Arrays.fill(l, null);
        }
        for (int g = 0; g < inputs.length; g++) {
            for (int t = 0; t < steps; t++) {
                if (inputs[g] != null) {
                    inputs[g][t].zero();
                }
                if (targets[g] != null) {
                    java.util.Arrays.fill(targets[g][t].data, Double.NaN);
                }
            }
        }
    }

    /** The label sequences of plan group g, one per sequence of the batch (null where none is given). */
    public int[][] labels(int g) {
        return labels[g];
    }

    public int size() {
        return size;
    }

    public int steps() {
        return steps;
    }

    public int[] lengths() {
        return lengths;
    }

    /** The input of plan group g at step t (B x units). */
    public DMatrixRMaj input(int g, int t) {
        return inputs[g][t];
    }

    /** The target of plan group g at step t (B x units; NaN = no target). */
    public DMatrixRMaj target(int g, int t) {
        return targets[g][t];
    }

    /** Refills the batch with these sequences (as many as it holds, at most as long); shorter ones are masked by length. */
    public void fill(Plan plan, List<Sequence> part) {
        clear();
        // both cores for a large batch: each sequence's rows are its own, and the copy waits on memory more than it computes
        Pass.inHalves(part.size(), (long) part.size() * steps >= 1 << 10, (b0, b1, thread) -> fill(plan, part, b0, b1));
    }

    private void fill(Plan plan, List<Sequence> part, int b0, int b1) {
        for (int b = b0; b < b1; b++) {
            Sequence s = part.get(b);
            lengths[b] = s.length();
            for (Map.Entry<String, int[]> l : s.labels().entrySet()) {
                labels[plan.groupIndex(l.getKey())][b] = l.getValue();
            }
            for (int g = 0; g < plan.groups().size(); g++) {
                UnitGroup group = plan.groups().get(g);
                double[][] values = group.isInput() ? s.inputs().get(group.id()) : group.isOutput() ? s.targets().get(group.id()) : null;
                if (values == null) {
                    continue;
                }
                int n = group.size();
                boolean input = group.isInput();
                for (int t = 0; t < s.length(); t++) {
                    double[] into = (input ? input(g, t) : target(g, t)).data;
                    double[] from = values[t];
                    // rows of a few units: a plain loop beats arraycopy's call
                    for (int j = 0, at = b * n; j < n; j++, at++) {
                        into[at] = from[j];
                    }
                }
            }
        }
    }
}
