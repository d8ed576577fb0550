package org.rnnstudio.engine.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.rnnstudio.engine.Batch;
import org.rnnstudio.engine.GradientCheck;
import org.rnnstudio.engine.Network;
import org.rnnstudio.engine.Pass;
import org.rnnstudio.engine.Plan;
import org.rnnstudio.model.Activation;
import org.rnnstudio.model.Connection;
import org.rnnstudio.model.Initialization;
import org.rnnstudio.model.Model;
import org.rnnstudio.model.UnitGroup;

/** Numerical gradient checks of backpropagation through time, one construct at a time. */
class BackpropThroughTimeTest {

    private static final double TOLERANCE = 1e-6;

    /** in(3) -> hidden(4, recurrent, delay 1) -> out(2, linear, squared error, every step). */
    private static Model base() {
        Model m = new Model();
        m.addGroup(new UnitGroup("in", UnitGroup.Role.INPUT, 3));
        UnitGroup hidden = m.addGroup(new UnitGroup("hidden", UnitGroup.Role.HIDDEN, 4));
        hidden.setActivation(Activation.TANH);
        UnitGroup out = m.addGroup(new UnitGroup("out", UnitGroup.Role.OUTPUT, 2));
        out.setActivation(Activation.LINEAR);
        m.addConnection(new Connection("in-hidden", "in", "hidden", Connection.Kind.FULL, 0));
        m.addConnection(new Connection("recurrent", "hidden", "hidden", Connection.Kind.FULL, 1));
        m.addConnection(new Connection("hidden-out", "hidden", "out", Connection.Kind.FULL, 0));
        return m;
    }

    private static List<GradientCheck.Result> check(Model m, int truncation) throws Exception {
        Plan plan = Plan.compile(m);
        Network network = new Network(plan);
        network.initialize(Initialization.SMALL_UNIFORM, 0.8, 3);
        // learned initial states and biases start at zero: move them so that their gradients are generic
        java.util.Random random = new java.util.Random(5);
        for (Plan.ParameterSet p : plan.parameters()) {
            if (p.kind() == Plan.ParameterSet.Kind.BIAS || p.kind() == Plan.ParameterSet.Kind.INITIAL_STATE) {
                for (int i = 0; i < p.size(); i++) {
                    network.value(p).data[i] = random.nextGaussian() * 0.5;
                }
            }
        }
        Batch batch = GradientCheck.randomBatch(plan, 3, 6, 11);
        List<GradientCheck.Result> results = GradientCheck.run(network, batch, truncation);
        assertEquals(plan.parameters().stream().filter(Plan.ParameterSet::trainable).count(), results.size());
        return results;
    }

    private static void assertGradientsAgree(Model m) throws Exception {
        for (GradientCheck.Result r : check(m, 0)) {
            assertTrue(r.maxRelativeError() < TOLERANCE, r.toString());
        }
    }

    @ParameterizedTest
    @EnumSource(value = Activation.class, names = {"LINEAR", "LOGISTIC", "TANH", "RELU"})
    void everyHiddenActivation(Activation activation) throws Exception {
        Model m = base();
        m.group("hidden").setActivation(activation);
        assertGradientsAgree(m);
    }

    @Test
    void softmaxWithCrossEntropyFinalStep() throws Exception {
        Model m = base();
        m.group("out").setActivation(Activation.SOFTMAX);
        m.group("out").setTarget(UnitGroup.Loss.CROSS_ENTROPY, UnitGroup.TargetSchedule.FINAL_STEP, 1);
        assertGradientsAgree(m);
    }

    @Test
    void softmaxWithSquaredErrorLastSteps() throws Exception {
        Model m = base();
        m.group("out").setActivation(Activation.SOFTMAX);
        m.group("out").setTarget(UnitGroup.Loss.SQUARED_ERROR, UnitGroup.TargetSchedule.LAST_STEPS, 2);
        assertGradientsAgree(m);
    }

