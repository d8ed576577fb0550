package org.rnnstudio.engine.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Paths;
import java.util.List;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.NormOps_DDRM;
import org.junit.jupiter.api.Test;
import org.rnnstudio.engine.Batch;
import org.rnnstudio.engine.CheckpointedPass;
import org.rnnstudio.engine.DataSpec;
import org.rnnstudio.engine.GradientCheck;
import org.rnnstudio.engine.GradientPass;
import org.rnnstudio.engine.Network;
import org.rnnstudio.engine.Pass;
import org.rnnstudio.engine.Plan;
import org.rnnstudio.engine.Sequence;
import org.rnnstudio.engine.Trainer;
import org.rnnstudio.model.Activation;
import org.rnnstudio.model.Cell;
import org.rnnstudio.model.Connection;
import org.rnnstudio.model.Model;
import org.rnnstudio.model.ModelFile;
import org.rnnstudio.model.Precision;
import org.rnnstudio.model.UnitGroup;

/**
 * Training with the matrix products in single precision ({@link Precision#FLOAT32}): every path of the pass
 * (the LSTM cell's step with the batch split between two threads, the cells group by group, the per-step
 * path, checkpointed segments, a GRU) gives the double pass's loss and gradients to float's accuracy, and does
 * run in float (its gradients are not the double ones); and an LSTM learns the adding problem as well as in
 * double. The gradient checks and the conformance data stay in double.
 */
class SinglePrecisionTest {

    private static Model model(Cell.Kind kind, int hidden) {
        Model m = new Model();
        m.addGroup(new UnitGroup("x", UnitGroup.Role.INPUT, 20));
        m.cells().add(new Cell("c", kind, hidden));
        UnitGroup y = m.addGroup(new UnitGroup("y", UnitGroup.Role.OUTPUT, 16));
        y.setActivation(Activation.SOFTMAX);
        y.setTarget(UnitGroup.Loss.CROSS_ENTROPY, UnitGroup.TargetSchedule.EVERY_STEP, 1);
        m.addConnection(new Connection("x-c", "x", "c", Connection.Kind.FULL, 0));
        m.addConnection(new Connection("c-y", "c", "y", Connection.Kind.FULL, 0));
        return m;
    }

    /** A pass of this shape with its products in this precision. */
    private interface PassOf {
        GradientPass make(Plan plan, int batch, int steps, Precision products);
    }

    /**
     * The relative difference of loss and gradients between single and double precision must be below what float
     * rounding of products over 64 to 200 terms gives (1e-4), and above what double rounding could (1e-9).
     */
    private static void assertFloatAccuracy(Model model, PassOf passes) throws Exception {
        Plan plan = Plan.compile(model);
        Network network = PassComparison.network(plan);
        Batch batch = GradientCheck.randomBatch(plan, 12, 15, 41);
        double[] loss = new double[2];
        DMatrixRMaj[][] gradients = new DMatrixRMaj[2][];
        for (Precision p : Precision.values()) {
            GradientPass pass = passes.make(plan, 12, 15, p);
            gradients[p.ordinal()] = network.zerosLike();
            loss[p.ordinal()] = pass.forward(network, batch);
            pass.backward(network, batch, gradients[p.ordinal()], 0);
        }
        assertTrue(Math.abs(loss[1] - loss[0]) <= 1e-5 * Math.abs(loss[0]), "loss " + loss[1] + " in float, " + loss[0] + " in double");
        double furthest = 0;
        for (int i = 0; i < gradients[0].length; i++) {
            String name = plan.parameters().get(i).name();
            DMatrixRMaj difference = gradients[1][i].copy();
            org.ejml.dense.row.CommonOps_DDRM.subtractEquals(difference, gradients[0][i]);
            double relative = NormOps_DDRM.normF(difference) / NormOps_DDRM.normF(gradients[0][i]);
            assertTrue(relative <= 1e-4, name + ": the float gradient is " + relative + " off the double one");
            furthest = Math.max(furthest, relative);
        }
        assertTrue(furthest > 1e-9, "the gradients in single precision are the double ones (" + furthest + "): the products ran in double");
    }

    @Test
    void theLstmCellsStepInFloatIsTheDoubleOneToFloatAccuracy() throws Exception {
        assertFloatAccuracy(model(Cell.Kind.LSTM, 64), (plan, batch, steps, p) -> new Pass(plan, batch, steps).products(p));
    }

