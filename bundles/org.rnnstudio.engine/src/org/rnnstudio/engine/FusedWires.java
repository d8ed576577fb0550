package org.rnnstudio.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.ejml.data.DMatrixRMaj;
import org.rnnstudio.model.Connection;
import org.rnnstudio.model.UnitGroup;

/**
 * Full connections computed as few large products instead of one small product per wire and step.
 *
 * <p>Side by side: wires that leave the same group with the same delay for several summing groups (the four
 * gates of an LSTM cell read the same x and the same h) are one wide product, x [W1 | W2 | W3 | W4].
 *
 * <p>All steps at once: the weight gradient of a wire has no recurrent dependency, dE/dW = Σ_t x_tᵀ d_t, so
 * the backward pass keeps every step's dE/dnet in one (T·B)-row matrix D and computes Xᵀ D in one product
 * when its time loop is over. A wire whose source is known for every step before its target's time loop
 * starts (an input group; a group of an earlier sweep of the pass, such as the hidden state read by an
 * output) is also computed forward as one product X W before the loop, and its dE/d(source) as one product
 * D Wᵀ after the backward loop. Only the recurrent products stay in the loop, one per step.
 *
 * <p>Each entry is the same sum as in the per-step products; the order in which steps and wires are added
 * changes the last bits of rounding (the same from run to run). The products are a full connection's
 * operation on stacked matrices.
 */
final class FusedWires {

    private static final FullConnection PRODUCT = new FullConnection();

    /** What the pass reads at step s of group g (its output, a forced target, or the state before step 0). */
    interface Sources {
        DMatrixRMaj read(int g, int s);
    }

    /** Where dE/d(source) of group g at step s adds up, for a derivative leaving step t; null where none passes. */
    interface Derivatives {
        DMatrixRMaj of(int g, int s, int t);
    }

    /** One set of wires computed together: their weights side by side, and the stacked matrices of all steps. */
    static final class Set {
        final int from;
        final int sweep;
        final boolean hoisted;
        final List<Plan.Wire> wires = new ArrayList<>();
        final List<Integer> offsets = new ArrayList<>();
        int width;
        DMatrixRMaj weights;
        /** the weights rounded to float, and transposed, for a run whose products are in single precision (null otherwise) */
        float[] singleWeights;
        float[] singleWeightsT;
        /** one step's product (per-step sets, and the hoisted sets of an LSTM cell's gates, whose step computes them a step at a time) and derivative (per-step sets) */
        DMatrixRMaj product;
        DMatrixRMaj derivative;
        DMatrixRMaj gradient;
        /** the source at every step, (T·B) x rows; every step's dE/dnet, (T·B) x width; hoisted: every step's product */
        DMatrixRMaj sources;
        DMatrixRMaj derivatives;
        /**
         * The stacked sources and derivatives in float, written as they are made (an LSTM cell's step writes its
         * gates' dE/dnet here beside the doubles, while they are in the cache) when the products are in single
         * precision: the weight gradient then needs no pass over the stacked doubles to round them. singleStacked
         * says the derivatives of this backward pass are there.
         */
        float[] singleSources;
        float[] singleDerivatives;
        boolean singleStacked;
        /** in float, nothing reads this set's stacked doubles (its bias gradients are summed from the floats): the cell's step does not write them */
        boolean singleOnly;
        DMatrixRMaj products;
        int computedAt = Integer.MIN_VALUE;
        int filled;

        Set(int from, int sweep, boolean hoisted) {
            this.from = from;
            this.sweep = sweep;
            this.hoisted = hoisted;
        }

        /** A single wire as wide as its target: its products go straight into the target's matrices. */
        boolean alone() {
            return wires.size() == 1;
        }
    }

    /** Per-step sets with fewer weights than this are left as separate products. */
    static final int SMALLEST = 4096;

    private final int batch;
    private final int steps;
    /** By target group and wire position (a record's hash is too slow for the time loop). */
    private final Set[][] setOf;
    private final int[][] offsetOf;
    private final List<Set> sets = new ArrayList<>();