    @Test
    void logisticCrossEntropyOnASubsetOfUnits() throws Exception {
        Model m = base();
        m.group("out").setActivation(Activation.LOGISTIC);
        m.group("out").setTarget(UnitGroup.Loss.LOGISTIC_CROSS_ENTROPY, UnitGroup.TargetSchedule.EVERY_STEP, 1);
        m.group("out").setUnits(new int[] {1});
        assertGradientsAgree(m);
    }

    @Test
    void productUnitsMultiplyTheirInputs() throws Exception {
        Model m = base();
        UnitGroup gate = m.addGroup(new UnitGroup("gate", UnitGroup.Role.HIDDEN, 4));
        UnitGroup product = m.addGroup(new UnitGroup("product", UnitGroup.Role.HIDDEN, 4));
        product.setCombine(UnitGroup.Combine.PRODUCT);
        product.setActivation(Activation.LINEAR);
        product.setBias(false);
        m.addConnection(new Connection("in-gate", "in", "gate", Connection.Kind.FULL, 0));
        m.addConnection(new Connection("gate-product", "gate", "product", Connection.Kind.IDENTITY, 0));
        m.addConnection(new Connection("hidden-product", "hidden", "product", Connection.Kind.ONE_TO_ONE, 0));
        m.addConnection(new Connection("product-out", "product", "out", Connection.Kind.FULL, 0));
        assertEquals("gate", gate.id());
        assertGradientsAgree(m);
    }

    @Test
    void oneToOneAndIdentityConnectionsWithDelaysOneAndTwo() throws Exception {
        Model m = base();
        m.addConnection(new Connection("diagonal", "hidden", "hidden", Connection.Kind.ONE_TO_ONE, 2));
        UnitGroup copy = m.addGroup(new UnitGroup("copy", UnitGroup.Role.HIDDEN, 4));
        copy.setActivation(Activation.TANH);
        m.addConnection(new Connection("hidden-copy", "hidden", "copy", Connection.Kind.IDENTITY, 1));
        m.addConnection(new Connection("copy-out", "copy", "out", Connection.Kind.FULL, 0));
        assertGradientsAgree(m);
    }

    @Test
    void tiedWeightsSumTheirGradients() throws Exception {
        Model m = base();
        UnitGroup twin = m.addGroup(new UnitGroup("twin", UnitGroup.Role.HIDDEN, 4));
        twin.setActivation(Activation.TANH);
        m.connection("in-hidden").setSharedWeights("w");
        m.addConnection(new Connection("in-twin", "in", "twin", Connection.Kind.FULL, 1)).setSharedWeights("w");
        m.addConnection(new Connection("twin-out", "twin", "out", Connection.Kind.FULL, 0));
        List<GradientCheck.Result> results = check(m, 0);
        assertTrue(results.stream().anyMatch(r -> r.parameterSet().equals("shared:w")));
        for (GradientCheck.Result r : results) {
            assertTrue(r.maxRelativeError() < TOLERANCE, r.toString());
        }
    }

    @Test
    void learnedAndFixedInitialStates() throws Exception {
        Model m = base();
        m.group("hidden").setInitialState(UnitGroup.InitialStateKind.LEARNED, null);
        m.connection("recurrent").setDelay(2);
        List<GradientCheck.Result> results = check(m, 0);
        assertTrue(results.stream().anyMatch(r -> r.parameterSet().equals("initial:hidden")));
        for (GradientCheck.Result r : results) {
            assertTrue(r.maxRelativeError() < TOLERANCE, r.toString());
        }
        m.group("hidden").setInitialState(UnitGroup.InitialStateKind.FIXED, new double[] {0.5, -0.5, 1, 0});
        assertGradientsAgree(m);
    }

    @Test
    void inputOnlyAtTheFirstStepToASubsetOfUnits() throws Exception {
        Model m = base();
        m.group("in").setInputSchedule(UnitGroup.InputSchedule.FIRST_STEP);
        m.group("in").setUnits(new int[] {0, 2});
        assertGradientsAgree(m);
    }

