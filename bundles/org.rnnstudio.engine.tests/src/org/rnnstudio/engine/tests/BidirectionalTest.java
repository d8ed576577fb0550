package org.rnnstudio.engine.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.rnnstudio.engine.Batch;
import org.rnnstudio.engine.GradientCheck;
import org.rnnstudio.engine.InvalidModelException;
import org.rnnstudio.engine.Network;
import org.rnnstudio.engine.Pass;
import org.rnnstudio.engine.Plan;
import org.rnnstudio.engine.Sequence;
import org.rnnstudio.engine.Stepper;
import org.rnnstudio.engine.Trainer;
import org.rnnstudio.model.Activation;
import org.rnnstudio.model.Cell;
import org.rnnstudio.model.Connection;
import org.rnnstudio.model.Initialization;
import org.rnnstudio.model.Model;
import org.rnnstudio.model.ModelFile;
import org.rnnstudio.model.UnitGroup;

/**
 * Reading the sequence backwards in time: a reversed network is the forward network run on the reversed
 * sequence; sequences shorter than their batch start from the initial state at their own end; the plan runs
 * reversed groups in phases of their own; gradients and the unrolled view follow (the directional derivative
 * through a reversed cell: PassTest).
 */
class BidirectionalTest {

    /** in(2) -> cell(3, LSTM, reversed or not) -> out(2, linear, squared error). */
    private static Model lstm(boolean reverse) {
        Model m = new Model();
        m.addGroup(new UnitGroup("in", UnitGroup.Role.INPUT, 2));
        m.addGroup(new UnitGroup("out", UnitGroup.Role.OUTPUT, 2)).setActivation(Activation.LINEAR);
        Cell cell = new Cell("cell", Cell.Kind.LSTM, 3);
        cell.setReverse(reverse);
        m.cells().add(cell);
        m.addConnection(new Connection("in-cell", "in", "cell", Connection.Kind.FULL, 0));
        m.addConnection(new Connection("cell-out", "cell", "out", Connection.Kind.FULL, 0));
        return m;
    }

    private static Network initialised(Plan plan, long seed) {
        Network network = new Network(plan);
        network.initialize(Initialization.GLOROT, 1, seed);
        Random random = new Random(seed);
        for (Plan.ParameterSet p : plan.parameters()) {
            if (p.kind() == Plan.ParameterSet.Kind.BIAS || p.kind() == Plan.ParameterSet.Kind.INITIAL_STATE) {
                for (int i = 0; i < p.size(); i++) {
                    network.value(p).data[i] = 0.5 * random.nextGaussian();
                }
            }
        }
        return network;
    }

    private static double[][] randomSteps(Random random, int steps, int units) {
        double[][] x = new double[steps][units];
        for (double[] row : x) {
            for (int j = 0; j < units; j++) {
                row[j] = random.nextGaussian();
            }
        }
        return x;
    }

    @Test
    void aReversedCellIsTheForwardCellOnTheReversedSequence() throws Exception {
        Plan backward = Plan.compile(lstm(true));
        Plan forward = Plan.compile(lstm(false));
        Network reversedNet = initialised(backward, 3);
        Network forwardNet = new Network(forward);
        for (Plan.ParameterSet p : forward.parameters()) {
            forwardNet.value(p).setTo(reversedNet.value(backward.parameters().stream().filter(q -> q.name().equals(p.name())).findFirst().orElseThrow()));
        }
        double[][] x = randomSteps(new Random(4), 7, 2);
        double[][] mirrored = new double[7][];
        for (int t = 0; t < 7; t++) {
            mirrored[t] = x[6 - t];
        }
        double[][] read = new Trainer(reversedNet).outputs(new Sequence(7, Map.of("in", x), Map.of()), List.of("out")).get("out");
        double[][] readForward = new Trainer(forwardNet).outputs(new Sequence(7, Map.of("in", mirrored), Map.of()), List.of("out")).get("out");
        for (int t = 0; t < 7; t++) {
            assertArrayEquals(readForward[6 - t], read[t], 1e-12, "step " + t);
        }
    }

    /** A short sequence in a long batch starts its reversed pass at its own last step, from the initial state, not from padding. */
    @Test
    void aShortSequenceReadsTheSameInABatchAsAlone() throws Exception {
        Model m = lstm(true);
        m.cell("cell").setInitialState(UnitGroup.InitialStateKind.LEARNED);
        Plan plan = Plan.compile(m);
        Network network = initialised(plan, 5);
        Random random = new Random(6);
        Sequence shortOne = new Sequence(3, Map.of("in", randomSteps(random, 3, 2)), Map.of());
        Sequence longOne = new Sequence(8, Map.of("in", randomSteps(random, 8, 2)), Map.of());
        double[][] alone = new Trainer(network).outputs(shortOne, List.of("out")).get("out");
        Batch batch = new Batch(plan, 2, 8);
        int in = plan.groupIndex("in");
        batch.lengths()[0] = 3;
        for (int t = 0; t < 8; t++) {
            if (t < 3) {
                System.arraycopy(shortOne.inputs().get("in")[t], 0, batch.input(in, t).data, 0, 2);
            }
            System.arraycopy(longOne.inputs().get("in")[t], 0, batch.input(in, t).data, 2, 2);
        }
        Pass pass = new Pass(plan, 2, 8);
        pass.forward(network, batch);
        int out = plan.groupIndex("out");
        for (int t = 0; t < 3; t++) {
            assertArrayEquals(alone[t], java.util.Arrays.copyOfRange(pass.output(out, t).data, 0, 2), 1e-12, "step " + t);
        }
    }