    /**
     * sweep[g] numbers the time loops of the pass in the order they run (input groups: -1); a wire is
     * hoisted out of its target's loop when its source belongs to an earlier one. With restructured false,
     * no set is made: every wire runs as its own product at every step.
     */
    FusedWires(Plan plan, int batch, int steps, int[] sweep, boolean restructured) {
        this.batch = batch;
        this.steps = steps;
        int groups = plan.groups().size();
        setOf = new Set[groups][];
        offsetOf = new int[groups][];
        for (int g = 0; g < groups; g++) {
            setOf[g] = new Set[plan.incoming(g).size()];
            offsetOf[g] = new int[plan.incoming(g).size()];
        }
        if (!restructured) {
            return;
        }
        Map<String, Set> candidates = new LinkedHashMap<>();
        Map<Plan.ParameterSet, Integer> uses = new HashMap<>();
        for (int g = 0; g < groups; g++) {
            for (Plan.Wire w : plan.incoming(g)) {
                if (w.weights() != null) {
                    uses.merge(w.weights(), 1, Integer::sum);
                }
            }
        }
        for (int g = 0; g < groups; g++) {
            UnitGroup target = plan.groups().get(g);
            if (target.combine() != UnitGroup.Combine.SUM) {
                continue;
            }
            for (Plan.Wire w : plan.incoming(g)) {
                // shared weights would need their gradient summed across sets; such wires stay on their own
                if (w.kind() == Connection.Kind.FULL && w.weights().trainable() && uses.get(w.weights()) == 1) {
                    int loop = sweep[g];
                    boolean hoisted = sweep[w.fromGroup()] < loop;
                    candidates.computeIfAbsent(w.fromGroup() + ":" + w.delay() + ":" + w.reverse() + ":" + loop,
                            k -> new Set(w.fromGroup(), loop, hoisted)).wires.add(w);
                }
            }
        }
        for (Set set : candidates.values()) {
            int entries = 0;
            for (Plan.Wire w : set.wires) {
                entries += w.weights().size();
            }
            // a hoisted product pays at any size (one call instead of T); tiny per-step products cost less than gathering them
            if (!set.hoisted && entries < SMALLEST) {
                continue;
            }
            int rows = set.wires.get(0).weights().rows();
            for (Plan.Wire w : set.wires) {
                set.offsets.add(set.width);
                int k = plan.incoming(w.toGroup()).indexOf(w);
                offsetOf[w.toGroup()][k] = set.width;
                setOf[w.toGroup()][k] = set;
                set.width += w.weights().cols();
            }
            set.weights = new DMatrixRMaj(rows, set.width);
            set.gradient = new DMatrixRMaj(rows, set.width);
            set.sources = new DMatrixRMaj(steps * batch, rows);
            set.derivatives = new DMatrixRMaj(steps * batch, set.width);
            set.product = new DMatrixRMaj(batch, set.width);
            if (set.hoisted) {
                set.products = new DMatrixRMaj(steps * batch, set.width);
            } else {
                set.derivative = new DMatrixRMaj(batch, set.width);
            }
            sets.add(set);
        }
    }

    /** Whether wire k into group g is computed as part of a set. */
    boolean isFused(int g, int k) {
        return setOf[g][k] != null;
    }

    /** The set that computes wire k into group g, or null when it runs as a product of its own. */
    Set set(int g, int k) {
        return setOf[g][k];
    }

    /** Where wire k into group g starts among its set's columns. */
    int offset(int g, int k) {
        return offsetOf[g][k];
    }

    /**
     * Copies the current weights side by side, and rounds them to float when the products are in single precision
     * (transposed too for a backward pass, whose LSTM step multiplies by them along its rows); call before a pass,
     * as the weights may have changed.
     */
    void gatherWeights(Network network, boolean single, boolean backward) {
        for (Set set : sets) {
            for (int k = 0; k < set.wires.size(); k++) {
                DMatrixRMaj w = network.value(set.wires.get(k).weights());
                int offset = set.offsets.get(k);
                for (int r = 0; r < w.numRows; r++) {
                    System.arraycopy(w.data, r * w.numCols, set.weights.data, r * set.width + offset, w.numCols);
                }
            }
            set.singleWeights = single ? FloatGemm.toFloat(set.weights.data, 0, floats(set.singleWeights, set.weights.getNumElements()), set.weights
                    .getNumElements()) : null;
            set.singleWeightsT = single && backward ? FloatGemm.transposed(set.weights.data, set.weights.numRows, set.width,
                    floats(set.singleWeightsT, set.weights.getNumElements())) : null;
            set.computedAt = Integer.MIN_VALUE;
            set.filled = 0;
        }
    }

    /** The array when it has this length, else a new one. */
    private static float[] floats(float[] kept, int length) {
        return kept != null && kept.length == length ? kept : new float[length];
    }

    /** Before the time loop of a sweep: the products of its hoisted sets for all steps, X W in one product each. */
    void forwardAll(int sweep, Sources read) {
        for (Set set : sets) {
            if (set.sweep == sweep && set.hoisted) {
                stackSources(set, read);
                set.products.zero();
                PRODUCT.forward(set.sources, set.weights, set.products);
            }
        }
    }

    /** The sources of every step in float, for a weight gradient in single precision. */
    private void stackSingleSources(Set set, Sources read) {
        int size = batch * set.sources.numCols;
        if (set.singleSources == null) {
            set.singleSources = new float[steps * size];
        }
        // both cores: T × B × units numbers, read from the step matrices and rounded
        Pass.inHalves(steps, (long) steps * size >= 1 << 16, (t0, t1, thread) -> {
            for (int t = t0; t < t1; t++) {
                FloatGemm.toFloat(read.read(set.from, set.wires.get(0).sourceStep(t)).data, 0, set.singleSources, t * size, size);
            }
        });
    }

    private void stackSources(Set set, Sources read) {
        int size = batch * set.sources.numCols;
        for (int t = 0; t < steps; t++) {
            System.arraycopy(read.read(set.from, set.wires.get(0).sourceStep(t)).data, 0, set.sources.data, t * size, size);
        }
    }

