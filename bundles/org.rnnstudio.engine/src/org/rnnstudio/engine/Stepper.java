package org.rnnstudio.engine;

import org.ejml.data.DMatrixRMaj;
import org.rnnstudio.model.UnitGroup;

/**
 * Runs a network forward one step at a time, carrying what the delayed connections read from one step to
 * the next: for generating, where each step's input is drawn from the step before's output. A step costs
 * one step of the network, however long the sequence has grown; the outputs are those of a pass over the
 * whole sequence.
 */
public final class Stepper {

    private final Plan plan;
    private final Network network;
    private final Pass pass;
    private final Batch batch;
    /** [group][d - 1]: the group's output d steps ago, for the groups read through delays (null: not yet, the initial state) */
    private final DMatrixRMaj[][] past;
    private int steps;

    public Stepper(Network network) {
        this.network = network;
        this.plan = network.plan();
        if (plan.phases() > 1) {
            throw new IllegalArgumentException("the model reads the future (a reversed connection): it needs the whole sequence and cannot run one step at a time");
        }
        this.pass = new Pass(plan, 1, 1);
        this.batch = new Batch(plan, 1, 1);
        this.past = new DMatrixRMaj[plan.groups().size()][];
        for (int g = 0; g < past.length; g++) {
            if (plan.maxDelayRead(g) > 0) {
                past[g] = new DMatrixRMaj[plan.maxDelayRead(g)];
            }
        }
        pass.continueFrom(past);
    }

    /** The steps taken so far. */
    public int steps() {
        return steps;
    }

    /**
     * Takes one step with these values of the input group (units in order; the other input groups get
     * zeros), after the steps before.
     */
    public void step(String inputGroup, double[] values) {
        batch.clear();
        int g = plan.groupIndex(inputGroup);
        UnitGroup group = plan.groups().get(g);
        if (!group.isInput() || values.length != group.size()) {
            throw new IllegalArgumentException("'" + inputGroup + "' is not an input group of " + values.length + " units");
        }
        // an input given at the first step only is silent afterwards, as in a pass over the whole sequence
        if (group.inputSchedule() != UnitGroup.InputSchedule.FIRST_STEP || steps == 0) {
            System.arraycopy(values, 0, batch.input(g, 0).data, 0, values.length);
        }
        pass.forward(network, batch);
        for (int h = 0; h < past.length; h++) {
            if (past[h] != null) {
                remember(past[h], pass.output(h, 0));
            }
        }
        steps++;
    }

    /** The last step's output of a group (its units in order); a view, valid until the next step. */
    public double[] output(String groupId) {
        return pass.output(plan.groupIndex(groupId), 0).data;
    }

    /** Shifts a group's history back by one step and puts the newest output in front, reusing the oldest matrix. */
    private static void remember(DMatrixRMaj[] history, DMatrixRMaj newest) {
        DMatrixRMaj oldest = history[history.length - 1];
        if (oldest == null) {
            oldest = new DMatrixRMaj(newest.numRows, newest.numCols);
        }
        System.arraycopy(history, 0, history, 1, history.length - 1);
        oldest.setTo(newest);
        history[0] = oldest;
    }
}
