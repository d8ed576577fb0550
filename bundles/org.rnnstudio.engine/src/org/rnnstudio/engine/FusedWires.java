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
 * Full connections that leave the same group with the same delay for several summing groups (the four
 * gates of an LSTM cell read the same x and the same h) are computed as one wide product instead of one
 * product each: x [W1 | W2 | W3 | W4] forward, and one product each for dE/dx and dE/dW backward. Wider
 * products use the cores better and make a quarter of the calls. Each entry of a product is the same
 * sum as before; only a group's separate contributions are now added after being summed, which can change
 * the last bit of rounding (still the same from run to run). The wide products are a full connection's
 * operation on the weights side by side.
 */
final class FusedWires {

    private static final FullConnection PRODUCT = new FullConnection();

    /** One group of fused wires: their weights side by side, and the step's product and derivative. */
    static final class Set {
        final int from;
        final int delay;
        final List<Plan.Wire> wires = new ArrayList<>();
        final List<Integer> offsets = new ArrayList<>();
        int width;
        DMatrixRMaj weights;
        DMatrixRMaj product;
        DMatrixRMaj derivative;
        DMatrixRMaj gradient;
        int computedAt = Integer.MIN_VALUE;
        int filled;

        Set(int from, int delay) {
            this.from = from;
            this.delay = delay;
        }
    }

    /** Fused sets with fewer weights than this are left as separate products. */
    static final int SMALLEST = 4096;

    /** By target group and wire position (a record's hash is too slow for the time loop). */
    private final Set[][] setOf;
    private final int[][] offsetOf;
    private final List<Set> sets = new ArrayList<>();

    FusedWires(Plan plan, int batch) {
        int groups = plan.groups().size();
        setOf = new Set[groups][];
        offsetOf = new int[groups][];
        for (int g = 0; g < groups; g++) {
            setOf[g] = new Set[plan.incoming(g).size()];
            offsetOf[g] = new int[plan.incoming(g).size()];
        }
        Map<String, Set> candidates = new LinkedHashMap<>();
        Map<Plan.ParameterSet, Integer> uses = new HashMap<>();
        for (int g = 0; g < plan.groups().size(); g++) {
            for (Plan.Wire w : plan.incoming(g)) {
                if (w.weights() != null) {
                    uses.merge(w.weights(), 1, Integer::sum);
                }
            }
        }
        for (int g = 0; g < plan.groups().size(); g++) {
            UnitGroup target = plan.groups().get(g);
            if (target.combine() != UnitGroup.Combine.SUM) {
                continue;
            }
            for (Plan.Wire w : plan.incoming(g)) {
                // shared weights would need their gradient summed across sets; such wires stay on their own
                if (w.kind() == Connection.Kind.FULL && w.weights().trainable() && uses.get(w.weights()) == 1) {
                    candidates.computeIfAbsent(w.fromGroup() + ":" + w.delay(), k -> new Set(w.fromGroup(), w.delay())).wires.add(w);
                }
            }
        }
        for (Set set : candidates.values()) {
            int entries = 0;
            for (Plan.Wire w : set.wires) {
                entries += w.weights().size();
            }
            // tiny products (the binary adder's) cost less than gathering them side by side
            if (set.wires.size() < 2 || entries < SMALLEST) {
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
            set.product = new DMatrixRMaj(batch, set.width);
            set.derivative = new DMatrixRMaj(batch, set.width);
            set.gradient = new DMatrixRMaj(rows, set.width);
            sets.add(set);
        }
    }

    /** Whether wire k into group g is computed as part of a wider product. */
    boolean isFused(int g, int k) {
        return setOf[g][k] != null;
    }

    /** Copies the current weights side by side; call before a pass, as the weights may have changed. */
    void gatherWeights(Network network) {
        for (Set set : sets) {
            for (int k = 0; k < set.wires.size(); k++) {
                DMatrixRMaj w = network.value(set.wires.get(k).weights());
                int offset = set.offsets.get(k);
                for (int r = 0; r < w.numRows; r++) {
                    System.arraycopy(w.data, r * w.numCols, set.weights.data, r * set.width + offset, w.numCols);
                }
            }
            set.computedAt = Integer.MIN_VALUE;
            set.filled = 0;
        }
    }

    /** into += this wire's share of the source's wide product at step t (computed at the first request). */
    void addContribution(int g, int k, DMatrixRMaj from, int t, DMatrixRMaj into) {
        Set set = setOf[g][k];
        if (set.computedAt != t) {
            set.product.zero();
            PRODUCT.forward(from, set.weights, set.product);
            set.computedAt = t;
        }
        int offset = offsetOf[g][k];
        int n = into.numCols;
        for (int b = 0; b < into.numRows; b++) {
            int row = b * set.width + offset;
            int out = b * n;
            for (int j = 0; j < n; j++) {
                into.data[out + j] += set.product.data[row + j];
            }
        }
    }

    /**
     * Takes this wire's dE/dnet at step t; when every wire of its set has given its own, computes the set's
     * weight gradients (split back to each wire's parameter set) and, unless dFrom is null, dE/d(source).
     */
    void addDerivative(int g, int k, DMatrixRMaj dc, DMatrixRMaj from, DMatrixRMaj dFrom, DMatrixRMaj[] gradients) {
        Set set = setOf[g][k];
        int offset = offsetOf[g][k];
        int n = dc.numCols;
        for (int b = 0; b < dc.numRows; b++) {
            System.arraycopy(dc.data, b * n, set.derivative.data, b * set.width + offset, n);
        }
        if (++set.filled < set.wires.size()) {
            return;
        }
        set.filled = 0;
        set.gradient.zero();
        PRODUCT.backwardWeights(from, set.derivative, set.gradient);
        for (int i = 0; i < set.wires.size(); i++) {
            DMatrixRMaj grad = gradients[set.wires.get(i).weights().index()];
            int off = set.offsets.get(i);
            for (int r = 0; r < grad.numRows; r++) {
                for (int j = 0; j < grad.numCols; j++) {
                    grad.data[r * grad.numCols + j] += set.gradient.data[r * set.width + off + j];
                }
            }
        }
        if (dFrom != null) {
            PRODUCT.backwardSource(set.derivative, set.weights, dFrom);
        }
    }
}