    /** into += this wire's share of the source's wide product at step t (per-step sets: computed at the first request). */
    void addContribution(int g, int k, DMatrixRMaj from, int t, DMatrixRMaj into) {
        Set set = setOf[g][k];
        double[] product;
        int first;
        if (set.hoisted) {
            product = set.products.data;
            first = t * batch;
        } else if (set.alone()) {
            PRODUCT.forward(from, set.weights, into);
            return;
        } else {
            if (set.computedAt != t) {
                set.product.zero();
                PRODUCT.forward(from, set.weights, set.product);
                set.computedAt = t;
            }
            product = set.product.data;
            first = 0;
        }
        int offset = offsetOf[g][k];
        int n = into.numCols;
        if (set.width == n) {
            // the set's rows are this wire's alone: one flat loop (a row at a time costs more than it adds for a tiny net)
            int size = into.numRows * n;
            int at = first * n;
            for (int i = 0; i < size; i++) {
                into.data[i] += product[at + i];
            }
            return;
        }
        for (int b = 0; b < into.numRows; b++) {
            int row = (first + b) * set.width + offset;
            int out = b * n;
            for (int j = 0; j < n; j++) {
                into.data[out + j] += product[row + j];
            }
        }
    }

    /**
     * Takes this wire's dE/dnet at step t into the set's stacked derivatives. In a per-step set, when every
     * wire has given its own, also dE/d(source) += D_t Wᵀ at once, unless dFrom is null (the recurrent product
     * that has to stay in the time loop).
     */
    void addDerivative(int g, int k, DMatrixRMaj dc, int t, DMatrixRMaj dFrom) {
        Set set = setOf[g][k];
        int offset = offsetOf[g][k];
        int n = dc.numCols;
        int first = t * batch;
        if (set.width == n) {
            System.arraycopy(dc.data, 0, set.derivatives.data, first * n, dc.numRows * n);
        } else {
            for (int b = 0; b < dc.numRows; b++) {
                System.arraycopy(dc.data, b * n, set.derivatives.data, (first + b) * set.width + offset, n);
            }
        }
        if (set.hoisted) {
            return;
        }
        if (set.alone()) {
            if (dFrom != null) {
                PRODUCT.backwardSource(dc, set.weights, dFrom);
            }
            return;
        }
        for (int b = 0; b < dc.numRows; b++) {
            System.arraycopy(dc.data, b * n, set.derivative.data, b * set.width + offset, n);
        }
        if (++set.filled < set.wires.size()) {
            return;
        }
        set.filled = 0;
        if (dFrom != null) {
            PRODUCT.backwardSource(set.derivative, set.weights, dFrom);
        }
    }

    /**
     * After the backward time loop of a sweep: every set's weight gradients as one product Xᵀ D (split back
     * to each wire's parameter set), and a hoisted set's dE/d(source) as one product D Wᵀ, handed to each step.
     */
    void backwardAll(int sweep, Sources read, Derivatives into, DMatrixRMaj[] gradients) {
        for (Set set : sets) {
            if (set.sweep != sweep) {
                continue;
            }
            DMatrixRMaj gradient = set.alone() ? gradients[set.wires.get(0).weights().index()] : set.gradient;
            if (!set.alone()) {
                gradient.zero();
            }
            if (set.singleStacked) {
                stackSingleSources(set, read);
                FloatGemm.multAddTransA(set.singleSources, set.singleDerivatives, gradient.data, set.sources.numCols, steps * batch, set.width);
                set.singleStacked = false;
            } else {
                stackSources(set, read);
                PRODUCT.backwardWeights(set.sources, set.derivatives, gradient);
            }
            if (!set.alone()) {
                splitGradient(set, gradients);
            }
            if (set.hoisted && passesOn(set, into)) {
                // the stacked sources have served; they now take dE/d(source) of every step
                DMatrixRMaj dSources = set.sources;
                dSources.zero();
                PRODUCT.backwardSource(set.derivatives, set.weights, dSources);
                int size = batch * dSources.numCols;
                for (int t = 0; t < steps; t++) {
                    DMatrixRMaj d = into.of(set.from, set.wires.get(0).sourceStep(t), t);
                    if (d != null) {
                        for (int i = 0; i < size; i++) {
                            d.data[i] += dSources.data[t * size + i];
                        }
                    }
                }
            }
        }
    }

    /** Whether dE/d(source) goes anywhere (not for an input group, unless asked; not where truncation cuts). */
    boolean passesOn(Set set, Derivatives into) {
        for (int t = 0; t < steps; t++) {
            if (into.of(set.from, set.wires.get(0).sourceStep(t), t) != null) {
                return true;
            }
        }
        return false;
    }

    private static void splitGradient(Set set, DMatrixRMaj[] gradients) {
        for (int i = 0; i < set.wires.size(); i++) {
            DMatrixRMaj grad = gradients[set.wires.get(i).weights().index()];
            int off = set.offsets.get(i);
            for (int r = 0; r < grad.numRows; r++) {
                for (int j = 0; j < grad.numCols; j++) {
                    grad.data[r * grad.numCols + j] += set.gradient.data[r * set.width + off + j];
                }
            }
        }
    }
}
