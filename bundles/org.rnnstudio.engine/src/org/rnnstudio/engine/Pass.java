package org.rnnstudio.engine;

import java.util.List;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.NormOps_DDRM;
import org.rnnstudio.engine.ctc.ErrorRates;
import org.rnnstudio.model.Precision;
import org.rnnstudio.model.UnitGroup;

/**
 * Forward, backward and directional derivative through time for batches of one shape (B sequences, T
 * steps). Everything is allocated here, once per shape; the time loops allocate nothing. The arithmetic of
 * each connection, activation and loss is its operation's ({@link ConnectionOperations},
 * {@link ActivationFunctions}, {@link LossFunctions}); the pass wires them through time: delays, initial
 * states, product units, biases, target schedules and truncation.
 */
public final class Pass implements GradientPass {

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
    /** the operation of each incoming wire of each group: [group][wire] */
    private final ConnectionOperation[][] operation;
    /** the loss of each output group (null for the others) */
    private final LossFunction[] lossOf;
    /** the loss of each output group scored over whole sequences (ctc; null for the others), and its dE/dnet from the last forward pass: [group][step] */
    private final SequenceLoss[] sequenceLossOf;
    private final DMatrixRMaj[][] sequenceGradient;
    private long labelEdits;
    private long labelCount;
    private final FusedWires fused;
    /**
     * The time loops of each phase, in order, each a list of groups: a phase's recurrent core first (the groups
     * on a cycle through time and those they depend on), then the groups after it (an output read from the
     * hidden state), whose products from the core are computed for all steps at once ({@link FusedWires}).
     */
    private final int[][][] sweeps;
    /**
     * The LSTM cell that makes up each time loop (by the loop's number, as in {@link #sweepOrder}), whose step runs
     * as one operation a row at a time with the batch split between two threads; null for the other loops.
     */
    private final LstmCell[] cellOf;
    /** Whether the last forward pass left the cells' product units without their terms, which the group-by-group passes read. */
    private boolean termsMissing;
    private final FusedWires.Sources reader = this::source;
    private final FusedWires.Derivatives passedOn = this::passedOn;
    private int truncation;
    /** the outputs before step 0 when running on (see {@link #continueFrom}) */
    private DMatrixRMaj[][] past;
    /** dE/d of those outputs from the last backward pass, [group][d - 1] like past: allocated by the first backward that runs on */
    private DMatrixRMaj[][] dPast;
    /** R(net) and R(y) of every group at every step, R of the initial states, a product unit's R of one wire: allocated by the first directional pass */
    private DMatrixRMaj[][] rNet;
    private DMatrixRMaj[][] rY;
    private DMatrixRMaj[] rInitial;
    private DMatrixRMaj[] rWire;
    /** teacher forcing: over the first teacherSteps steps a reader of an output group reads forced[g][t], its target where it has one */
    private int teacherSteps;
    private DMatrixRMaj[][] forced;
    private double loss;
    private int correctCount;
    /** The precision of the matrix products (the run's setting); everything else is double. */
    private Precision products = Precision.DEFAULT;
    private boolean everyDerivative = true;
    /** whether the last backward pass kept dE/dy of every group */
    private boolean keptEvery = true;

    public Pass(Plan plan, int batch, int steps) {
        this(plan, batch, steps, false);
    }

    /**
     * With inputGradients, backward also computes dE/dx for the input groups ({@link #outputGradient} of an
     * input group); training does not need them, a check against another implementation does.
     */
    public Pass(Plan plan, int batch, int steps, boolean inputGradients) {
        this(plan, batch, steps, inputGradients, true, true);
    }

    /**
     * A pass that computes every product per wire and per step in one time loop, as the unrolled maths reads:
     * the reference against which tests check the restructured step (the same numbers to rounding), and the
     * path of checkpointed training ({@link CheckpointedPass}), whose segments give its gradients to the bit.
     */
    public static Pass plain(Plan plan, int batch, int steps, boolean inputGradients) {
        return new Pass(plan, batch, steps, inputGradients, false, false);
    }

    /**
     * The restructured pass with an LSTM cell's nine groups computed group by group, as every other cell's are:
     * the reference against which tests check the cell's step as one operation ({@link LstmCell}).
     */
    public static Pass groupByGroup(Plan plan, int batch, int steps, boolean inputGradients) {
        return new Pass(plan, batch, steps, inputGradients, true, false);
    }

