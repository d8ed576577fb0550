package org.rnnstudio.engine;

import java.util.Arrays;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.NormOps_DDRM;
import org.rnnstudio.model.Precision;
import org.rnnstudio.model.UnitGroup;

/**
 * Backpropagation through time in bounded memory (gradient checkpointing): the unrolled net is cut into
 * segments of L steps. The forward pass runs one segment at a time on one segment-long {@link Pass}, keeping
 * only the states at the segments' boundaries (the outputs that later steps read through a delay). The
 * backward pass goes through the segments from the last: it runs each segment forward again from its
 * boundary, then backward with the derivative that arrived at its end from the segments after it, and hands
 * the derivative reaching its start to the segment before. Memory is about T / L boundaries plus one segment
 * of L steps, least near L = sqrt(T); the price is a second forward pass over all but the last segment.
 * <p>
 * The segments run on the per-step path ({@link Pass#plain}): every product per wire and per step, as the
 * unrolled maths reads. Every sum is taken in the order of the whole sequence's pass on that path, so the
 * gradients are those of {@link Pass#plain} over the whole sequences to the bit (the loss, summed segment by
 * segment, to rounding). The restructured pass stacks products over all steps of a sequence and sums each
 * weight gradient over them in one product, in an order that depends on where the sequence ends: its
 * gradients agree with these to rounding only. With truncated BPTT the segments are whole
 * chunks, so that no derivative crosses a segment boundary, as none crosses a chunk's. Outputs read from the
 * future (reversed connections) and losses over whole sequences (ctc) need the whole sequence at once: such
 * networks are refused ({@link #refusal}).
 */
public final class CheckpointedPass implements GradientPass {

    private final Plan plan;
    private final int batch;
    private final int steps;
    private final int segment;
    private final int segments;
    private final Pass full;
    private final Pass last;
    /** the outputs read across the start of segment i (i >= 1), [i][group][d - 1]: group's output d steps before it */
    private final DMatrixRMaj[][][] boundary;
    /** dE/dy arriving at a segment's end from the segment after it, [group][d - 1] */
    private final DMatrixRMaj[][] arriving;
    private final boolean[] correct;
    /** ||dE/dy|| of every group at every step from the last backward pass, [group][step] */
    private final double[][] norms;
    private Batch whole;
    private Batch[] windows;
    private int correctCount;
    private String firstNonFinite;

    /** A pass over B sequences of T steps in segments of at least L steps (see {@link #segmentLength}). */
    public CheckpointedPass(Plan plan, int batch, int steps, int segment) {
        String refused = refusal(plan);
        if (refused != null) {
            throw new IllegalArgumentException(refused);
        }
        if (segment < maxDelay(plan) || segment < 1) {
            throw new IllegalArgumentException("segments of " + segment + " steps are shorter than the longest delay, " + maxDelay(plan));
        }
        this.plan = plan;
        this.batch = batch;
        this.steps = steps;
        this.segment = Math.min(segment, steps);
        this.segments = (steps + this.segment - 1) / this.segment;
        int groups = plan.groups().size();
        full = Pass.plain(plan, batch, this.segment, false);
        int rest = steps - (segments - 1) * this.segment;
        last = rest == this.segment ? full : Pass.plain(plan, batch, rest, false);
        boundary = new DMatrixRMaj[segments][][];
        for (int i = 1; i < segments; i++) {
            boundary[i] = states(plan, batch);
        }
        arriving = states(plan, batch);
        correct = new boolean[batch];
        norms = new double[groups][steps];
    }

    /** Its segments' matrix products in the given precision; returns this pass. */
    public CheckpointedPass products(Precision precision) {
        full.products(precision);
        last.products(precision);
        return this;
    }

    /** Why checkpointing cannot run this network, or null when it can. */
    public static String refusal(Plan plan) {
        for (int g = 0; g < plan.groups().size(); g++) {
            UnitGroup group = plan.groups().get(g);
            if (plan.readFromFuture(g)) {
                return "checkpointing runs forward in segments, but '" + group.id()
                        + "' is read from later steps (a reversed connection): train it without checkpointing";
            }
            if (group.isOutput() && LossFunctions.sequenceLoss(group) != null) {
                return "checkpointing runs forward in segments, but the loss of '" + group.id()
                        + "' is taken over whole sequences: train it without checkpointing";
            }
        }
        return null;
    }

    /**
     * The segments' length for a checkpoint setting: that many steps, or about sqrt(T) for
     * {@link org.rnnstudio.model.TrainingSettings#CHECKPOINT_AUTO}; at least the longest delay, and with
     * truncation a whole number of chunks.
     */
    public static int segmentLength(Plan plan, int checkpoint, int steps, int truncation) {
        int length = checkpoint == org.rnnstudio.model.TrainingSettings.CHECKPOINT_AUTO ? (int) Math.round(Math.sqrt(steps)) : checkpoint;
        length = Math.max(Math.max(1, length), maxDelay(plan));
        if (truncation > 0) {
            length = (length + truncation - 1) / truncation * truncation;
        }
        return length;
    }

    static int maxDelay(Plan plan) {
        int delay = 0;
        for (int g = 0; g < plan.groups().size(); g++) {
            delay = Math.max(delay, plan.maxDelayRead(g));
        }
        return delay;
    }

