package org.rnnstudio.engine.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.rnnstudio.engine.Batch;
import org.rnnstudio.engine.CheckpointedPass;
import org.rnnstudio.engine.DataSpec;
import org.rnnstudio.engine.GradientCheck;
import org.rnnstudio.engine.MemoryBudget;
import org.rnnstudio.engine.Network;
import org.rnnstudio.engine.Pass;
import org.rnnstudio.engine.Plan;
import org.rnnstudio.engine.Sequence;
import org.rnnstudio.engine.Trainer;
import org.rnnstudio.model.Activation;
import org.rnnstudio.model.Cell;
import org.rnnstudio.model.Connection;
import org.rnnstudio.model.Initialization;
import org.rnnstudio.model.Model;
import org.rnnstudio.model.TrainingSettings;
import org.rnnstudio.model.UnitGroup;

/**
 * Checkpointing recomputes the forward pass segment by segment and carries the derivative across the
 * segments' boundaries: its gradients must be the plain pass's ({@link Pass#plain}, the per-step path the
 * segments run) to the bit (assertArrayEquals on doubles
 * compares the bits), for every kind of recurrence, delays of 1 and 2, learned initial states, sequences of
 * different lengths, every segment length, and with truncated BPTT.
 */
class CheckpointingTest {

    private static final int STEPS = 13;

    /** in(3) -> recurrent part -> out(2); the recurrent part a tanh group, an LSTM or a GRU, read back after delay steps. */
    private static Model model(String kind, int delay) {
        Model m = new Model();
        m.addGroup(new UnitGroup("in", UnitGroup.Role.INPUT, 3));
        UnitGroup out = m.addGroup(new UnitGroup("out", UnitGroup.Role.OUTPUT, 2));
        out.setActivation(Activation.LINEAR);
        if (kind.equals("tanh")) {
            UnitGroup hidden = m.addGroup(new UnitGroup("hidden", UnitGroup.Role.HIDDEN, 4));
            hidden.setActivation(Activation.TANH);
            hidden.setInitialState(UnitGroup.InitialStateKind.LEARNED, null);
            m.addConnection(new Connection("recurrent", "hidden", "hidden", Connection.Kind.FULL, delay));
        } else {
            Cell cell = new Cell("hidden", Cell.Kind.valueOf(kind), 4);
            cell.setPeepholes(kind.equals("LSTM"));
            cell.setInitialState(UnitGroup.InitialStateKind.LEARNED);
            m.cells().add(cell);
            if (delay > 1) {
                m.addConnection(new Connection("recurrent", "hidden", "hidden", Connection.Kind.FULL, delay));
            }
        }
        m.addConnection(new Connection("in-hidden", "in", "hidden", Connection.Kind.FULL, 0));
        m.addConnection(new Connection("hidden-out", "hidden", "out", Connection.Kind.FULL, 0));
        // the input read back through the delay too: input groups cross the boundaries as well
        m.addConnection(new Connection("in-out", "in", "out", Connection.Kind.FULL, delay));
        return m;
    }

    private static Network network(Plan plan) {
        Network network = new Network(plan);
        network.initialize(Initialization.SMALL_UNIFORM, 0.8, 3);
        Random random = new Random(5);
        for (Plan.ParameterSet p : plan.parameters()) {
            if (p.kind() == Plan.ParameterSet.Kind.BIAS || p.kind() == Plan.ParameterSet.Kind.INITIAL_STATE) {
                for (int i = 0; i < p.size(); i++) {
                    network.value(p).data[i] = random.nextGaussian() * 0.5;
                }
            }
        }
        return network;
    }

    private static void assertBitIdentical(Model model, int segment, int truncation) throws Exception {
        Plan plan = Plan.compile(model);
        Network network = network(plan);
        Batch data = GradientCheck.randomBatch(plan, 3, STEPS, 11);
        // the whole sequences on the path the segments run: the restructured pass agrees to rounding only (RestructuredStepTest)
        Pass plain = Pass.plain(plan, 3, STEPS, false);
        double loss = plain.forward(network, data);
        DMatrixRMaj[] expected = network.zerosLike();
        plain.backward(network, data, expected, truncation);

        CheckpointedPass checkpointed = new CheckpointedPass(plan, 3, STEPS, segment);
        assertTrue(checkpointed.segments() > 1, checkpointed.segments() + " segments");
        // twice: a second step on the same pass starts clean
        for (int round = 0; round < 2; round++) {
            double segmented = checkpointed.forward(network, data);
            DMatrixRMaj[] gradients = network.zerosLike();
            checkpointed.backward(network, data, gradients, truncation);
            for (Plan.ParameterSet p : plan.parameters()) {
                assertArrayEquals(expected[p.index()].data, gradients[p.index()].data, p.name() + " in segments of " + segment);
            }
            // the loss is summed segment by segment: the same to rounding only
            assertEquals(loss, segmented, 1e-12 * Math.abs(loss));
            assertEquals(plain.correctCount(), checkpointed.correctCount());
            int out = plan.groupIndex("out");
            assertArrayEquals(plain.gradientNorms(out), checkpointed.gradientNorms(out));
        }
    }

    @ParameterizedTest(name = "{0}, delay {1}, segments of {2}")
    @CsvSource({"tanh, 1, 1", "tanh, 1, 4", "tanh, 1, 5", "tanh, 2, 2", "tanh, 2, 3", "tanh, 2, 6",
            "LSTM, 1, 1", "LSTM, 1, 4", "LSTM, 2, 2", "LSTM, 2, 5",
            "GRU, 1, 1", "GRU, 1, 3", "GRU, 2, 2", "GRU, 2, 4"})
    void gradientsAreThePlainPassesToTheBit(String kind, int delay, int segment) throws Exception {
        assertBitIdentical(model(kind, delay), segment, 0);
    }

