package org.rnnstudio.engine.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.NormOps_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnstudio.engine.Batch;
import org.rnnstudio.engine.FreeRunning;
import org.rnnstudio.engine.GradientCheck;
import org.rnnstudio.engine.Network;
import org.rnnstudio.engine.Pass;
import org.rnnstudio.engine.Plan;
import org.rnnstudio.engine.RidgeReadout;
import org.rnnstudio.engine.Sequence;
import org.rnnstudio.engine.Trainer;
import org.rnnstudio.engine.TrainingSession;
import org.rnnstudio.model.Activation;
import org.rnnstudio.model.Cell;
import org.rnnstudio.model.Connection;
import org.rnnstudio.model.Initialization;
import org.rnnstudio.model.Model;
import org.rnnstudio.model.ModelFile;
import org.rnnstudio.model.TrainingSettings;
import org.rnnstudio.model.UnitGroup;

/** The echo-state reservoir: its fixed weights, its readout's fit, teacher forcing and free running. */
class ReservoirTest {

    @TempDir
    Path dir;

    /** in(3) -> reservoir(n) -> out(2, linear, squared error at every step). */
    private static Model esn(int units, double radius, long seed) {
        Model m = new Model();
        m.addGroup(new UnitGroup("in", UnitGroup.Role.INPUT, 3));
        Cell reservoir = new Cell("reservoir", Cell.Kind.RESERVOIR, units);
        reservoir.setSpectralRadius(radius);
        reservoir.setConnectivity(0.3);
        reservoir.setLeakRate(0.7);
        reservoir.setBiasScaling(0.2);
        reservoir.setInputScaling(0.5);
        reservoir.setSeed(seed);
        m.cells().add(reservoir);
        UnitGroup out = m.addGroup(new UnitGroup("out", UnitGroup.Role.OUTPUT, 2));
        out.setActivation(Activation.LINEAR);
        out.setTarget(UnitGroup.Loss.SQUARED_ERROR, UnitGroup.TargetSchedule.EVERY_STEP, 1);
        m.addConnection(new Connection("in-reservoir", "in", "reservoir", Connection.Kind.FULL, 0));
        m.addConnection(new Connection("readout", "reservoir", "out", Connection.Kind.FULL, 0));
        return m;
    }

    private static DMatrixRMaj recurrent(Network network) {
        return network.value(parameter(network.plan(), "connection:reservoir.recurrent"));
    }

    private static Plan.ParameterSet parameter(Plan plan, String name) {
        return plan.parameters().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }

    /**
     * Gelfand's formula, rho = lim ||W^k||^(1/k), by squaring W thirty times (k = 2^30) with the scale kept
     * as a logarithm: another road to the spectral radius than an eigenvalue decomposition.
     */
    private static double gelfand(DMatrixRMaj w) {
        DMatrixRMaj m = w.copy();
        double log = 0;
        long k = 1;
        for (int i = 0; i < 30; i++) {
            double norm = NormOps_DDRM.normF(m);
            CommonOps_DDRM.divide(m, norm);
            log = 2 * (log + Math.log(norm));
            DMatrixRMaj square = new DMatrixRMaj(m.numRows, m.numCols);
            CommonOps_DDRM.mult(m, m, square);
            m = square;
            k *= 2;
        }
        return Math.exp((log + Math.log(NormOps_DDRM.normF(m))) / k);
    }

    @Test
    void theRecurrentWeightsHaveTheSpectralRadiusAsked() throws Exception {
        for (double radius : new double[] {0.5, 0.9, 1.25}) {
            Network network = new Network(Plan.compile(esn(40, radius, 7)));
            network.initialize(Initialization.GLOROT, 1, 1);
            DMatrixRMaj w = recurrent(network);
            assertEquals(radius, gelfand(w), 1e-6, "radius " + radius);
            long zeros = java.util.Arrays.stream(w.data).filter(v -> v == 0).count();
            assertTrue(zeros > 0.6 * w.data.length && zeros < 0.8 * w.data.length, "connectivity 0.3 leaves about 70% zeros: " + zeros);
        }
    }

    @Test
    void theSameSeedGivesTheSameReservoirBitForBitWhateverTheTrainingSeed() throws Exception {
        Network a = new Network(Plan.compile(esn(30, 0.9, 5)));
        a.initialize(Initialization.GLOROT, 1, 1);
        Network b = new Network(Plan.compile(esn(30, 0.9, 5)));
        b.initialize(Initialization.ORTHOGONAL, 0.3, 99);
        for (String name : List.of("connection:reservoir.recurrent", "connection:in-reservoir.candidate", "bias:reservoir.candidate")) {
            Plan.ParameterSet p = parameter(a.plan(), name);
            assertFalse(p.trainable(), name);
            assertArrayEquals(a.copyOf(p), b.copyOf(parameter(b.plan(), name)), 0.0, name);
        }
        Network other = new Network(Plan.compile(esn(30, 0.9, 6)));
        other.initialize(Initialization.GLOROT, 1, 1);
        assertFalse(java.util.Arrays.equals(recurrent(a).data, recurrent(other).data), "another seed, another reservoir");
    }