    private Pass(Plan plan, int batch, int steps, boolean inputGradients, boolean restructured, boolean cellSteps) {
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
        operation = new ConnectionOperation[groups][];
        lossOf = new LossFunction[groups];
        sequenceLossOf = new SequenceLoss[groups];
        sequenceGradient = new DMatrixRMaj[groups][];
        boolean stacked = restructured && stacks(batch, steps);
        sweeps = sweeps(plan, stacked);
        fused = new FusedWires(plan, batch, steps, sweepOrder(), stacked);
        cellOf = cells(plan, stacked && cellSteps);
        for (LstmCell cell : cellOf) {
            if (cell != null) {
                allocateCellScratch(cell);
            }
        }
        for (int g = 0; g < groups; g++) {
            UnitGroup group = plan.groups().get(g);
            int n = group.size();
            List<Plan.Wire> incoming = plan.incoming(g);
            operation[g] = new ConnectionOperation[incoming.size()];
            for (int k = 0; k < incoming.size(); k++) {
                operation[g][k] = ConnectionOperations.of(incoming.get(k).connection());
            }
            if (group.isOutput()) {
                sequenceLossOf[g] = LossFunctions.sequenceLoss(group);
                if (sequenceLossOf[g] == null) {
                    lossOf[g] = LossFunctions.of(group);
                } else {
                    sequenceGradient[g] = matrices(steps, n);
                }
            }
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

    /**
     * Rows (sequences x steps) up to which products are stacked over all steps. Beyond, the stacked matrices
     * would cost more memory than the outputs themselves (the adding problem at 80,000 steps) for little
     * speed, and the pass computes every product per step.
     */
    static final long STACKED_ROWS = 16_384;

    /** Whether a pass for batches of this shape stacks products over all steps (see {@link #STACKED_ROWS}). */
    static boolean stacks(long batch, long steps) {
        return batch * steps <= STACKED_ROWS;
    }

    /** Per phase: with restructured, its core, then the rest; else one loop over all its groups. */
    private static int[][][] sweeps(Plan plan, boolean restructured) {
        int n = plan.groups().size();
        int[][][] out = new int[plan.phases()][][];
        for (int p = 0; p < plan.phases(); p++) {
            List<Integer> core = new java.util.ArrayList<>();
            List<Integer> after = new java.util.ArrayList<>();
            boolean[] recurrent = restructured ? reachesCycle(plan, p) : null;
            for (int g = 0; g < n; g++) {
                if (plan.phase(g) == p && !plan.groups().get(g).isInput()) {
                    (recurrent == null || recurrent[g] ? core : after).add(g);
                }
            }
            out[p] = java.util.stream.Stream.of(core, after).filter(l -> !l.isEmpty())
                    .map(l -> l.stream().mapToInt(Integer::intValue).toArray()).toArray(int[][]::new);
        }
        return out;
    }

    /** Which groups of phase p lie on a cycle through time among the phase's groups, or feed one. */
    private static boolean[] reachesCycle(Plan plan, int p) {
        int n = plan.groups().size();
        List<List<Integer>> readers = new java.util.ArrayList<>();
        for (int g = 0; g < n; g++) {
            readers.add(new java.util.ArrayList<>());
        }
        for (int g = 0; g < n; g++) {
            for (Plan.Wire w : plan.incoming(g)) {
                if (plan.phase(g) == p && plan.phase(w.fromGroup()) == p && !plan.groups().get(w.fromGroup()).isInput()) {
                    readers.get(w.fromGroup()).add(g);
                }
            }
        }
        boolean[][] reach = new boolean[n][];
        for (int g = 0; g < n; g++) {
            reach[g] = new boolean[n];
            java.util.ArrayDeque<Integer> todo = new java.util.ArrayDeque<>(readers.get(g));
            while (!todo.isEmpty()) {
                int h = todo.pop();
                if (!reach[g][h]) {
                    reach[g][h] = true;
                    todo.addAll(readers.get(h));
                }
            }
        }
        boolean[] result = new boolean[n];
        for (int g = 0; g < n; g++) {
            for (int h = 0; h < n; h++) {
                result[g] |= (h == g || reach[g][h]) && reach[h][h];
            }
        }
        return result;
    }

    /**
     * Which loops are a whole LSTM cell that can run as one operation: only where asked, in a pass that stacks (its gates' wires
     * are then fused), forward in time, and with the Vector API's kernels, whose row products it calls.
     */
    private LstmCell[] cells(Plan plan, boolean stacked) {
        int loops = 0;
        for (int[][] phase : sweeps) {
            loops += phase.length;
        }
        LstmCell[] cells = new LstmCell[loops];
        int loop = 0;
        for (int p = 0; p < sweeps.length; p++) {
            for (int[] sweep : sweeps[p]) {
                if (stacked && !Plan.reversed(p) && Gemm.VECTOR_WIDTH > 1) {
                    cells[loop] = LstmCell.find(plan, sweep, fused);
                }
                loop++;
            }
        }
        return cells;
    }

    /** Each group's time loop numbered in the order the loops run; input groups, clamped before all, -1. */
    private int[] sweepOrder() {
        int[] order = new int[groups];
        java.util.Arrays.fill(order, -1);
        int next = 0;
        for (int[][] phase : sweeps) {
            for (int[] sweep : phase) {
                for (int g : sweep) {
                    order[g] = next;
                }
                next++;
            }
        }
        return order;
    }

    /** How many of the pass's time loops run an LSTM cell's step as one operation ({@link LstmCell}). */
    public int cellOperations() {
        return (int) java.util.Arrays.stream(cellOf).filter(java.util.Objects::nonNull).count();
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
        checkKept(g);
        return dy[g] == null ? null : dy[g][t];
    }

    private void checkKept(int g) {
        if (!keptEvery && writtenByCell(g)) {
            throw new IllegalStateException("dE/dy of '" + plan.groups().get(g).id() + "' was not kept: the pass ran without everyDerivative");
        }
    }

    @Override
    public double[] gradientNorms(int g) {
        checkKept(g);
        double[] norms = new double[steps];
        for (int t = 0; t < steps; t++) {
            norms[t] = NormOps_DDRM.normF(dy[g][t]);
        }
        return norms;
    }

    /** The loss of the last forward pass, summed over the sequences of the batch. */
    public double loss() {
        return loss;
    }

    /**
     * Where the last forward pass first produced a value that is not a finite number, as "group 'ID' at
     * step T" (groups in computation order within each step), or null when every output is finite.
     */
    @Override
    public String firstNonFinite() {
        return firstNonFinite(0);
    }

    /** {@link #firstNonFinite()} naming the step as step offset + t: a segment's step within its sequence. */
    public String firstNonFinite(int offset) {
        for (int t = 0; t < steps; t++) {
            for (int g = 0; g < groups; g++) {
                for (double v : y[g][t].data) {
                    if (!Double.isFinite(v)) {
                        return "group '" + plan.groups().get(g).id() + "' at step " + (offset + t);
                    }
                }
            }
        }
        return null;
    }

    /**
     * The edit distance between the labels read (best path) and the label sequences of the last forward pass,
     * summed over the sequences and the outputs with a sequence-level loss; with {@link #labelCount}, the
     * character error rate.
     */
    @Override
    public long labelEdits() {
        return labelEdits;
    }

    /** How many labels the sequences of the last forward pass carried. */
    @Override
    public long labelCount() {
        return labelCount;
    }

    /** How many sequences of the last forward pass had every target right. */
    @Override
    public int correctCount() {
        return correctCount;
    }

    /** Whether sequence b of the last forward pass had every target right. */
    public boolean correct(int b) {
        return correct[b];
    }

    /**
     * What a connection from plan group g reads at step s of the last forward pass: its output, or under
     * teacher forcing an output group's target; before step 0 the carried or initial state.
     */
    public DMatrixRMaj read(int g, int s) {
        return source(g, s);
    }

    private DMatrixRMaj source(int g, int s) {
        if (s >= steps) {
            return initial[g];
        }
        if (s >= 0) {
            return s < teacherSteps && lossOf[g] != null ? forced[g][s] : y[g][s];
        }
        return carried(g, s) ? past[g][-s - 1] : initial[g];
    }

    /** Whether step s < 0 of group g reads an output carried from an earlier run rather than the initial state. */
    private boolean carried(int g, int s) {
        return past != null && past[g] != null && -s <= past[g].length && past[g][-s - 1] != null;
    }

    /**
     * Runs on from where an earlier run stopped: past[g][d - 1] is group g's output d steps before this
     * pass's step 0 (a null array or entry: the initial state); for running a network one step at a time
     * ({@link Stepper}).
     */
    public void continueFrom(DMatrixRMaj[][] past) {
        this.past = past;
    }

    /**
     * After a backward pass of a pass that runs on from a past ({@link #continueFrom}): dE/dy of the output
     * that group g gave d steps before step 0, what this segment's readers sent back across its start; null
     * where no past output was given. It is the {@code arriving} derivative of the segment before.
     */
    public DMatrixRMaj pastGradient(int g, int d) {
        return dPast == null || dPast[g] == null || d > dPast[g].length ? null : dPast[g][d - 1];
    }

    /** Runs the batch forward through all steps; returns the loss summed over sequences. */
    @Override
    public double forward(Network network, Batch data) {
        return forward(network, data, 0);
    }

    /**
     * Runs forward with teacher forcing over the first {@code teacherSteps} steps: there, a connection that
     * reads an output group (output feedback into a reservoir) reads the target instead of the output, where
     * the target is given; later steps run freely on the network's own outputs. The loss is the outputs'
     * as always. A forced pass has no backward: it serves a readout's fit and free-running prediction.
     */
    public double forward(Network network, Batch data, int teacherSteps) {
        return Gemm.inPrecision(products, () -> forwardThroughTime(network, data, teacherSteps));
    }

    /**
     * Whether the next backward passes keep dE/dy of every group at every step ({@link #outputGradient},
     * {@link #gradientNorms}: the views that look inside), the default; without, an LSTM cell's step keeps only
     * what flows through time (dE/dh, dE/dcell) and its gates' and products' dE/dy pass through rows in the cache
     * (11 MB a step less written on the bench's LSTM). Returns this pass.
     */
    public Pass everyDerivative(boolean keep) {
        everyDerivative = keep;
        return this;
    }

    /** This pass's matrix products in the given precision from its next forward pass on; returns this pass. */
    public Pass products(Precision precision) {
        products = precision;
        return this;
    }

    private boolean single() {
        return products == Precision.FLOAT32 && Gemm.VECTOR_WIDTH > 1;
    }

    private double forwardThroughTime(Network network, Batch data, int teacherSteps) {
        check(data);
        this.teacherSteps = Math.min(teacherSteps, steps);
        if (this.teacherSteps > 0 && forced == null) {
            forced = new DMatrixRMaj[groups][];
            for (int g = 0; g < groups; g++) {
                if (lossOf[g] != null) {
                    forced[g] = matrices(steps, plan.groups().get(g).size());
                }
            }
        }
        fused.gatherWeights(network, single(), false);
        for (int g = 0; g < groups; g++) {
            fillInitialState(network, g);
        }
        for (int g = 0; g < groups; g++) {
            UnitGroup group = plan.groups().get(g);
            if (group.isInput()) {
                for (int t = 0; t < steps; t++) {
                    clampInput(group, data.input(g, t), y[g][t], t);
                }
            }
        }
        int loop = 0;
        termsMissing = false;
        for (int p = 0; p < plan.phases(); p++) {
            for (int[] sweep : sweeps[p]) {
                LstmCell cell = cellOf[loop++];
                if (cell != null) {
                    inRows((b0, b1, thread) -> cellForward(network, cell, b0, b1, thread));
                    termsMissing = true;
                    continue;
                }
                fused.forwardAll(loop - 1, reader);
                for (int i = 0; i < steps; i++) {
                    int t = Plan.reversed(p) ? steps - 1 - i : i;
                    for (int g : sweep) {
                        computeGroup(network, g, plan.groups().get(g), t);
                        if (plan.readFromFuture(g)) {
                            holdAfterEnd(initial[g], y[g][t], t, data.lengths());
                        }
                        if (t < this.teacherSteps && lossOf[g] != null) {
                            force(y[g][t], data.target(g, t), forced[g][t]);
                        }
                    }
                }
            }
        }
        scoreAll(data);
        return loss;
    }

    private static void force(DMatrixRMaj output, DMatrixRMaj target, DMatrixRMaj into) {
        for (int i = 0; i < into.data.length; i++) {
            into.data[i] = Double.isNaN(target.data[i]) ? output.data[i] : target.data[i];
        }
    }

    private void checkUnforced() {
        if (teacherSteps > 0) {
            throw new IllegalStateException("a teacher-forced pass has no derivatives: run forward without forcing first");
        }
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
        if (plan.initialState(g) != null) {
            copyToEachRow(network.value(plan.initialState(g)).data, init);
        } else if (!group.isInput() && group.initialState() == UnitGroup.InitialStateKind.FIXED) {
            copyToEachRow(group.initialValues(), init);
        }
    }

    /**
     * A reversed wire reading past a sequence's end reads the initial state, as past the batch's last step: the
     * rows of the sequences that have ended by step t hold it (a constant, so no derivative flows through them).
     */
    private static void holdAfterEnd(DMatrixRMaj initialState, DMatrixRMaj m, int t, int[] lengths) {
        int n = m.numCols;
        for (int b = 0; b < lengths.length; b++) {
            if (t >= lengths[b]) {
                System.arraycopy(initialState.data, b * n, m.data, b * n, n);
            }
        }
    }

    private static void copyToEachRow(double[] row, DMatrixRMaj m) {
        int n = m.numCols;
        for (int b = 0; b < m.numRows; b++) {
            System.arraycopy(row, 0, m.data, b * n, n);
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
                    fused.addContribution(g, k, source(w.fromGroup(), w.sourceStep(t)), t, total);
                } else {
                    operation[g][k].forward(source(w.fromGroup(), w.sourceStep(t)), weights(network, w), total);
                }
            }
        } else {
            for (int k = 0; k < wires.size(); k++) {
                Plan.Wire w = wires.get(k);
                DMatrixRMaj c = contribution[g][k][t];
                c.zero();
                operation[g][k].forward(source(w.fromGroup(), w.sourceStep(t)), weights(network, w), c);
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

    private static DMatrixRMaj weights(Network network, Plan.Wire w) {
        return w.weights() == null ? null : network.value(w.weights());
    }

    /**
     * For the few units of a small group one flat loop with the column wrapping round is faster; for a wide
     * group a loop per row, which the JIT compiles to vector instructions.
     */
    private static void addRowToEachRow(double[] row, DMatrixRMaj m) {
        double[] d = m.data;
        int n = row.length;
        int size = m.getNumElements();
        if (n >= WIDE) {
            for (int r = 0; r < size; r += n) {
                for (int j = 0; j < n; j++) {
                    d[r + j] += row[j];
                }
            }
            return;
        }
        for (int i = 0, j = 0; i < size; i++) {
            d[i] += row[j];
            if (++j == n) {
                j = 0;
            }
        }
    }

    /** Units from which a loop per row beats one flat loop over a matrix. */
    private static final int WIDE = 16;

    // --- the LSTM cell's step, the batch split between two threads ---------------------------------------

    /** Work on the rows b0 to b1 of the batch (or the gates b0 to b1), by thread 0 or 1 (which says whose scratch rows it uses). */
    interface RowTask {
        void run(int b0, int b1, int thread);
    }

    /**
     * Runs the task on two halves of the batch at once, the second half on the common pool's thread, when two cores
     * are there and the batch is large enough to share: each sequence's step depends on that sequence alone, so
     * the halves need no hand-over until the loop is done, and every number is computed as on one thread.
     */
    private void inRows(RowTask task) {
        inHalves(batch, batch >= ROWS_TO_SPLIT, task);
    }

    /** Runs the task on [0, count / 2) and [count / 2, count) at once when two cores are there and it is worth it, else on all. */
    static void inHalves(int count, boolean worth, RowTask task) {
        if (!VectorGemm.split || !worth) {
            task.run(0, count, 0);
            return;
        }
        int half = count / 2;
        java.util.concurrent.ForkJoinTask<?> second = java.util.concurrent.ForkJoinPool.commonPool().submit(() -> task.run(half, count, 1));
        task.run(0, half, 0);
        second.join();
    }

    /** Numbers of a group's dE/dy over all steps from which zeroing them is split between two threads. */
    private static final long ZEROED_ON_TWO_CORES = 1 << 17;

    /** Sequences in a batch from which the LSTM step is split between two threads. */
    private static final int ROWS_TO_SPLIT = 8;

    /** Per thread: the gates' total inputs of one row, [thread][gate][unit]; the nine groups' matrices of one step, [thread][part]. */
    private double[][][] gateInputs;
    private double[][][] parts;
    private double[][][] partDerivatives;
    private double[][][] gateDerivatives;
    private int[][] gateAt;
    /** Per thread: the gates' dE/dnet of one row, [thread][gate][unit], when they are kept in float only. */
    private double[][][] gateRows;
    /** Per thread: a step's dE/dy of the cell's parts that are not kept, [thread][part][batch × units] (the thread's rows only are used). */
    private double[][][] passingRows;

    private void allocateCellScratch(LstmCell cell) {
        if (gateInputs == null || gateInputs[0][0].length < batch * cell.units) {
            gateInputs = new double[2][4][batch * cell.units];
            parts = new double[2][9][];
            partDerivatives = new double[2][9][];
            gateDerivatives = new double[2][4][];
            gateAt = new int[2][4];
        }
    }

    /**
     * Forward through all steps for the rows b0 to b1: each step's products for these rows (the input's too: a
     * step's rows stay in the cache, where the input product of all steps at once went through memory twice),
     * then row by row the gates' total inputs (the wires in the plan's order, then the bias, as
     * {@link #computeGroup} adds them) and the cell's step ({@link LstmCell#forward}).
     */
    private void cellForward(Network network, LstmCell cell, int b0, int b1, int thread) {
        int n = cell.units;
        boolean vectors = batch * n >= VectorMath.SMALLEST;
        double[][] net = gateInputs[thread];
        double[][] out = parts[thread];
        boolean[][] computed = firstUses(cell);
        for (int t = 0; t < steps; t++) {
            for (int i = 0; i <= LstmCell.READ; i++) {
                int g = cell.groups[i];
                for (int k = 0; k < plan.incoming(g).size(); k++) {
                    if (!computed[i][k]) {
                        continue;
                    }
                    FusedWires.Set set = fused.set(g, k);
                    double[] from = source(set.from, set.wires.get(0).sourceStep(t)).data;
                    if (set.singleWeights != null) {
                        FloatGemm.productRows(from, set.singleWeights, set.product.data, b0, b1, set.weights.numRows, set.width);
                    } else {
                        java.util.Arrays.fill(set.product.data, b0 * set.width, b1 * set.width, 0.0);
                        VectorGemm.multAddRows(from, set.weights.data, set.product.data, b0, b1, set.weights.numRows, set.width);
                    }
                }
            }
            for (int i = 0; i < 9; i++) {
                out[i] = y[cell.groups[i]][t].data;
            }
            double[] before = source(cell.groups[LstmCell.CELL], t - 1).data;
            for (int b = b0; b < b1; b++) {
                for (int i = 0; i <= LstmCell.READ; i++) {
                    gateInput(network, cell.groups[i], b, net[i], (b - b0) * n, n);
                }
            }
            // the squashing functions and the cell's update over all the thread's rows at once: 5 calls a step, not 5 a row
            cell.forward(net, before, b0 * n, out, b0 * n, (b1 - b0) * n, vectors);
        }
    }

    /** Whether an LSTM cell's backward step sets dE/dy of group g rather than adding to it: its gates, kept, written and squashed. */
    private boolean writtenByCell(int g) {
        for (LstmCell cell : cellOf) {
            for (int i = 0; cell != null && i < 9; i++) {
                if (cell.groups[i] == g) {
                    return i != LstmCell.CELL && i != LstmCell.H;
                }
            }
        }
        return false;
    }

    /** For each gate i and wire k into it, {@link #firstUse}: the same for every step, so found once a loop. */
    private boolean[][] firstUses(LstmCell cell) {
        boolean[][] computed = new boolean[LstmCell.READ + 1][];
        for (int i = 0; i <= LstmCell.READ; i++) {
            computed[i] = new boolean[plan.incoming(cell.groups[i]).size()];
            for (int k = 0; k < computed[i].length; k++) {
                computed[i][k] = firstUse(cell, i, k);
            }
        }
        return computed;
    }

    /** Whether wire k into gate i is the first of the cell's wires in its set (whose product is computed once a step). */
    private boolean firstUse(LstmCell cell, int i, int k) {
        FusedWires.Set set = fused.set(cell.groups[i], k);
        for (int gate = 0; gate <= i; gate++) {
            int g = cell.groups[gate];
            for (int j = 0; j < (gate == i ? k : plan.incoming(g).size()); j++) {
                if (fused.set(g, j) == set) {
                    return false;
                }
            }
        }
        return true;
    }

    /** net[to..to+n) = 0 + each wire's share of its set's product of this step, row b, in the plan's order, + the bias. */
    private void gateInput(Network network, int g, int b, double[] net, int to, int n) {
        for (int k = 0; k < plan.incoming(g).size(); k++) {
            FusedWires.Set set = fused.set(g, k);
            double[] product = set.product.data;
            int at = b * set.width + fused.offset(g, k);
            if (k == 0) {
                // 0 + p is p
                System.arraycopy(product, at, net, to, n);
                continue;
            }
            for (int j = 0; j < n; j++) {
                net[to + j] += product[at + j];
            }
        }
        if (plan.incoming(g).isEmpty()) {
            java.util.Arrays.fill(net, to, to + n, 0.0);
        }
        if (plan.bias(g) != null) {
            double[] bias = network.value(plan.bias(g)).data;
            for (int j = 0; j < n; j++) {
                net[to + j] += bias[j];
            }
        }
    }

    /**
     * Backward through all steps for the rows b0 to b1, from the last step to the first: the cell's step
     * ({@link LstmCell#backward}) writes the gates' dE/dnet straight into their sets' stacked derivatives, then
     * dE/dh' += D_t Uᵀ for these rows. The weight gradients follow after the loop ({@link FusedWires#backwardAll}).
     */
    private void cellBackward(LstmCell cell, int b0, int b1, int thread) {
        int n = cell.units;
        double[][] out = parts[thread];
        double[][] dOut = partDerivatives[thread];
        double[][] dNet = gateDerivatives[thread];
        int[] netAt = gateAt[thread];
        int cellGroup = cell.groups[LstmCell.CELL];
        double[][] through = everyDerivative ? null : passingRows[thread];
        boolean[][] computed = firstUses(cell);
        // each gate's sets and where its columns start in them, looked up once, not at every row
        FusedWires.Set[][] sets = new FusedWires.Set[LstmCell.READ + 1][];
        int[][] offsets = new int[LstmCell.READ + 1][];
        for (int i = 0; i <= LstmCell.READ; i++) {
            int g = cell.groups[i];
            int wires = plan.incoming(g).size();
            sets[i] = new FusedWires.Set[wires];
            offsets[i] = new int[wires];
            for (int k = 0; k < wires; k++) {
                sets[i][k] = fused.set(g, k);
                offsets[i][k] = fused.offset(g, k);
            }
        }
        for (int t = steps - 1; t >= 0; t--) {
            for (int i = 0; i < 9; i++) {
                out[i] = y[cell.groups[i]][t].data;
                dOut[i] = everyDerivative || i == LstmCell.CELL || i == LstmCell.H ? dy[cell.groups[i]][t].data : through[i];
            }
            double[] before = source(cellGroup, t - 1).data;
            DMatrixRMaj dBefore = passedOn(cellGroup, t - 1, t);
            for (int b = b0; b < b1; b++) {
                for (int i = 0; i <= LstmCell.READ; i++) {
                    FusedWires.Set set = sets[i][0];
                    // in float, a gate's dE/dnet goes to a row in the cache, to be rounded into the stacked floats
                    dNet[i] = set.singleOnly ? gateRows[thread][i] : set.derivatives.data;
                    netAt[i] = set.singleOnly ? 0 : (t * batch + b) * set.width + offsets[i][0];
                }
                cell.backward(out, before, b * n, dOut, b * n, dNet, netAt, dBefore == null ? null : dBefore.data);
                for (int i = 0; i <= LstmCell.READ; i++) {
                    FusedWires.Set first = sets[i][0];
                    int stacked = (t * batch + b) * first.width + offsets[i][0];
                    if (first.singleStacked) {
                        FloatGemm.toFloat(dNet[i], netAt[i], first.singleDerivatives, stacked, n);
                    }
                    for (int k = 1; k < sets[i].length; k++) {
                        FusedWires.Set set = sets[i][k];
                        int at = (t * batch + b) * set.width + offsets[i][k];
                        // in float, a per-step set's doubles are read by nothing: its weight gradient and dE/dh' come from the floats
                        if (!set.singleStacked || set.hoisted) {
                            System.arraycopy(dNet[i], netAt[i], set.derivatives.data, at, n);
                        }
                        if (set.singleStacked && set.singleDerivatives != first.singleDerivatives) {
                            System.arraycopy(first.singleDerivatives, stacked, set.singleDerivatives, at, n);
                        }
                    }
                }
            }
            for (int i = 0; i <= LstmCell.READ; i++) {
                int g = cell.groups[i];
                for (int k = 0; k < plan.incoming(g).size(); k++) {
                    FusedWires.Set set = fused.set(g, k);
                    Plan.Wire w = set.wires.get(0);
                    DMatrixRMaj dFrom = set.hoisted || !computed[i][k] ? null : passedOn(set.from, w.sourceStep(t), t);
                    if (dFrom != null && set.singleStacked) {
                        FloatGemm.multAddRows(set.singleDerivatives, t * batch, set.singleWeightsT, dFrom.data, b0, b1, set.width, set.weights.numRows);
                    } else if (dFrom != null) {
                        VectorGemm.multAddTransBRows(set.derivatives.data, t * batch, set.weights.data, dFrom.data, b0, b1, set.width,
                                set.weights.numRows);
                    }
                }
            }
        }
    }

    /** With products in single precision, the cell's step writes its gates' dE/dnet in float too, for the weight gradients. */
    private void stackInSingle(LstmCell cell) {
        if (!single()) {
            for (int i = 0; i <= LstmCell.READ; i++) {
                fused.set(cell.groups[i], 0).singleOnly = false;
            }
            return;
        }
        if (gateRows == null || gateRows[0][0].length < cell.units) {
            gateRows = new double[2][4][cell.units];
        }
        for (int i = 0; i <= LstmCell.READ; i++) {
            int g = cell.groups[i];
            FusedWires.Set first = fused.set(g, 0);
            for (int k = 0; k < plan.incoming(g).size(); k++) {
                FusedWires.Set set = fused.set(g, k);
                set.singleOnly = k == 0 && !(set.hoisted && fused.passesOn(set, passedOn));
                if (k > 0 && sameColumns(cell, k)) {
                    set.singleDerivatives = first.singleDerivatives;
                } else if (set.singleDerivatives == null || set.singleDerivatives == first.singleDerivatives && set != first) {
                    set.singleDerivatives = new float[set.derivatives.getNumElements()];
                }
                set.singleStacked = true;
            }
        }
    }

    /**
     * Whether the cell's wires k into its four gates make a set laid out as its wires 0 do (the same width, each gate
     * at the same columns): the x and h sets of an LSTM are, and then hold the same dE/dnet, which they share in float.
     */
    private boolean sameColumns(LstmCell cell, int k) {
        for (int i = 0; i <= LstmCell.READ; i++) {
            int g = cell.groups[i];
            if (k >= plan.incoming(g).size() || fused.set(g, k) != fused.set(cell.groups[0], k) || fused.set(g, 0) != fused.set(cell.groups[0], 0)
                    || fused.offset(g, k) != fused.offset(g, 0) || fused.set(g, k).width != fused.set(g, 0).width) {
                return false;
            }
        }
        return true;
    }

    /**
     * Each gate's bias gradient from its stacked dE/dnet, summed from the last step to the first as the group-by-group
     * pass sums it; two gates on each core, each gate's sums in that one order.
     */
    private void addCellBiasGradients(LstmCell cell, DMatrixRMaj[] gradients) {
        inHalves(LstmCell.READ + 1, batch >= ROWS_TO_SPLIT, (first, last, thread) -> addBiasGradients(cell, first, last, gradients));
    }

    private void addBiasGradients(LstmCell cell, int first, int last, DMatrixRMaj[] gradients) {
        for (int i = first; i < last; i++) {
            int g = cell.groups[i];
            if (plan.bias(g) == null || !plan.bias(g).trainable()) {
                continue;
            }
            double[] into = gradients[plan.bias(g).index()].data;
            FusedWires.Set set = fused.set(g, 0);
            int offset = fused.offset(g, 0);
            for (int t = steps - 1; t >= 0; t--) {
                for (int b = 0; b < batch; b++) {
                    if (set.singleOnly) {
                        FloatGemm.addSlice(set.singleDerivatives, (t * batch + b) * set.width + offset, into, cell.units);
                    } else {
                        VectorMath.addTo(set.derivatives.data, (t * batch + b) * set.width + offset, into, cell.units);
                    }
                }
            }
        }
    }

    /**
     * The terms of the cells' product units (kept, written, h), which the cell's step does not keep: the
     * group-by-group passes (the directional derivative, Gauss-Newton products) read them. Each is a source's
     * output, as an identity wire of scale 1 brings it.
     */
    private void fillTerms() {
        if (!termsMissing) {
            return;
        }
        for (LstmCell cell : cellOf) {
            if (cell == null) {
                continue;
            }
            for (int i : new int[] { LstmCell.KEPT, LstmCell.WRITTEN, LstmCell.H }) {
                int g = cell.groups[i];
                List<Plan.Wire> wires = plan.incoming(g);
                for (int k = 0; k < wires.size(); k++) {
                    for (int t = 0; t < steps; t++) {
                        contribution[g][k][t].setTo(source(wires.get(k).fromGroup(), wires.get(k).sourceStep(t)));
                    }
                }
            }
        }
        termsMissing = false;
    }

    // --- directional derivative --------------------------------------------------------------------------

    /**
     * The directional derivative of every group's output along a direction V in parameter space (one matrix
     * per parameter set, shaped like the network's), after {@link #forward} on the same batch: R(y) = (dy/dW) V,
     * computed forward in time like the outputs themselves (Pearlmutter's R-operator, where Hessian-free
     * optimisation's Gauss-Newton products start). Read it with {@link #outputDirectional}.
     */
    public void directional(Network network, Batch data, DMatrixRMaj[] direction) {
        check(data);
        checkUnforced();
        fillTerms();
        if (rY == null) {
            allocateDirectional();
        }
        for (int g = 0; g < groups; g++) {
            rInitial[g].zero();
            if (plan.initialState(g) != null) {
                copyToEachRow(direction[plan.initialState(g).index()].data, rInitial[g]);
            }
        }
        for (int p = 0; p < plan.phases(); p++) {
            for (int i = 0; i < steps; i++) {
                int t = Plan.reversed(p) ? steps - 1 - i : i;
                for (int g = 0; g < groups; g++) {
                    UnitGroup group = plan.groups().get(g);
                    if (plan.phase(g) == p && !group.isInput()) {
                        LstmCell cell = cellWithPart(g);
                        if (cell == null || g == cell.groups[LstmCell.KEEP] || g == cell.groups[LstmCell.WRITE] || g == cell.groups[LstmCell.CANDIDATE]
                                || g == cell.groups[LstmCell.READ]) {
                            directionalGroup(network, direction, g, group, t);
                        } else if (g == cell.groups[LstmCell.H]) {
                            cellDirectional(cell, t);
                        }
                        if (plan.readFromFuture(g)) {
                            holdAfterEnd(rInitial[g], rY[g][t], t, data.lengths());
                        }
                    }
                }
            }
        }
    }

    /** The LSTM cell (run as one operation) that group g is part of, or null. */
    private LstmCell cellWithPart(int g) {
        for (LstmCell cell : cellOf) {
            for (int i = 0; cell != null && i < 9; i++) {
                if (cell.groups[i] == g) {
                    return cell;
                }
            }
        }
        return null;
    }

    /**
     * R(y) of the cell's kept, written, cell, squashed and h at step t from its gates' ({@link LstmCell#directional}),
     * once the gates' have been computed: h is the last of the nine in the plan's order, as it reads them all.
     */
    private void cellDirectional(LstmCell cell, int t) {
        double[][] out = parts[0];
        double[][] rOut = partDerivatives[0];
        for (int i = 0; i < 9; i++) {
            out[i] = y[cell.groups[i]][t].data;
            rOut[i] = rY[cell.groups[i]][t].data;
        }
        int c = cell.groups[LstmCell.CELL];
        DMatrixRMaj rBefore = t - 1 >= 0 ? rY[c][t - 1] : rInitial[c];
        cell.directional(out, source(c, t - 1).data, rOut, rBefore.data, batch * cell.units);
    }

    /** R(y) of plan group g at step t from the last directional pass (B x units); zero for input groups. */
    public DMatrixRMaj outputDirectional(int g, int t) {
        return rY[g][t];
    }

    private void allocateDirectional() {
        rNet = new DMatrixRMaj[groups][];
        rY = new DMatrixRMaj[groups][];
        rInitial = new DMatrixRMaj[groups];
        rWire = new DMatrixRMaj[groups];
        for (int g = 0; g < groups; g++) {
            UnitGroup group = plan.groups().get(g);
            int n = group.size();
            rInitial[g] = new DMatrixRMaj(batch, n);
            if (group.isInput()) {
                // the data do not move with the parameters: one zero matrix stands for every step
                rY[g] = new DMatrixRMaj[steps];
                java.util.Arrays.fill(rY[g], new DMatrixRMaj(batch, n));
                continue;
            }
            rNet[g] = matrices(steps, n);
            rY[g] = matrices(steps, n);
            if (group.combine() == UnitGroup.Combine.PRODUCT) {
                rWire[g] = new DMatrixRMaj(batch, n);
            }
        }
    }

    /** R(net) = sum over wires of R(term) (for product units: R(term) times the other terms) + R(bias); R(y) = f'(net) R(net). */
    private void directionalGroup(Network network, DMatrixRMaj[] direction, int g, UnitGroup group, int t) {
        DMatrixRMaj rTotal = rNet[g][t];
        rTotal.zero();
        boolean product = group.combine() == UnitGroup.Combine.PRODUCT;
        List<Plan.Wire> wires = plan.incoming(g);
        for (int k = 0; k < wires.size(); k++) {
            Plan.Wire w = wires.get(k);
            int s = w.sourceStep(t);
            DMatrixRMaj into = product ? rWire[g] : rTotal;
            if (product) {
                into.zero();
            }
            DMatrixRMaj rFrom = s >= 0 && s < steps ? rY[w.fromGroup()][s] : rInitial[w.fromGroup()];
            DMatrixRMaj v = w.weights() == null ? null : direction[w.weights().index()];
            operation[g][k].directional(source(w.fromGroup(), s), rFrom, weights(network, w), v, into);
            if (product) {
                for (int j = 0; j < wires.size(); j++) {
                    if (j != k) {
                        CommonOps_DDRM.elementMult(into, contribution[g][j][t]);
                    }
                }
                CommonOps_DDRM.addEquals(rTotal, into);
            }
        }
        if (plan.bias(g) != null) {
            addRowToEachRow(direction[plan.bias(g).index()].data, rTotal);
        }
        ActivationFunctions.directional(group.activation(), y[g][t], rTotal, rY[g][t]);
    }

    // --- loss ------------------------------------------------------------------------------------------

    /** Whether an output group is scored at step t of a sequence of this length, by its target schedule. */
    static boolean targetAt(UnitGroup group, int t, int length) {
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
        labelEdits = 0;
        labelCount = 0;
        java.util.Arrays.fill(correct, true);
        for (int g = 0; g < groups; g++) {
            if (sequenceLossOf[g] != null) {
                scoreSequences(data, g);
            }
            LossFunction e = lossOf[g];
            if (e == null) {
                continue;
            }
            UnitGroup group = plan.groups().get(g);
            for (int t = 0; t < steps; t++) {
                DMatrixRMaj target = data.target(g, t);
                for (int b = 0; b < batch; b++) {
                    if (!targetAt(group, t, data.lengths()[b])) {
                        continue;
                    }
                    loss += e.value(net[g][t], y[g][t], target, b);
                    if (!e.correct(y[g][t], target, b)) {
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

    /** The sequence-level loss of group g for each sequence, its dE/dnet kept for the backward pass, and its reading. */
    private void scoreSequences(Batch data, int g) {
        for (DMatrixRMaj d : sequenceGradient[g]) {
            d.zero();
        }
        for (int b = 0; b < batch; b++) {
            int[] labels = data.labels(g)[b];
            if (labels == null) {
                // a sequence only to be read (run, read): no loss; training data are checked when loaded (CtcLoss.check)
                continue;
            }
            int length = data.lengths()[b];
            loss += sequenceLossOf[g].value(net[g], b, length, labels, 1, sequenceGradient[g]);
            int[] read = sequenceLossOf[g].read(y[g], b, length);
            labelEdits += ErrorRates.editDistance(labels, read);
            labelCount += labels.length;
            if (!java.util.Arrays.equals(labels, read)) {
                correct[b] = false;
            }
        }
    }

    // --- backward --------------------------------------------------------------------------------------

    /**
     * Backpropagation through time of the mean loss per sequence, after {@link #forward}. Adds into
     * {@code gradients} (one matrix per parameter set, shaped like the network's). With truncation k > 0,
     * derivatives stop at the borders of k-step chunks (truncated BPTT); 0 means full BPTT.
     */
    @Override
    public void backward(Network network, Batch data, DMatrixRMaj[] gradients, int truncation) {
        backwardThroughTime(network, data, gradients, truncation, false, 0, null);
    }

    /**
     * Backpropagation through one segment of longer sequences, after {@link #forward} of this segment: as
     * {@link #backward}, with dE/dy arriving at the segment's end from the segments after it. arriving[g][d - 1]
     * (the later segment's {@link #pastGradient}) is dE/dy of group g at step {@code steps() - d} from readers
     * beyond this segment; null for the last segment. The derivatives reaching the outputs this pass ran on
     * from are left in {@link #pastGradient}. Each sum is taken in the order of the whole sequence's backward
     * pass, so the gradients are the same to the bit.
     */
    public void backward(Network network, Batch data, DMatrixRMaj[] gradients, int truncation, DMatrixRMaj[][] arriving) {
        backwardThroughTime(network, data, gradients, truncation, false, 0, arriving);
    }

    /**
     * The Gauss-Newton product G V of the mean loss per sequence, after {@link #forward} and
     * {@link #directional} along V on the same batch: the backward pass through the whole unrolled plan,
     * started from each loss's curvature times R(net) or R(y) ({@link LossFunction#addCurvatureProduct})
     * instead of its gradient. Adds into {@code product}. With hiddenDamping > 0 it also adds hiddenDamping
     * times the Gauss-Newton product of a penalty on the hidden groups' states (Martens and Sutskever's
     * structural damping): each hidden group's penalty is the loss matched to its own nonlinearity, whose
     * curvature times R(net) is f'(net) R(net) = R(y), so R(y) enters that group's dE/dnet. Only outputs
     * whose loss is matched to their nonlinearity give the Gauss-Newton matrix: see {@link HessianFree#unmatched}.
     */
    public void gaussNewton(Network network, Batch data, DMatrixRMaj[] product, double hiddenDamping) {
        if (rY == null) {
            throw new IllegalStateException("the Gauss-Newton product needs the directional pass first");
        }
        backwardThroughTime(network, data, product, 0, true, hiddenDamping, null);
    }

    /** Backward through time from each loss's gradient, or (curvature) from its curvature product and the hidden groups' damping. */
    private void backwardThroughTime(Network network, Batch data, DMatrixRMaj[] into, int truncation, boolean curvature, double hiddenDamping,
            DMatrixRMaj[][] arriving) {
        Gemm.inPrecision(products, () -> {
            backwardSteps(network, data, into, truncation, curvature, hiddenDamping, arriving);
            return null;
        });
    }

    private void backwardSteps(Network network, Batch data, DMatrixRMaj[] into, int truncation, boolean curvature, double hiddenDamping,
            DMatrixRMaj[][] arriving) {
        check(data);
        checkUnforced();
        if (curvature) {
            fillTerms();
        }
        fused.gatherWeights(network, single(), true);
        double scale = 1.0 / batch;
        startDerivatives(arriving, !curvature);
        keptEvery = everyDerivative || curvature;
        this.truncation = truncation;
        int loop = 0;
        for (int[][] phase : sweeps) {
            loop += phase.length;
        }
        for (int p = plan.phases() - 1; p >= 0; p--) {
            for (int l = sweeps[p].length - 1; l >= 0; l--) {
                int[] sweep = sweeps[p][l];
                LstmCell cell = cellOf[loop - 1];
                if (cell != null && !curvature) {
                    stackInSingle(cell);
                    if (!everyDerivative && (passingRows == null || passingRows[0][0].length < batch * cell.units)) {
                        passingRows = new double[2][9][batch * cell.units];
                    }
                    inRows((b0, b1, thread) -> cellBackward(cell, b0, b1, thread));
                    addCellBiasGradients(cell, into);
                    fused.backwardAll(--loop, reader, passedOn, into);
                    continue;
                }
                for (int i = 0; i < steps; i++) {
                    int t = Plan.reversed(p) ? i : steps - 1 - i;
                    for (int j = sweep.length - 1; j >= 0; j--) {
                        backwardStep(network, data, sweep[j], t, scale, into, truncation, curvature, hiddenDamping);
                    }
                }
                fused.backwardAll(--loop, reader, passedOn, into);
            }
        }
        for (int g = 0; g < groups; g++) {
            Plan.ParameterSet init = plan.initialState(g);
            if (init != null) {
                addColumnSums(dInitial[g], into[init.index()].data);
            }
        }
    }

    /**
     * dE/dy zero at every step, or what arrived from beyond the segment's end at its last steps; the past's zero.
     * With cellSteps, the groups whose dE/dy an LSTM cell's step writes whole are left as they are.
     */
    private void startDerivatives(DMatrixRMaj[][] arriving, boolean cellSteps) {
        if (past != null && dPast == null) {
            dPast = new DMatrixRMaj[groups][];
        }
        for (int g = 0; g < groups; g++) {
            if (dy[g] == null) {
                continue;
            }
            if (!(cellSteps && writtenByCell(g))) {
                DMatrixRMaj[] d = dy[g];
                // a cell's h and cell state are 2 × T × B × units numbers (3.2 MB on the bench's LSTM): both cores
                inHalves(steps, d[0].getNumElements() * (long) steps >= ZEROED_ON_TWO_CORES, (t0, t1, thread) -> {
                    for (int t = t0; t < t1; t++) {
                        d[t].zero();
                    }
                });
            }
            dInitial[g].zero();
            for (int d = 1; arriving != null && arriving[g] != null && d <= Math.min(arriving[g].length, steps); d++) {
                if (arriving[g][d - 1] != null) {
                    dy[g][steps - d].setTo(arriving[g][d - 1]);
                }
            }
            if (past != null && past[g] != null) {
                if (dPast[g] == null || dPast[g].length != past[g].length) {
                    dPast[g] = matrices(past[g].length, plan.groups().get(g).size());
                }
                for (DMatrixRMaj d : dPast[g]) {
                    d.zero();
                }
            }
        }
    }

    /** dE/dnet += weight R(y) on the rows of the sequences that reach step t: padding is not damped. */
    private void addHiddenDamping(Batch data, int g, int t, double weight) {
        int n = rY[g][t].numCols;
        double[] into = dNet[g].data;
        double[] r = rY[g][t].data;
        for (int b = 0; b < batch; b++) {
            if (t < data.lengths()[b]) {
                for (int i = b * n; i < (b + 1) * n; i++) {
                    into[i] += weight * r[i];
                }
            }
        }
    }

    /** The loss's gradient, or its curvature times R of the same variable, into dE/dy or dE/dnet at step t. */
    private void addLossTerm(UnitGroup group, Batch data, int g, int t, double scale, boolean curvature, DMatrixRMaj into) {
        if (!curvature) {
            addLossGradient(group, data, g, t, scale, into);
            return;
        }
        DMatrixRMaj target = data.target(g, t);
        DMatrixRMaj r = lossOf[g].withRespectToNet() ? rNet[g][t] : rY[g][t];
        for (int b = 0; b < batch; b++) {
            if (targetAt(group, t, data.lengths()[b])) {
                lossOf[g].addCurvatureProduct(y[g][t], target, r, b, scale, into);
            }
        }
    }

    /**
     * dE/dnet of group g at step t from its loss and its readers, then taken back into its sources and weights; with
     * curvature, from its loss's curvature product and, for a hidden group, its structural damping instead.
     */
    private void backwardStep(Network network, Batch data, int g, int t, double scale, DMatrixRMaj[] gradients, int truncation, boolean curvature,
            double hiddenDamping) {
        UnitGroup group = plan.groups().get(g);
        if (plan.readFromFuture(g)) {
            moveAfterEnd(dy[g][t], dInitial[g], t, data.lengths());
        }
        LossFunction e = lossOf[g];
        if (e != null && !e.withRespectToNet()) {
            addLossTerm(group, data, g, t, scale, curvature, dy[g][t]);
        }
        ActivationFunctions.backward(group.activation(), y[g][t], dy[g][t], dNet[g]);
        if (e != null && e.withRespectToNet()) {
            addLossTerm(group, data, g, t, scale, curvature, dNet[g]);
        }
        if (sequenceLossOf[g] != null) {
            // a sequence loss (CTC) has no Gauss-Newton form: Hessian-free refuses such outputs before it starts
            if (curvature) {
                throw new IllegalStateException("no curvature product for the sequence loss of '" + group.id() + "'");
            }
            CommonOps_DDRM.addEquals(dNet[g], scale, sequenceGradient[g][t]);
        } else if (curvature && e == null && hiddenDamping > 0) {
            addHiddenDamping(data, g, t, hiddenDamping * scale);
        }
        backwardGroup(network, g, group, t, gradients, truncation);
    }

    /** The derivative reaching rows that hold the initial state after a sequence's end belongs to the initial state. */
    private static void moveAfterEnd(DMatrixRMaj d, DMatrixRMaj dInitialState, int t, int[] lengths) {
        int n = d.numCols;
        for (int b = 0; b < lengths.length; b++) {
            if (t >= lengths[b]) {
                for (int j = b * n; j < (b + 1) * n; j++) {
                    dInitialState.data[j] += d.data[j];
                    d.data[j] = 0;
                }
            }
        }
    }

    /** into += dE/dy or dE/dnet of the loss at step t, for the sequences that have a target there. */
    private void addLossGradient(UnitGroup group, Batch data, int g, int t, double scale, DMatrixRMaj into) {
        DMatrixRMaj target = data.target(g, t);
        for (int b = 0; b < batch; b++) {
            if (targetAt(group, t, data.lengths()[b])) {
                lossOf[g].addGradient(y[g][t], target, b, scale, into);
            }
        }
    }

    private void backwardGroup(Network network, int g, UnitGroup group, int t, DMatrixRMaj[] gradients, int truncation) {
        DMatrixRMaj d = dNet[g];
        if (plan.bias(g) != null && plan.bias(g).trainable()) {
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
            int s = w.sourceStep(t);
            DMatrixRMaj from = source(w.fromGroup(), s);
            if (fused.isFused(g, k)) {
                fused.addDerivative(g, k, dc, t, passedOn(w.fromGroup(), s, t));
                continue;
            }
            if (w.weights() != null && w.weights().trainable()) {
                operation[g][k].backwardWeights(from, dc, gradients[w.weights().index()]);
            }
            if (dy[w.fromGroup()] == null || cut(truncation, s, t)) {
                continue;
            }
            operation[g][k].backwardSource(dc, weights(network, w), derivativeOf(w.fromGroup(), s));
        }
    }

    /** Where dE/dy of group g at step s adds up for a wire leaving step t, or null when no derivative passes (an input group; truncation). */
    private DMatrixRMaj passedOn(int g, int s, int t) {
        return dy[g] == null || cut(truncation, s, t) ? null : derivativeOf(g, s);
    }

    /** Where dE/dy of group g at step s adds up: its step's, a carried past output's, or its initial state's outside the steps. */
    private DMatrixRMaj derivativeOf(int g, int s) {
        if (s >= 0 && s < steps) {
            return dy[g][s];
        }
        return s < 0 && carried(g, s) ? dPast[g][-s - 1] : dInitial[g];
    }

    /** Truncated BPTT: no derivative crosses from step t back into an earlier chunk (negative steps belong to the first). */
    static boolean cut(int truncation, int s, int t) {
        return truncation > 0 && s != t && Math.max(s, 0) / truncation != t / truncation;
    }

    /** Each column summed over the rows in order (so either loop gives the same bits). */
    private static void addColumnSums(DMatrixRMaj m, double[] into) {
        double[] d = m.data;
        int n = m.numCols;
        int size = m.getNumElements();
        if (n >= WIDE) {
            for (int r = 0; r < size; r += n) {
                for (int j = 0; j < n; j++) {
                    into[j] += d[r + j];
                }
            }
            return;
        }
        for (int i = 0, j = 0; i < size; i++) {
            into[j] += d[i];
            if (++j == n) {
                j = 0;
            }
        }
    }
}
