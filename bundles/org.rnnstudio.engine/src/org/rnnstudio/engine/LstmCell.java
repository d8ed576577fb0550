package org.rnnstudio.engine;

import java.util.List;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

import org.rnnstudio.model.Activation;
import org.rnnstudio.model.Connection;
import org.rnnstudio.model.UnitGroup;

/**
 * The element-wise part of an LSTM step as one operation, one row of the batch (one sequence) at a time, so
 * that a row's nine groups are read and written while they are in the first-level cache instead of in nine
 * passes over whole matrices (docs/benchmarks.md, "The LSTM step"):
 *
 * <pre>
 * keep = σ(net_keep)   write = σ(net_write)   candidate = tanh(net_candidate)   read = σ(net_read)
 * kept = keep ⊙ cell'  written = write ⊙ candidate  cell = kept + written  squashed = tanh(cell)  h = read ⊙ squashed
 * </pre>
 *
 * where cell' is the cell one step before. The nine groups are the ones {@code CellExpansion} makes of an LSTM
 * cell without peepholes; {@link #find} recognises them in a plan by their structure. Every value is the same
 * product or sum of the same two numbers as in the group-by-group pass, so the results are that pass's (the
 * squashing functions' vector and scalar forms may differ in the last bit where a row's length is not a whole
 * number of vectors). Only a pass whose products run on the Vector API uses it (the JVM has the module).
 */
final class LstmCell {

    /** Positions of the nine groups in {@link #groups} and in the per-row arrays of the methods below. */
    static final int KEEP = 0, WRITE = 1, CANDIDATE = 2, READ = 3, KEPT = 4, WRITTEN = 5, CELL = 6, SQUASHED = 7, H = 8;

    /** The backward step runs a vector of units at a time: each unit's numbers are the same operations as in the loop for the units left over. */
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final DoubleVector ONE = DoubleVector.broadcast(S, 1.0);

    /** The plan's group of each position. */
    final int[] groups;
    final int units;

    private LstmCell(int[] groups, int units) {
        this.groups = groups;
        this.units = units;
    }

    /**
     * The cell whose nine groups are exactly the groups of this time loop, when every wire into its gates is
     * computed by {@code fused} and its own wires are the cell's identity wires; null otherwise (peepholes, a
     * reversed cell, a bias or a loss on an inner group, two cells in one loop: the group-by-group pass).
     */
    static LstmCell find(Plan plan, int[] loop, FusedWires fused) {
        if (loop.length != 9) {
            return null;
        }
        for (int h : loop) {
            if (plan.groups().get(h).combine() == UnitGroup.Combine.PRODUCT) {
                int[] at = parts(plan, h);
                if (at != null && structured(plan, loop, fused, at)) {
                    return new LstmCell(at, plan.groups().get(h).size());
                }
            }
        }
        return null;
    }

    /** The nine groups, read back from h through its sources, or null where the wiring is not the cell's. */
    private static int[] parts(Plan plan, int h) {
        int[] at = new int[9];
        java.util.Arrays.fill(at, -1);
        at[H] = h;
        at[SQUASHED] = sourceWith(plan, h, Activation.TANH);
        at[READ] = sourceWith(plan, h, Activation.LOGISTIC);
        if (at[SQUASHED] < 0 || at[READ] < 0 || plan.incoming(at[SQUASHED]).size() != 1) {
            return null;
        }
        at[CELL] = plan.incoming(at[SQUASHED]).get(0).fromGroup();
        List<Plan.Wire> intoCell = plan.incoming(at[CELL]);
        if (intoCell.size() != 2) {
            return null;
        }
        for (Plan.Wire w : intoCell) {
            int from = w.fromGroup();
            if (sourceAt(plan, from, at[CELL], 1) >= 0) {
                at[KEPT] = from;
                at[KEEP] = sourceWith(plan, from, Activation.LOGISTIC);
            } else {
                at[WRITTEN] = from;
                at[WRITE] = sourceWith(plan, from, Activation.LOGISTIC);
                at[CANDIDATE] = sourceWith(plan, from, Activation.TANH);
            }
        }
        return at;
    }