    private static List<Sequence> randomData(int count, int length, long seed) {
        Random random = new Random(seed);
        List<Sequence> data = new ArrayList<>();
        for (int s = 0; s < count; s++) {
            double[][] x = new double[length][3];
            double[][] y = new double[length][2];
            for (int t = 0; t < length; t++) {
                for (int i = 0; i < 3; i++) {
                    x[t][i] = random.nextGaussian();
                }
                y[t][0] = random.nextGaussian();
                y[t][1] = Math.sin(t) + 0.1 * random.nextGaussian();
            }
            data.add(new Sequence(length, Map.of("in", x), Map.of("out", y)));
        }
        return data;
    }

    /**
     * The readout against EJML's least-squares solver (QR) on the states the reservoir visits; with a ridge,
     * on the rows [X; sqrt(lambda) I] and targets [Y; 0] (the bias row not shrunk), whose least-squares
     * solution is the ridge regression's.
     */
    @Test
    void theRidgeReadoutIsEjmlsLeastSquaresSolution() throws Exception {
        int units = 6;
        int washout = 3;
        Model model = esn(units, 0.9, 2);
        model.group("out").setBias(true);
        List<Sequence> data = randomData(4, 12, 3);
        for (double lambda : new double[] {0, 0.5}) {
            Network network = new Network(Plan.compile(model));
            network.initialize(Initialization.GLOROT, 1, 1);
            Plan plan = network.plan();
            Batch batch = new Batch(plan, data.size(), 12);
            batch.fill(plan, data);
            Pass pass = new Pass(plan, data.size(), 12);
            pass.forward(network, batch);
            int h = plan.groupIndex("reservoir.h");
            int out = plan.groupIndex("out");
            int rows = data.size() * (12 - washout);
            DMatrixRMaj x = new DMatrixRMaj(rows + units, units + 1);
            DMatrixRMaj y = new DMatrixRMaj(rows + units, 2);
            int r = 0;
            for (int t = washout; t < 12; t++) {
                for (int b = 0; b < data.size(); b++, r++) {
                    for (int j = 0; j < units; j++) {
                        x.set(r, j, pass.output(h, t).get(b, j));
                    }
                    x.set(r, units, 1);
                    y.set(r, 0, batch.target(out, t).get(b, 0));
                    y.set(r, 1, batch.target(out, t).get(b, 1));
                }
            }
            for (int j = 0; j < units; j++) {
                x.set(rows + j, j, Math.sqrt(lambda));
            }
            LinearSolverDense<DMatrixRMaj> qr = LinearSolverFactory_DDRM.leastSquares(x.numRows, x.numCols);
            assertTrue(qr.setA(x));
            DMatrixRMaj expected = new DMatrixRMaj(units + 1, 2);
            qr.solve(y, expected);

            RidgeReadout.Fit fit = new RidgeReadout(network).fit(data, List.of(), washout, lambda, false, 3);
            assertEquals(rows, fit.rows());
            DMatrixRMaj readout = network.value(parameter(plan, "connection:readout"));
            DMatrixRMaj bias = network.value(parameter(plan, "bias:out"));
            for (int j = 0; j < units; j++) {
                for (int o = 0; o < 2; o++) {
                    assertEquals(expected.get(j, o), readout.get(j, o), 1e-9, "lambda " + lambda + " weight " + j + "," + o);
                }
            }
            for (int o = 0; o < 2; o++) {
                assertEquals(expected.get(units, o), bias.get(0, o), 1e-9, "lambda " + lambda + " bias " + o);
            }
        }
    }