    /**
     * Every kind of reversal at once: a reversed group reading itself two steps ahead with a learned initial state,
     * a forward group reading it one step back, a reversed GRU cell reading that, and reversed wires from the input
     * and into the output: three phases.
     */
    private static Model stacked() {
        Model m = new Model();
        m.addGroup(new UnitGroup("x", UnitGroup.Role.INPUT, 2));
        UnitGroup r = m.addGroup(new UnitGroup("r", UnitGroup.Role.HIDDEN, 3));
        r.setActivation(Activation.TANH);
        r.setInitialState(UnitGroup.InitialStateKind.LEARNED, null);
        m.addGroup(new UnitGroup("h", UnitGroup.Role.HIDDEN, 3)).setActivation(Activation.TANH);
        m.addGroup(new UnitGroup("y", UnitGroup.Role.OUTPUT, 2)).setActivation(Activation.LINEAR);
        Cell gru = new Cell("g", Cell.Kind.GRU, 2);
        gru.setReverse(true);
        m.cells().add(gru);
        m.addConnection(new Connection("xr", "x", "r", Connection.Kind.FULL, 0));
        m.addConnection(new Connection("rr", "r", "r", Connection.Kind.FULL, 2)).setReverse(true);
        m.addConnection(new Connection("rh", "r", "h", Connection.Kind.FULL, 1));
        m.addConnection(new Connection("hh", "h", "h", Connection.Kind.FULL, 1));
        m.addConnection(new Connection("hg", "h", "g", Connection.Kind.FULL, 0));
        m.addConnection(new Connection("xg", "x", "g", Connection.Kind.FULL, 1)).setReverse(true);
        m.addConnection(new Connection("gy", "g", "y", Connection.Kind.FULL, 0));
        m.addConnection(new Connection("ry", "r", "y", Connection.Kind.FULL, 1)).setReverse(true);
        return m;
    }

    @Test
    void reversedGroupsRunInPhasesOfTheirOwn() throws Exception {
        Plan plan = Plan.compile(stacked());
        assertEquals(4, plan.phases());
        assertEquals(1, plan.phase(plan.groupIndex("r")));
        assertEquals(2, plan.phase(plan.groupIndex("h")));
        assertEquals(3, plan.phase(plan.groupIndex("g.h")));
        assertEquals(3, plan.phase(plan.groupIndex("y")));
        assertEquals(1, Plan.compile(lstm(false)).phases());
        Plan bi = Plan.compile(CtcModelTest.bidirectional());
        assertEquals(0, bi.phase(bi.groupIndex("ahead.h")));
        assertEquals(1, bi.phase(bi.groupIndex("back.h")));
    }

    @Test
    void gradientsThroughEveryReversalAgreeWithFiniteDifferences() throws Exception {
        Plan plan = Plan.compile(stacked());
        Network network = initialised(plan, 7);
        Batch batch = GradientCheck.randomBatch(plan, 4, 7, 8);
        for (GradientCheck.Result r : GradientCheck.run(network, batch, 0)) {
            assertTrue(r.maxRelativeError() < 1e-6, r.toString());
        }
    }

    /** The unrolled plan lists a reversed group from the last step to the first, after the forward groups it reads. */
    @Test
    void theUnrolledPlanRunsReversedGroupsFromTheLastStep() throws Exception {
        Plan.Unrolled unrolled = Plan.compile(lstm(true)).unroll(4);
        List<Integer> hSteps = unrolled.nodes().stream().filter(n -> n.groupId().equals("cell.h") && !unrolled.isInitialState(n))
                .map(Plan.Node::step).toList();
        assertEquals(List.of(3, 2, 1, 0), hSteps);
        assertTrue(unrolled.edges().stream().anyMatch(e -> e.to().equals(new Plan.Node("cell.keep", 3)) && e.from().equals(new Plan.Node("cell.h", 4))
                && unrolled.isInitialState(e.from())), "the last step reads the initial state after the end");
    }

    @Test
    void aGroupReadingBothThePastAndTheFutureIsRefusedByName() {
        Model m = lstm(false);
        m.addGroup(new UnitGroup("both", UnitGroup.Role.HIDDEN, 2));
        m.addConnection(new Connection("past", "in", "both", Connection.Kind.FULL, 1));
        m.addConnection(new Connection("future", "in", "both", Connection.Kind.FULL, 1)).setReverse(true);
        InvalidModelException e = assertThrows(InvalidModelException.class, () -> Plan.compile(m));
        assertTrue(e.getMessage().contains("'both'") && e.getMessage().contains("past") && e.getMessage().contains("future"), e.getMessage());
    }

    @Test
    void aModelReadingTheFutureCannotRunOneStepAtATime() throws Exception {
        Network network = new Network(Plan.compile(lstm(true)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Stepper(network));
        assertTrue(e.getMessage().contains("future"), e.getMessage());
    }

    @Test
    void reverseIsWrittenAndReadBackAndChangesTheStructure() throws Exception {
        Model m = stacked();
        Model back = ModelFile.read(ModelFile.write(m)).model();
        assertTrue(back.connection("rr").reverse());
        assertTrue(back.cell("g").reverse());
        assertTrue(!back.connection("rh").reverse());
        m.connection("ry").setReverse(false);
        assertTrue(!Plan.compile(m).structureHash().equals(Plan.compile(stacked()).structureHash()), "weights of one direction are refused by the other");
    }
}