    @Test
    void theOtherPathsInFloatAreTheDoubleOnesToFloatAccuracy() throws Exception {
        assertFloatAccuracy(model(Cell.Kind.LSTM, 64), (plan, batch, steps, p) -> Pass.groupByGroup(plan, batch, steps, false).products(p));
        assertFloatAccuracy(model(Cell.Kind.LSTM, 64), (plan, batch, steps, p) -> Pass.plain(plan, batch, steps, false).products(p));
        assertFloatAccuracy(model(Cell.Kind.LSTM, 64), (plan, batch, steps, p) -> new CheckpointedPass(plan, batch, steps, 4).products(p));
        assertFloatAccuracy(model(Cell.Kind.GRU, 48), (plan, batch, steps, p) -> new Pass(plan, batch, steps).products(p));
    }

    /** A training run follows its setting: one epoch in float ends with the double run's weights to float accuracy, not with them. */
    @Test
    void trainingRunsItsProductsInThePrecisionOfItsSettings() throws Exception {
        Model model = model(Cell.Kind.LSTM, 64);
        Plan plan = Plan.compile(model);
        List<Sequence> data = new java.util.ArrayList<>();
        java.util.Random random = new java.util.Random(3);
        for (int s = 0; s < 32; s++) {
            double[][] x = new double[10][20];
            double[][] y = new double[10][16];
            for (int t = 0; t < 10; t++) {
                for (int i = 0; i < 20; i++) {
                    x[t][i] = random.nextGaussian();
                }
                y[t][random.nextInt(16)] = 1;
            }
            data.add(new Sequence(10, java.util.Map.of("x", x), java.util.Map.of("y", y)));
        }
        double[][] weights = new double[2][];
        for (Precision p : Precision.values()) {
            Network network = PassComparison.network(plan);
            Trainer.Settings settings = new Trainer.Settings(1, 8, 0.1, 0.9, false, 1, 0).withPrecision(p);
            new Trainer(network).train(data, settings, new Trainer.Listener() { }, () -> false);
            weights[p.ordinal()] = network.value(plan.parameters().get(0)).data.clone();
        }
        double difference = 0;
        double size = 0;
        for (int i = 0; i < weights[0].length; i++) {
            difference += Math.pow(weights[1][i] - weights[0][i], 2);
            size += weights[0][i] * weights[0][i];
        }
        double relative = Math.sqrt(difference / size);
        assertTrue(relative < 1e-4 && relative > 1e-10, "the weights after an epoch in float are " + relative + " off those in double");
    }

    /**
     * The adding problem at T = 50 as {@link AddingProblemTest} trains it, in both precisions from the same start:
     * in float the test mean squared error must meet the same bar, below 0.01 (predicting the mean gives 0.17), and
     * be no worse than twice the double run's (plus 0.001, for runs that both end near 0). The example's cell has
     * 16 units, which the lanes for tiny nets serve in double ({@code LanePass}); here it has 32, which the pass serves.
     */
    @Test
    void anLstmLearnsTheAddingProblemAsWellInFloat() throws Exception {
        Model model = ModelFile.read(Paths.get(System.getProperty("rnnstudio.examples", "../../examples"), "adding-problem",
                "adding-problem.rnn")).model();
        model.cells().get(0).setSize(32);
        Plan plan = Plan.compile(model);
        Trainer.Settings stored = Trainer.Settings.of(model.training());
        List<Sequence> data = DataSpec.load(model.training().data, plan);
        List<Sequence> unseen = DataSpec.load("adding:length=50,count=1000,seed=77", plan);
        double[] mse = new double[2];
        for (Precision p : Precision.values()) {
            Network network = new Network(plan);
            network.initialize(model.training().init(), model.training().initScale, stored.seed());
            Trainer.Settings settings = new Trainer.Settings(12, stored.batchSize(), stored.learningRate(), stored.momentum(), stored.nesterov(),
                    stored.seed(), stored.truncation(), stored.optimization()).withPrecision(p);
            long start = System.nanoTime();
            Trainer trainer = new Trainer(network);
            trainer.train(data, settings, new Trainer.Listener() { }, () -> false);
            // the loss is half the squared error, per sequence, with one target per sequence
            mse[p.ordinal()] = 2 * trainer.evaluate(unseen, 250)[0];
            System.out.printf("adding problem, T = 50, 32 units, products in %s: test mean squared error %.5f after 12 epochs, %.1f s%n",
                    p.fileName(), mse[p.ordinal()], (System.nanoTime() - start) / 1e9);
        }
        assertTrue(mse[1] < 0.01 && mse[1] <= 2 * mse[0] + 0.001, "mean squared error " + mse[1] + " in float, " + mse[0] + " in double");
    }
}