    private static boolean structured(Plan plan, int[] loop, FusedWires fused, int[] at) {
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (int g : at) {
            if (g < 0 || !seen.add(g)) {
                return false;
            }
        }
        for (int g : loop) {
            if (!seen.contains(g)) {
                return false;
            }
        }
        int units = plan.groups().get(at[H]).size();
        Activation[] activation = { Activation.LOGISTIC, Activation.LOGISTIC, Activation.TANH, Activation.LOGISTIC, Activation.LINEAR,
                Activation.LINEAR, Activation.LINEAR, Activation.TANH, Activation.LINEAR };
        for (int i = 0; i < 9; i++) {
            int g = at[i];
            UnitGroup group = plan.groups().get(g);
            boolean product = i == KEPT || i == WRITTEN || i == H;
            if (group.size() != units || group.activation() != activation[i] || group.isOutput() || plan.readFromFuture(g)
                    || (group.combine() == UnitGroup.Combine.PRODUCT) != product) {
                return false;
            }
            if (i <= READ) {
                for (int k = 0; k < plan.incoming(g).size(); k++) {
                    FusedWires.Set set = fused.set(g, k);
                    if (set == null || !set.hoisted && (set.wires.get(0).delay() < 1 || set.wires.get(0).reverse())) {
                        return false;
                    }
                }
                continue;
            }
            if (plan.bias(g) != null) {
                return false;
            }
            for (Plan.Wire w : plan.incoming(g)) {
                boolean cellBefore = i == KEPT && w.fromGroup() == at[CELL];
                if (w.kind() != Connection.Kind.IDENTITY || w.connection().scale() != 1 || w.reverse() || w.delay() != (cellBefore ? 1 : 0)) {
                    return false;
                }
            }
        }
        // outside the cell only h and the gates are read: the directional pass computes the rest when it reaches h
        for (int g = 0; g < plan.groups().size(); g++) {
            for (Plan.Wire w : plan.incoming(g)) {
                int from = w.fromGroup();
                if (!seen.contains(g) && (from == at[KEPT] || from == at[WRITTEN] || from == at[CELL] || from == at[SQUASHED])) {
                    return false;
                }
            }
        }
        return plan.incoming(at[KEPT]).size() == 2 && plan.incoming(at[WRITTEN]).size() == 2;
    }

    /** Whether group g sums and has this activation: 0, else -1. */
    private static int activation(Plan plan, int g, Activation f, UnitGroup.Combine combine) {
        UnitGroup group = plan.groups().get(g);
        return group.activation() == f && group.combine() == combine ? 0 : -1;
    }

    /** The group with activation f that feeds g at delay 0 and sums its inputs, or -1. */
    private static int sourceWith(Plan plan, int g, Activation f) {
        for (Plan.Wire w : plan.incoming(g)) {
            if (w.delay() == 0 && activation(plan, w.fromGroup(), f, UnitGroup.Combine.SUM) == 0) {
                return w.fromGroup();
            }
        }
        return -1;
    }

    /** from, when group g reads it at this delay; else -1. */
    private static int sourceAt(Plan plan, int g, int from, int delay) {
        for (Plan.Wire w : plan.incoming(g)) {
            if (w.fromGroup() == from && w.delay() == delay) {
                return from;
            }
        }
        return -1;
    }

    /**
     * Forward, n numbers (a thread's rows of a step, back to back): y[i][at..at+n) of the nine groups from the gates'
     * total inputs net[KEEP..READ][0..n) and the cell one step before, cellBefore[from..). Every unit is computed
     * alone, so the numbers are those of one row at a time. With vectors, the squashing functions run on the Vector
     * API ({@link VectorMath}), as the activation functions do for a matrix of this size.
     */
    void forward(double[][] net, double[] cellBefore, int from, double[][] y, int at, int n, boolean vectors) {
        logistic(net[KEEP], y[KEEP], at, n, vectors);
        logistic(net[WRITE], y[WRITE], at, n, vectors);
        squash(net[CANDIDATE], 0, y[CANDIDATE], at, n, vectors);
        logistic(net[READ], y[READ], at, n, vectors);
        double[] keep = y[KEEP], write = y[WRITE], candidate = y[CANDIDATE], kept = y[KEPT], written = y[WRITTEN], cell = y[CELL];
        for (int j = 0; j < n; j++) {
            kept[at + j] = keep[at + j] * cellBefore[from + j];
            written[at + j] = write[at + j] * candidate[at + j];
            cell[at + j] = kept[at + j] + written[at + j];
        }
        squash(cell, at, y[SQUASHED], at, n, vectors);
        double[] read = y[READ], squashed = y[SQUASHED], h = y[H];
        for (int j = 0; j < n; j++) {
            h[at + j] = read[at + j] * squashed[at + j];
        }
    }