    /**
     * A reservoir of 120 units driven weakly has states so nearly dependent that X'X's condition number is far
     * beyond 1e16: the targets are an exact readout of those states, and the fit without a ridge must give them
     * back. The normal equations (the readout's fit before it used the rows' QR factor) missed them by 1e-4.
     */
    @Test
    void nearlyDependentStatesAreReadExactly() throws Exception {
        Model model = esn(120, 0.95, 7);
        model.cells().get(0).setInputScaling(0.01);
        List<Sequence> data = randomData(4, 60, 8);
        Network network = new Network(Plan.compile(model));
        network.initialize(Initialization.GLOROT, 1, 1);
        Plan plan = network.plan();
        DMatrixRMaj readout = network.value(parameter(plan, "connection:readout"));
        Random random = new Random(9);
        for (int i = 0; i < readout.data.length; i++) {
            readout.data[i] = random.nextGaussian();
        }
        List<Sequence> exact = new ArrayList<>();
        for (Sequence s : data) {
            double[][] y = FreeRunning.outputs(network, s, List.of("out"), s.length()).get("out");
            exact.add(new Sequence(s.length(), s.inputs(), Map.of("out", y)));
        }
        RidgeReadout.Fit fit = new RidgeReadout(network).fit(exact, List.of(), 10, 0, false, 4);
        double scale = 0;
        for (Sequence s : exact) {
            for (double[] row : s.targets().get("out")) {
                scale += row[0] * row[0] + row[1] * row[1];
            }
        }
        assertTrue(2 * fit.loss() * exact.size() < 1e-20 * scale, "squared error " + 2 * fit.loss() * exact.size() + " of targets' " + scale);
    }

    @Test
    void aChosenRidgeIsOneOfTheGridAndNoWorseOnTheValidationThanTheGivenOne() throws Exception {
        Network network = new Network(Plan.compile(esn(8, 0.9, 2)));
        network.initialize(Initialization.GLOROT, 1, 1);
        List<Sequence> fitting = randomData(6, 15, 4);
        List<Sequence> held = randomData(3, 15, 5);
        RidgeReadout.Fit given = new RidgeReadout(network).fit(fitting, held, 2, 1e-12, false, 4);
        RidgeReadout.Fit chosen = new RidgeReadout(network).fit(fitting, held, 2, 1e-12, true, 4);
        assertTrue(chosen.validationLoss() <= given.validationLoss() + 1e-12, given + " vs " + chosen);
        assertTrue(chosen.ridge() > 0, chosen.toString());
    }

    @Test
    void aReservoirGetsNoGradientAndTheGradientsThroughItAreRight() throws Exception {
        Model m = esn(5, 0.9, 3);
        // a trainable layer after the reservoir, so that derivatives travel back through its leaky units
        UnitGroup hidden = m.addGroup(new UnitGroup("hidden", UnitGroup.Role.HIDDEN, 3));
        hidden.setActivation(Activation.TANH);
        m.connections().removeIf(c -> c.id().equals("readout"));
        m.addConnection(new Connection("reservoir-hidden", "reservoir", "hidden", Connection.Kind.FULL, 0));
        m.addConnection(new Connection("hidden-reservoir", "hidden", "reservoir", Connection.Kind.FULL, 1));
        m.addConnection(new Connection("hidden-out", "hidden", "out", Connection.Kind.FULL, 0));
        Plan plan = Plan.compile(m);
        Network network = new Network(plan);
        network.initialize(Initialization.SMALL_UNIFORM, 0.8, 3);
        Batch batch = GradientCheck.randomBatch(plan, 3, 6, 11);
        List<GradientCheck.Result> results = GradientCheck.run(network, batch, 0);
        assertEquals(plan.parameters().stream().filter(Plan.ParameterSet::trainable).count(), results.size());
        assertTrue(results.stream().noneMatch(r -> r.parameterSet().contains("reservoir.")), results.toString());
        for (GradientCheck.Result r : results) {
            assertTrue(r.maxRelativeError() < 1e-6, r.toString());
        }
        DMatrixRMaj[] gradients = network.zerosLike();
        Pass pass = new Pass(plan, 3, 6);
        pass.forward(network, batch);
        pass.backward(network, batch, gradients, 0);
        for (Plan.ParameterSet p : plan.parameters()) {
            if (!p.trainable()) {
                assertEquals(0, NormOps_DDRM.normF(gradients[p.index()]), 0.0, p.name());
            }
        }
        assertNotNull(RidgeReadout.whyNot(plan), "a hidden layer that learns is no readout");
    }

    @Test
    void underTeacherForcingAFedBackOutputIsItsTargetAndAfterwardsItsOwnOutput() throws Exception {
        Model m = esn(10, 0.9, 4);
        m.addConnection(new Connection("feedback", "out", "reservoir", Connection.Kind.FULL, 1));
        Plan plan = Plan.compile(m);
        Network network = new Network(plan);
        network.initialize(Initialization.GLOROT, 1, 1);
        assertTrue(RidgeReadout.applies(plan));
        List<Sequence> data = randomData(1, 8, 6);
        Batch batch = new Batch(plan, 1, 8);
        batch.fill(plan, data);
        Pass pass = new Pass(plan, 1, 8);
        pass.forward(network, batch, 5);
        int out = plan.groupIndex("out");
        for (int t = 0; t < 8; t++) {
            DMatrixRMaj expected = t < 5 ? batch.target(out, t) : pass.output(out, t);
            assertArrayEquals(expected.data, pass.read(out, t).data, 0.0, "step " + t);
        }
        assertThrows(IllegalStateException.class, () -> pass.backward(network, batch, network.zerosLike(), 0));
        double[][] free = FreeRunning.outputs(network, data.get(0), List.of("out"), 5).get("out");
        assertArrayEquals(pass.output(out, 7).data, free[7], 0.0);
    }

