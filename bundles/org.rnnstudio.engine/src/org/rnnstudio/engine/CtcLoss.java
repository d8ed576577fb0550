package org.rnnstudio.engine;

import java.util.List;

import org.ejml.data.DMatrixRMaj;
import org.rnnstudio.engine.ctc.Ctc;
import org.rnnstudio.engine.ctc.CtcDecoder;
import org.rnnstudio.model.UnitGroup;

/**
 * E = -log p(labels | inputs) of a softmax output with unit 0 the blank ({@link Ctc}), with respect to net:
 * the softmax of each step is taken inside, in log space, so its derivative meets the loss's in
 * softmax minus the posterior of each class. Read by best path.
 */
public final class CtcLoss implements SequenceLoss {

    private final int classes;

    public CtcLoss(int classes) {
        this.classes = classes;
    }

    @Override
    public double value(DMatrixRMaj[] net, int b, int length, int[] labels, double scale, DMatrixRMaj[] into) {
        double[][] logits = rows(net, b, length);
        double[][] gradient = into == null ? null : new double[length][classes];
        double e = Ctc.loss(logits, length, labels, gradient);
        if (into != null) {
            for (int t = 0; t < length; t++) {
                for (int c = 0; c < classes; c++) {
                    into[t].data[b * classes + c] += scale * gradient[t][c];
                }
            }
        }
        return e;
    }

    @Override
    public int[] read(DMatrixRMaj[] y, int b, int length) {
        return CtcDecoder.bestPath(rows(y, b, length), length);
    }

    private double[][] rows(DMatrixRMaj[] m, int b, int length) {
        double[][] rows = new double[length][classes];
        for (int t = 0; t < length; t++) {
            System.arraycopy(m[t].data, b * classes, rows[t], 0, classes);
        }
        return rows;
    }

    /**
     * Every sequence carries labels for every ctc output of the plan, each a class from 1 to n-1 that can be
     * emitted in the sequence's steps; otherwise one line naming the sequence, before any training.
     */
    public static void check(List<Sequence> data, Plan plan) throws DataException {
        for (UnitGroup g : plan.groups()) {
            if (!g.isOutput() || g.loss() != UnitGroup.Loss.CTC) {
                continue;
            }
            for (int i = 0; i < data.size(); i++) {
                Sequence s = data.get(i);
                String name = s.id() != null ? "sequence '" + s.id() + "'" : "sequence " + (i + 1);
                int[] labels = s.labels().get(g.id());
                if (labels == null) {
                    throw new DataException(name + " has no labels for the ctc output '" + g.id() + "' (a column " + g.id() + ".labels)");
                }
                for (int label : labels) {
                    if (label <= Ctc.BLANK || label >= g.size()) {
                        throw new DataException(name + ": label " + label + " of '" + g.id() + "' is not a class from 1 to " + (g.size() - 1)
                                + " (0 is the blank)");
                    }
                }
                if (!Ctc.feasible(labels, s.length())) {
                    throw new DataException(name + ": its " + labels.length + " labels for '" + g.id() + "' need at least " + Ctc.stepsNeeded(labels)
                            + " steps (a blank between repeated labels), but it has " + s.length());
                }
            }
        }
    }
}
