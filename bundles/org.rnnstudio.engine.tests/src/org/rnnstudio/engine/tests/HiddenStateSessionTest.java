package org.rnnstudio.engine.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnstudio.engine.HiddenStateWeights;
import org.rnnstudio.engine.ObservationData;
import org.rnnstudio.engine.ObservedSequence;
import org.rnnstudio.engine.RunHistory;
import org.rnnstudio.engine.TrainingSession;
import org.rnnstudio.engine.hmm.HiddenMarkovModel;
import org.rnnstudio.engine.hmm.HmmTraining;
import org.rnnstudio.engine.lds.LdsTraining;
import org.rnnstudio.engine.lds.LinearDynamicalSystem;
import org.rnnstudio.model.Model;
import org.rnnstudio.model.ModelFile;
import org.rnnstudio.model.TrainingSettings;

/** The training session fits an lds or hmm model file by EM, with the same three results files as a network's. */
class HiddenStateSessionTest {

    @TempDir
    Path dir;

    private Path copy(String example, String model, String data) throws Exception {
        Path examples = Paths.get(System.getProperty("rnnstudio.examples", "../../examples"), example);
        Files.copy(examples.resolve(data), dir.resolve(data));
        return Files.copy(examples.resolve(model), dir.resolve(model));
    }

    private static TrainingSettings settings(Model model, int epochs) {
        TrainingSettings t = model.training().copy();
        t.epochs = epochs;
        return t;
    }

    @Test
    void theCasinoIsFittedByBaumWelchAndItsLossIsTheNegativeLogLikelihoodPerStep() throws Exception {
        Path file = copy("hmm-casino", "casino.rnn", "rolls.csv");
        Model model = ModelFile.read(file).model();
        TrainingSession session = TrainingSession.open(file, model, settings(model, 5), null);
        assertTrue(session.fitsByEm());
        assertEquals(20, session.sequenceCount());
        session.initialize();
        List<TrainingSession.Outcome> outcomes = new ArrayList<>();
        List<Double> losses = TrainingSessionTest.losses(session, outcomes);
        TrainingSession.Outcome outcome = outcomes.get(0);
        assertNull(outcome.stopped());
        assertNull(outcome.writeProblem());
        assertEquals(6, losses.size(), "the start and five iterations");
        for (int i = 1; i < losses.size(); i++) {
            assertTrue(losses.get(i) <= losses.get(i - 1) + 1e-12, "Baum-Welch never lowers the likelihood: " + losses);
        }
        List<ObservedSequence> data = ObservationData.read(model, dir.resolve("rolls.csv").toString());
        Map<String, double[][]> fitted = HiddenStateWeights.load(model, outcome.weights());
        double logLikelihood = HmmTraining.logLikelihood(HiddenMarkovModel.start(model.hmm(), List.of(), 0).with(fitted), data);
        assertEquals(-logLikelihood / 6000, outcome.result().loss(), 1e-12, "20 sequences of 300 rolls");
        assertEquals(losses.get(5), outcome.result().loss(), 1e-12);
        List<String> metrics = Files.readAllLines(outcome.metrics());
        assertTrue(metrics.get(0).startsWith("# Baum-Welch, iterations 5"), metrics.get(0));
        assertEquals("iteration,log_likelihood,log_likelihood_per_step,seconds", metrics.get(1));
        assertEquals(logLikelihood, Double.parseDouble(metrics.get(7).split(",")[1]), 1e-9 * Math.abs(logLikelihood));
        assertTrue(Files.isRegularFile(outcome.settings()));
        RunHistory.Run kept = RunHistory.keep(file, outcome, "Done", java.time.Instant.now());
        assertEquals(6, kept.metrics().size(), "the history reads the iterations of an EM run");
        assertEquals(logLikelihood, kept.metrics().get(5)[1], 1e-9 * Math.abs(logLikelihood));
    }

    @Test
    void continuingTheTrackerForNoIterationsKeepsItsParameters() throws Exception {
        Path file = copy("lds-tracking", "tracking.rnn", "tracks.csv");
        Model model = ModelFile.read(file).model();
        TrainingSession fresh = TrainingSession.open(file, model, settings(model, 3), null);
        fresh.initialize();
        List<TrainingSession.Outcome> outcomes = new ArrayList<>();
        TrainingSessionTest.losses(fresh, outcomes);
        Map<String, double[][]> trained = HiddenStateWeights.load(model, outcomes.get(0).weights());

        TrainingSettings none = settings(model, 3);
        none.epochs = 0;
        TrainingSession again = TrainingSession.open(file, model, none, dir.resolve("again"));
        again.continueFrom(outcomes.get(0).weights());
        assertTrue(again.describe().contains("continued from"), again.describe());
        List<Double> losses = TrainingSessionTest.losses(again, outcomes);
        Map<String, double[][]> kept = HiddenStateWeights.load(model, outcomes.get(1).weights());
        for (String name : trained.keySet()) {
            assertTrue(java.util.Arrays.deepEquals(trained.get(name), kept.get(name)), name);
        }
        List<ObservedSequence> data = ObservationData.read(model, dir.resolve("tracks.csv").toString());
        long steps = data.stream().mapToLong(ObservedSequence::length).sum();
        LinearDynamicalSystem system = new LinearDynamicalSystem(model.lds().state(), model.lds().observation(), model.lds().input()).with(trained);
        assertEquals(-LdsTraining.logLikelihood(system, data) / steps, losses.get(0), 1e-12);
    }

    @Test
    void missingDataAndWeightsAreRefusedInOneLine() throws Exception {
        Path file = copy("hmm-casino", "casino.rnn", "rolls.csv");
        Model model = ModelFile.read(file).model();
        TrainingSettings t = settings(model, 1);
        t.data = "nowhere.csv";
        TrainingSession.SessionException noData = assertThrows(TrainingSession.SessionException.class, () -> TrainingSession.open(file, model, t, null));
        assertTrue(noData.getMessage().contains("no data file"), noData.getMessage());
        assertFalse(noData.getMessage().contains("\n"));
        TrainingSession session = TrainingSession.open(file, model, settings(model, 1), null);
        TrainingSession.SessionException noWeights = assertThrows(TrainingSession.SessionException.class,
                () -> session.continueFrom(dir.resolve("none.weights.json")));
        assertTrue(noWeights.getMessage().contains("none.weights.json"), noWeights.getMessage());
    }
}