    @Test
    void frozenConnectionsGetNoGradientButPassItOn() throws Exception {
        Model m = base();
        m.connection("hidden-out").setTrainable(false);
        List<GradientCheck.Result> results = check(m, 0);
        assertTrue(results.stream().noneMatch(r -> r.parameterSet().equals("connection:hidden-out")));
        assertTrue(results.stream().anyMatch(r -> r.parameterSet().equals("connection:in-hidden") && r.maxRelativeError() < TOLERANCE));
    }

    @ParameterizedTest
    @EnumSource(org.rnnstudio.model.Cell.Kind.class)
    void everyCellAndItsExpansionGiveTheSameNumbers(org.rnnstudio.model.Cell.Kind kind) throws Exception {
        Model m = base();
        org.rnnstudio.model.Cell cell = new org.rnnstudio.model.Cell("cell", kind, 4);
        cell.setPeepholes(kind == org.rnnstudio.model.Cell.Kind.LSTM);
        cell.setInitialState(UnitGroup.InitialStateKind.LEARNED);
        m.cells().add(cell);
        m.addConnection(new Connection("in-cell", "in", "cell", Connection.Kind.FULL, 0));
        m.addConnection(new Connection("cell-out", "cell", "out", Connection.Kind.FULL, 0));
        assertGradientsAgree(m);

        // the closed cell compiles to exactly its expansion: same parameters, same outputs
        Plan closed = Plan.compile(m);
        Plan open = Plan.compile(org.rnnstudio.model.CellExpansion.expand(m));
        assertEquals(closed.structureHash(), open.structureHash());
        Network a = new Network(closed);
        Network b = new Network(open);
        a.initialize(Initialization.GLOROT, 1, 4);
        b.initialize(Initialization.GLOROT, 1, 4);
        Batch data = GradientCheck.randomBatch(closed, 2, 5, 6);
        assertEquals(new Pass(closed, 2, 5).forward(a, data), new Pass(open, 2, 5).forward(b, data), 0.0);
    }

    @Test
    void identityConnectionsWithAFixedScale() throws Exception {
        Model m = base();
        UnitGroup copy = m.addGroup(new UnitGroup("copy", UnitGroup.Role.HIDDEN, 4));
        copy.setActivation(Activation.TANH);
        m.addConnection(new Connection("hidden-copy", "hidden", "copy", Connection.Kind.IDENTITY, 1)).setScale(-0.5);
        m.addConnection(new Connection("copy-out", "copy", "out", Connection.Kind.FULL, 0));
        assertGradientsAgree(m);
    }

    /** Truncation at least as long as the sequence is full BPTT; shorter truncation changes the gradient. */
    @Test
    void truncatedBackpropagation() throws Exception {
        Plan plan = Plan.compile(base());
        Network network = new Network(plan);
        network.initialize(Initialization.GLOROT, 1, 8);
        Batch batch = GradientCheck.randomBatch(plan, 2, 6, 4);
        Pass pass = new Pass(plan, 2, 6);
        pass.forward(network, batch);
        DMatrixRMaj[] full = network.zerosLike();
        DMatrixRMaj[] truncatedLong = network.zerosLike();
        DMatrixRMaj[] truncatedShort = network.zerosLike();
        pass.backward(network, batch, full, 0);
        pass.backward(network, batch, truncatedLong, 6);
        pass.backward(network, batch, truncatedShort, 2);
        int recurrent = plan.parameters().stream().filter(p -> p.name().equals("connection:recurrent")).findFirst().orElseThrow().index();
        int output = plan.parameters().stream().filter(p -> p.name().equals("connection:hidden-out")).findFirst().orElseThrow().index();
        assertTrue(org.ejml.dense.row.MatrixFeatures_DDRM.isIdentical(full[recurrent], truncatedLong[recurrent], 0));
        assertTrue(!org.ejml.dense.row.MatrixFeatures_DDRM.isIdentical(full[recurrent], truncatedShort[recurrent], 1e-9));
        // the output weights see only same-step derivatives: truncation cannot change them
        assertTrue(org.ejml.dense.row.MatrixFeatures_DDRM.isIdentical(full[output], truncatedShort[output], 1e-15));
    }
}