    /**
     * Backward, one row: from dE/dh (dy[H]) and what reached dE/dcell from the next step (dy[CELL], added to
     * here), dE/dy of every group into dy[i][at..) and dE/dnet of the gates into dNet[i][netAt[i]..); dE/dcell'
     * += dE/dkept ⊙ keep into dCellBefore[from..) unless it is null (truncation).
     */
    void backward(double[][] y, double[] cellBefore, int from, double[][] dy, int at, double[][] dNet, int[] netAt, double[] dCellBefore) {
        double[] keep = y[KEEP], write = y[WRITE], candidate = y[CANDIDATE], read = y[READ], squashed = y[SQUASHED];
        double[] dKeep = dy[KEEP], dWrite = dy[WRITE], dCandidate = dy[CANDIDATE], dRead = dy[READ];
        double[] dKept = dy[KEPT], dWritten = dy[WRITTEN], dCell = dy[CELL], dSquashed = dy[SQUASHED], dh = dy[H];
        double[] nKeep = dNet[KEEP], nWrite = dNet[WRITE], nCandidate = dNet[CANDIDATE], nRead = dNet[READ];
        int kAt = netAt[KEEP], wAt = netAt[WRITE], cAt = netAt[CANDIDATE], rAt = netAt[READ];
        int j = 0;
        for (int bound = S.loopBound(units); j < bound; j += S.length()) {
            int i = at + j;
            DoubleVector s = DoubleVector.fromArray(S, squashed, i);
            DoubleVector h = DoubleVector.fromArray(S, dh, i);
            DoubleVector r = DoubleVector.fromArray(S, read, i);
            DoubleVector dr = h.mul(s);
            DoubleVector ds = h.mul(r);
            DoubleVector c = DoubleVector.fromArray(S, dCell, i).add(ds.mul(ONE.sub(s.mul(s))));
            dr.intoArray(dRead, i);
            ds.intoArray(dSquashed, i);
            c.intoArray(dCell, i);
            c.intoArray(dKept, i);
            c.intoArray(dWritten, i);
            DoubleVector k = DoubleVector.fromArray(S, keep, i);
            DoubleVector w = DoubleVector.fromArray(S, write, i);
            DoubleVector z = DoubleVector.fromArray(S, candidate, i);
            DoubleVector dk = c.mul(DoubleVector.fromArray(S, cellBefore, from + j));
            DoubleVector dw = c.mul(z);
            DoubleVector dz = c.mul(w);
            dk.intoArray(dKeep, i);
            dw.intoArray(dWrite, i);
            dz.intoArray(dCandidate, i);
            dk.mul(k).mul(ONE.sub(k)).intoArray(nKeep, kAt + j);
            dw.mul(w).mul(ONE.sub(w)).intoArray(nWrite, wAt + j);
            dz.mul(ONE.sub(z.mul(z))).intoArray(nCandidate, cAt + j);
            dr.mul(r).mul(ONE.sub(r)).intoArray(nRead, rAt + j);
        }
        for (; j < units; j++) {
            int i = at + j;
            double s = squashed[i];
            dRead[i] = dh[i] * s;
            dSquashed[i] = dh[i] * read[i];
            double c = dCell[i] + dSquashed[i] * (1.0 - s * s);
            dCell[i] = c;
            dKept[i] = c;
            dWritten[i] = c;
            dKeep[i] = c * cellBefore[from + j];
            dWrite[i] = c * candidate[i];
            dCandidate[i] = c * write[i];
            nKeep[kAt + j] = dKeep[i] * keep[i] * (1.0 - keep[i]);
            nWrite[wAt + j] = dWrite[i] * write[i] * (1.0 - write[i]);
            nCandidate[cAt + j] = dCandidate[i] * (1.0 - candidate[i] * candidate[i]);
            nRead[rAt + j] = dRead[i] * read[i] * (1.0 - read[i]);
        }
        if (dCellBefore != null) {
            for (int u = 0; u < units; u++) {
                dCellBefore[from + u] += dCell[at + u] * keep[at + u];
            }
        }
    }

    /**
     * Directional derivative of the first count units of every row (the whole batch, rows back to back): from
     * R(y) of the gates (r[KEEP..READ]) and of the cell one step before (rCellBefore), R(y) of the other five,
     * with y and cellBefore from the forward pass:
     * R(kept) = R(keep) ⊙ cell' + R(cell') ⊙ keep, R(written) = R(write) ⊙ candidate + R(candidate) ⊙ write,
     * R(cell) = R(kept) + R(written), R(squashed) = (1 - squashed²) ⊙ R(cell), R(h) = R(read) ⊙ squashed + R(squashed) ⊙ read.
     */
    void directional(double[][] y, double[] cellBefore, double[][] r, double[] rCellBefore, int count) {
        double[] keep = y[KEEP], write = y[WRITE], candidate = y[CANDIDATE], read = y[READ], squashed = y[SQUASHED];
        double[] rKeep = r[KEEP], rWrite = r[WRITE], rCandidate = r[CANDIDATE], rRead = r[READ];
        double[] rKept = r[KEPT], rWritten = r[WRITTEN], rCell = r[CELL], rSquashed = r[SQUASHED], rh = r[H];
        for (int i = 0; i < count; i++) {
            rKept[i] = rKeep[i] * cellBefore[i] + rCellBefore[i] * keep[i];
            rWritten[i] = rWrite[i] * candidate[i] + rCandidate[i] * write[i];
            rCell[i] = rKept[i] + rWritten[i];
            rSquashed[i] = (1.0 - squashed[i] * squashed[i]) * rCell[i];
            rh[i] = rRead[i] * squashed[i] + rSquashed[i] * read[i];
        }
    }

    private static void logistic(double[] in, double[] out, int at, int n, boolean vectors) {
        if (vectors) {
            VectorMath.logistic(in, 0, out, at, n);
            return;
        }
        for (int j = 0; j < n; j++) {
            out[at + j] = 1.0 / (1.0 + Math.exp(-in[j]));
        }
    }

    private static void squash(double[] in, int from, double[] out, int at, int n, boolean vectors) {
        if (vectors) {
            VectorMath.tanh(in, from, out, at, n);
            return;
        }
        for (int j = 0; j < n; j++) {
            out[at + j] = Math.tanh(in[from + j]);
        }
    }
}