    /** One matrix for each output a later step reads through a delay: [group][d - 1], null for groups read at once. */
    private static DMatrixRMaj[][] states(Plan plan, int batch) {
        DMatrixRMaj[][] s = new DMatrixRMaj[plan.groups().size()][];
        for (int g = 0; g < s.length; g++) {
            int delay = plan.maxDelayRead(g);
            if (delay > 0) {
                s[g] = new DMatrixRMaj[delay];
                for (int d = 0; d < delay; d++) {
                    s[g][d] = new DMatrixRMaj(batch, plan.groups().get(g).size());
                }
            }
        }
        return s;
    }

    public int segments() {
        return segments;
    }

    public int segmentLength() {
        return segment;
    }

    /** The numbers held: the segment passes' (as {@link MemoryBudget} counts a pass) and the boundaries'. */
    public long numbersHeld() {
        long held = MemoryBudget.segmentNumbers(plan, batch, segment);
        if (last != full) {
            held += MemoryBudget.segmentNumbers(plan, batch, last.steps());
        }
        for (int i = 1; i < segments; i++) {
            for (DMatrixRMaj[] group : boundary[i]) {
                for (int d = 0; group != null && d < group.length; d++) {
                    held += group[d].getNumElements();
                }
            }
        }
        return held;
    }

    private Pass passOf(int i) {
        return i == segments - 1 ? last : full;
    }

    private Batch window(int i) {
        return windows[i];
    }

    /** The windows of the whole batch, made once per batch (a trainer keeps one batch per shape) and their lengths followed. */
    private void follow(Batch data) {
        if (data.size() != batch || data.steps() != steps) {
            throw new IllegalArgumentException("a pass for " + batch + " x " + steps + " was given a batch of " + data.size() + " x " + data.steps());
        }
        if (data != whole) {
            whole = data;
            windows = new Batch[segments];
            for (int i = 0; i < segments; i++) {
                windows[i] = data.window(i * segment, passOf(i).steps());
            }
        }
        for (int i = 0; i < segments; i++) {
            windows[i].followLengths(data, i * segment);
        }
    }

    /** Runs forward segment by segment, keeping the boundaries; returns the loss summed over sequences. */
    @Override
    public double forward(Network network, Batch data) {
        follow(data);
        double loss = 0;
        firstNonFinite = null;
        Arrays.fill(correct, true);
        for (int i = 0; i < segments; i++) {
            Pass pass = runSegment(network, i);
            loss += pass.loss();
            for (int b = 0; b < batch; b++) {
                correct[b] &= pass.correct(b);
            }
            if (firstNonFinite == null) {
                firstNonFinite = pass.firstNonFinite(i * segment);
            }
            if (i + 1 < segments) {
                keepBoundary(pass, boundary[i + 1]);
            }
        }
        correctCount = 0;
        for (boolean c : correct) {
            correctCount += c ? 1 : 0;
        }
        return loss;
    }

    private Pass runSegment(Network network, int i) {
        Pass pass = passOf(i);
        pass.continueFrom(i == 0 ? null : boundary[i]);
        pass.forward(network, window(i));
        return pass;
    }

    private static void keepBoundary(Pass pass, DMatrixRMaj[][] into) {
        for (int g = 0; g < into.length; g++) {
            for (int d = 1; into[g] != null && d <= into[g].length; d++) {
                into[g][d - 1].setTo(pass.output(g, pass.steps() - d));
            }
        }
    }

    /**
     * After {@link #forward} on the same batch: the gradient of the mean loss per sequence added into
     * {@code gradients}, segment by segment from the last, each run forward again from its boundary first (the
     * last is still in place).
     */
    @Override
    public void backward(Network network, Batch data, DMatrixRMaj[] gradients, int truncation) {
        follow(data);
        if (truncation > 0 && segment % truncation != 0 && segments > 1) {
            throw new IllegalArgumentException("with truncation " + truncation + " the segments must be whole chunks, not " + segment + " steps");
        }
        boolean carry = false;
        for (int i = segments - 1; i >= 0; i--) {
            Pass pass = i == segments - 1 ? last : runSegment(network, i);
            pass.backward(network, window(i), gradients, truncation, carry ? arriving : null);
            recordNorms(pass, i * segment);
            // a chunk's border is a segment's: truncated BPTT lets nothing across
            carry = truncation == 0 && i > 0;
            if (carry) {
                for (int g = 0; g < arriving.length; g++) {
                    for (int d = 1; arriving[g] != null && d <= arriving[g].length; d++) {
                        DMatrixRMaj reached = pass.pastGradient(g, d);
                        if (reached == null) {
                            arriving[g][d - 1].zero();
                        } else {
                            arriving[g][d - 1].setTo(reached);
                        }
                    }
                }
            }
        }
    }

    private void recordNorms(Pass pass, int offset) {
        for (int g = 0; g < norms.length; g++) {
            for (int t = 0; t < pass.steps(); t++) {
                DMatrixRMaj d = pass.outputGradient(g, t);
                norms[g][offset + t] = d == null ? 0 : NormOps_DDRM.normF(d);
            }
        }
    }

    @Override
    public double[] gradientNorms(int group) {
        return norms[group].clone();
    }

    @Override
    public int correctCount() {
        return correctCount;
    }

    @Override
    public String firstNonFinite() {
        return firstNonFinite;
    }
}