    /** The Mackey-Glass generator fed back into a small reservoir: after the fit it runs freely, close to the series. */
    @Test
    void aSmallEchoStateNetworkContinuesTheMackeyGlassSeries() throws Exception {
        org.rnnstudio.engine.MackeyGlassExperiment experiment = new org.rnnstudio.engine.MackeyGlassExperiment(
                new org.rnnstudio.engine.MackeyGlassExperiment.Settings(100, 0.8, 0.05, 0.5, 0.2, 1, 200, 600, 20, 1e-8, 2, 1, 0, 0));
        org.rnnstudio.engine.MackeyGlassExperiment.Result result = experiment.run();
        assertEquals(2, result.runs().size());
        // predicting the mean would score 1
        assertTrue(result.nrmseAtHorizon() < 0.1, "NRMSE after 20 free steps: " + result.nrmseAtHorizon());
    }

    /**
     * Jaeger and Haas's refinements on the same small reservoir: noise in each unit while fitting and the ridge
     * chosen on a validation window; the prediction still holds and the ridge is one of those tried.
     */
    @Test
    void withFittingNoiseAndAValidationWindowTheRidgeIsChosen() throws Exception {
        org.rnnstudio.engine.MackeyGlassExperiment.Result result = new org.rnnstudio.engine.MackeyGlassExperiment(
                new org.rnnstudio.engine.MackeyGlassExperiment.Settings(100, 0.8, 0.05, 0.5, 0.2, 1, 200, 600, 20, 1e-8, 2, 1, 1e-6, 300)).run();
        for (org.rnnstudio.engine.MackeyGlassExperiment.Run run : result.runs()) {
            double exponent = Math.log10(run.ridge());
            assertTrue(exponent >= -16 && exponent <= 1 && Math.abs(exponent - Math.rint(exponent)) < 1e-9, "ridge " + run.ridge());
        }
        assertTrue(result.nrmseAtHorizon() < 0.1, "NRMSE after 20 free steps: " + result.nrmseAtHorizon());
    }

    @Test
    void trainingAReadoutOnlyModelIsOneFit() throws Exception {
        Model m = esn(20, 0.9, 1);
        TrainingSettings t = new TrainingSettings();
        t.data = "data.csv";
        t.epochs = 50;
        t.washout = 2;
        m.setTraining(t);
        Path file = dir.resolve("esn.rnn");
        Files.writeString(file, ModelFile.write(m));
        StringBuilder csv = new StringBuilder("sequence,in.0,in.1,in.2,out.0,out.1\n");
        Random random = new Random(2);
        for (int s = 1; s <= 5; s++) {
            for (int step = 0; step < 10; step++) {
                csv.append(s);
                for (int i = 0; i < 5; i++) {
                    csv.append(',').append(random.nextGaussian());
                }
                csv.append('\n');
            }
        }
        Files.writeString(dir.resolve("data.csv"), csv);
        TrainingSession session = TrainingSession.open(file, ModelFile.read(file).model(), t, null);
        session.initialize();
        assertTrue(session.fits());
        List<Double> losses = new ArrayList<>();
        TrainingSession.Outcome outcome = session.train(new Trainer.Listener() {
            @Override
            public void epoch(int epoch, double loss, double accuracy) {
                losses.add(loss);
            }
        }, () -> false, null);
        assertEquals(1, outcome.result().epochs(), "one fit, not " + t.epochs + " epochs");
        assertEquals(1, losses.size());
        assertEquals(session.lastFit().loss(), losses.get(0), 0.0);
        assertEquals(5 * 8, session.lastFit().rows(), "ten steps less a washout of two, five sequences");
        assertTrue(Files.readString(outcome.metrics()).contains("ridge-regression fit"));

        Model elman = esn(20, 0.9, 1);
        elman.cells().get(0).setKind(Cell.Kind.ELMAN);
        assertFalse(RidgeReadout.applies(Plan.compile(elman)), "an Elman layer learns its weights: epochs of gradient descent");
    }
}