    @ParameterizedTest(name = "{0}, delay {1}, truncation {2}, segments of {3}")
    @CsvSource({"tanh, 1, 3, 3", "tanh, 2, 2, 4", "LSTM, 1, 2, 6", "GRU, 2, 3, 3"})
    void withTruncationToo(String kind, int delay, int truncation, int segment) throws Exception {
        assertBitIdentical(model(kind, delay), segment, truncation);
    }

    @Test
    void onlyTheFinalStepScored() throws Exception {
        Model m = model("LSTM", 1);
        m.group("out").setTarget(UnitGroup.Loss.SQUARED_ERROR, UnitGroup.TargetSchedule.FINAL_STEP, 1);
        assertBitIdentical(m, 4, 0);
    }

    @Test
    void segmentsAreAboutTheSquareRootOfTheLengthAndWholeChunks() throws Exception {
        Plan plan = Plan.compile(model("tanh", 2));
        assertEquals(32, CheckpointedPass.segmentLength(plan, TrainingSettings.CHECKPOINT_AUTO, 1000, 0));
        assertEquals(100, CheckpointedPass.segmentLength(plan, TrainingSettings.CHECKPOINT_AUTO, 10_000, 0));
        // never shorter than the longest delay; with truncation a whole number of chunks
        assertEquals(2, CheckpointedPass.segmentLength(plan, 1, 1000, 0));
        assertEquals(35, CheckpointedPass.segmentLength(plan, TrainingSettings.CHECKPOINT_AUTO, 1000, 7));
    }

    @Test
    void trainingWithCheckpointsEndsWithTheSameWeights() throws Exception {
        Model m = model("LSTM", 1);
        m.group("in").setSize(2);
        m.group("out").setSize(1);
        m.group("out").setTarget(UnitGroup.Loss.SQUARED_ERROR, UnitGroup.TargetSchedule.FINAL_STEP, 1);
        Plan plan = Plan.compile(m);
        Network plain = network(plan);
        Network checkpointed = network(plan);
        // two lengths, so that batches hold sequences that end before the last segment
        List<Sequence> data = new java.util.ArrayList<>(DataSpec.load("adding:length=40,count=16", plan));
        data.addAll(DataSpec.load("adding:length=27,count=8,seed=2", plan));
        Trainer.Settings settings = new Trainer.Settings(2, 8, 0.05, 0.9, true, 3, 0);
        // checkpointing on, in one segment as long as the longest sequence: the whole-sequence pass on the segments' per-step path
        Trainer.Result a = new Trainer(plain).train(data, settings.withCheckpoint(40), new Trainer.Listener() { }, () -> false);
        Trainer.Result b = new Trainer(checkpointed).train(data, settings.withCheckpoint(TrainingSettings.CHECKPOINT_AUTO), new Trainer.Listener() { },
                () -> false);
        for (Plan.ParameterSet p : plan.parameters()) {
            assertArrayEquals(plain.value(p).data, checkpointed.value(p).data, p.name());
        }
        assertEquals(a.loss(), b.loss(), 1e-12 * a.loss());
    }

    /**
     * The memory check estimates the checkpointed pass, not the plain one: a run the plain pass cannot hold
     * (an LSTM of 128 units over 80,000 steps, about 87 GB at batch 32) fits in segments of about sqrt(T), and
     * the refusal of the plain pass suggests them.
     */
    @Test
    void theMemoryCheckCountsTheSegmentsOnly() throws Exception {
        Model m = new Model();
        m.addGroup(new UnitGroup("in", UnitGroup.Role.INPUT, 2));
        m.cells().add(new Cell("hidden", Cell.Kind.LSTM, 128));
        UnitGroup out = m.addGroup(new UnitGroup("out", UnitGroup.Role.OUTPUT, 1));
        out.setActivation(Activation.LINEAR);
        out.setTarget(UnitGroup.Loss.SQUARED_ERROR, UnitGroup.TargetSchedule.FINAL_STEP, 1);
        m.addConnection(new Connection("in-hidden", "in", "hidden", Connection.Kind.FULL, 0));
        m.addConnection(new Connection("hidden-out", "hidden", "out", Connection.Kind.FULL, 0));
        Plan plan = Plan.compile(m);
        List<Sequence> data = MemoryBudgetTest.lengths(32, 80_000);
        MemoryBudget.TooLarge plain = assertThrows(MemoryBudget.TooLarge.class, () -> MemoryBudget.checkTraining(plan, data, 32, false, 0));
        assertTrue(plain.getMessage().contains("checkpointing (train --checkpoint auto)"), plain.getMessage());
        int segment = CheckpointedPass.segmentLength(plan, TrainingSettings.CHECKPOINT_AUTO, 80_000, 0);
        assertEquals(283, segment);
        MemoryBudget.checkTraining(plan, data, 32, false, segment);
    }

    @Test
    void networksThatNeedTheWholeSequenceAreRefused() throws Exception {
        Model m = model("tanh", 1);
        m.connection("recurrent").setReverse(true);
        Plan plan = Plan.compile(m);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new CheckpointedPass(plan, 2, STEPS, 4));
        assertEquals("checkpointing runs forward in segments, but 'hidden' is read from later steps (a reversed connection): "
                + "train it without checkpointing", e.getMessage());
    }
}
