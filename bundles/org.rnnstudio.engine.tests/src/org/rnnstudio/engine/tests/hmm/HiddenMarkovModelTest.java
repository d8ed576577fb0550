package org.rnnstudio.engine.tests.hmm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.google.gson.JsonObject;

import org.rnnstudio.engine.EmIterations;
import org.rnnstudio.engine.InferenceException;
import org.rnnstudio.engine.ObservedSequence;
import org.rnnstudio.engine.hmm.BaumWelch;
import org.rnnstudio.engine.hmm.CategoricalEmission;
import org.rnnstudio.engine.hmm.ForwardBackward;
import org.rnnstudio.engine.hmm.GaussianEmission;
import org.rnnstudio.engine.hmm.HiddenMarkovModel;
import org.rnnstudio.engine.hmm.HmmTraining;
import org.rnnstudio.engine.hmm.Viterbi;
import org.rnnstudio.engine.tests.Conformance;
import org.rnnstudio.model.HmmDescription;

/**
 * Forward-backward, Viterbi and Baum-Welch against numpy and pomegranate (resources/stochastic/hmm-*.json),
 * and what they do on long sequences, unvisited states and impossible observations.
 */
class HiddenMarkovModelTest {

    private static final double TOLERANCE = 1e-9;

    static HiddenMarkovModel conformanceModel(JsonObject json) {
        return new HiddenMarkovModel(Conformance.vector(json.get("pi")), Conformance.matrix(json.get("A")),
                new CategoricalEmission(Conformance.matrix(json.get("B"))));
    }

    static ObservedSequence conformanceSequence(JsonObject json) {
        int[] symbols = Conformance.integers(json.get("observations"));
        double[][] y = new double[symbols.length][1];
        for (int t = 0; t < symbols.length; t++) {
            y[t][0] = symbols[t];
        }
        return new ObservedSequence("rolls", y, new double[symbols.length][0]);
    }

    @ParameterizedTest
    @ValueSource(strings = {"hmm-weather", "hmm-casino"})
    void agreesWithTheReference(String name) {
        JsonObject json = Conformance.stochastic(name);
        HiddenMarkovModel model = conformanceModel(json);
        ObservedSequence y = conformanceSequence(json);
        ForwardBackward.Result r = ForwardBackward.run(model, y);
        assertEquals(json.get("loglik").getAsDouble(), r.logLikelihood(), TOLERANCE);
        assertTrue(Conformance.maxDifference(r.posterior(), Conformance.matrix(json.get("posterior"))) < TOLERANCE);
        Viterbi.Path path = Viterbi.run(model, y);
        assertArrayEquals(Conformance.integers(json.get("viterbi")), path.states());
        assertEquals(json.get("viterbi_logp").getAsDouble(), path.logProbability(), TOLERANCE);
        JsonObject expected = json.getAsJsonObject("baum_welch_one_step");
        Map<String, double[][]> next = BaumWelch.step(model, List.of(y), Set.of(), 0).model().parameters();
        assertTrue(Conformance.maxDifference(next.get("pi"), new double[][] {Conformance.vector(expected.get("pi"))}) < TOLERANCE);
        assertTrue(Conformance.maxDifference(next.get("A"), Conformance.matrix(expected.get("A"))) < TOLERANCE);
        assertTrue(Conformance.maxDifference(next.get("B"), Conformance.matrix(expected.get("B"))) < TOLERANCE);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void baumWelchNeverDecreasesTheLogLikelihood(int seed) {
        Random random = new Random(seed);
        HmmDescription d = new HmmDescription();
        d.setStates(2 + seed);
        List<ObservedSequence> data = new ArrayList<>();
        if (seed == 3) {
            d.setEmission(HmmDescription.Emission.GAUSSIAN);
            d.setDimensions(2);
            HiddenMarkovModel truth = gaussianCasino();
            for (int s = 0; s < 4; s++) {
                data.add(truth.sample(60, random).sequence("s" + s));
            }
        } else {
            d.setSymbols(6);
            HiddenMarkovModel truth = conformanceModel(Conformance.stochastic("hmm-casino"));
            for (int s = 0; s < 4; s++) {
                data.add(truth.sample(50 + 10 * s, random).sequence("s" + s));
            }
            data.get(2).y()[5][0] = Double.NaN;
        }
        double[] history = HmmTraining.fit(d, data, 50, seed, (i, l) -> {
        }).logLikelihoods();
        for (int i = 1; i < history.length; i++) {
            assertTrue(history[i] >= history[i - 1] - 1e-9 * Math.abs(history[i - 1]), "iteration " + i + ": " + history[i - 1] + " -> " + history[i]);
        }
        assertTrue(history[history.length - 1] > history[0], "it learns something");
    }

    @Test
    void recoversTheCasinoFromLongSequences() {
        HiddenMarkovModel truth = conformanceModel(Conformance.stochastic("hmm-casino"));
        Random random = new Random(7);
        List<ObservedSequence> data = new ArrayList<>();
        for (int s = 0; s < 5; s++) {
            data.add(truth.sample(2000, random).sequence("s" + s));
        }
        HmmDescription d = new HmmDescription();
        d.setStates(2);
        d.setSymbols(6);
        EmIterations.Result<HiddenMarkovModel> fit = HmmTraining.fit(d, data, 1500, 4, (i, l) -> {
        });
        // the states may come out in either order: call "loaded" the one that likes sixes
        double[][] b = fit.model().parameters().get("B");
        int loaded = b[1][5] > b[0][5] ? 1 : 0;
        int fair = 1 - loaded;
        assertEquals(0.5, b[loaded][5], 0.05);
        for (int symbol = 0; symbol < 6; symbol++) {
            assertEquals(symbol == 5 ? 0.5 : 0.1, b[loaded][symbol], 0.05);
            assertEquals(1 / 6.0, b[fair][symbol], 0.03);
        }
        double[][] a = fit.model().transitions();
        // the dice change only about 150 times in 10,000 rolls, so the switching rates are known less well
        assertEquals(0.95, a[fair][fair], 0.05);
        assertEquals(0.9, a[loaded][loaded], 0.07);
        double[] history = fit.logLikelihoods();
        assertTrue(history[history.length - 1] >= HmmTraining.logLikelihood(truth, data) - 1e-6, "at least the truth's fit");
    }

    @Test
    void tenThousandStepsDoNotUnderflow() {
        HiddenMarkovModel casino = conformanceModel(Conformance.stochastic("hmm-casino"));
        ObservedSequence y = casino.sample(10_000, new Random(1)).sequence("long");
        ForwardBackward.Result r = ForwardBackward.run(casino, y);
        // about log(1/6) per roll: thousands of nats, far beyond what a product of probabilities can hold
        assertTrue(r.logLikelihood() < -15_000 && r.logLikelihood() > -20_000, "log-likelihood " + r.logLikelihood());
        for (double[] p : r.posterior()) {
            assertEquals(1, p[0] + p[1], 1e-9);
        }
        Viterbi.Path path = Viterbi.run(casino, y);
        assertTrue(path.logProbability() < r.logLikelihood() && Double.isFinite(path.logProbability()));
        ObservedSequence gaussian = gaussianCasino().sample(10_000, new Random(2)).sequence("long");
        assertTrue(Double.isFinite(ForwardBackward.run(gaussianCasino(), gaussian).logLikelihood()));
    }

    @Test
    void aStateNeverVisitedKeepsItsDistribution() {
        // state 2 cannot be entered: its posterior is 0 everywhere, so it has nothing to re-estimate from
        HiddenMarkovModel model = new HiddenMarkovModel(new double[] {0.5, 0.5, 0}, new double[][] {{0.9, 0.1, 0}, {0.2, 0.8, 0}, {0.3, 0.3, 0.4}},
                new CategoricalEmission(new double[][] {{0.5, 0.5}, {0.1, 0.9}, {0.7, 0.3}}));
        ObservedSequence y = model.sample(30, new Random(3)).sequence("y");
        HiddenMarkovModel next = BaumWelch.step(model, List.of(y), Set.of(), 0).model();
        assertArrayEquals(new double[] {0.3, 0.3, 0.4}, next.transitions()[2], 0);
        assertArrayEquals(new double[] {0.7, 0.3}, next.parameters().get("B")[2], 0);
        assertEquals(0, next.start()[2], 0);
        // with a pseudocount it becomes uniform-ish instead, and nothing is impossible any more
        HiddenMarkovModel smoothed = BaumWelch.step(model, List.of(y), Set.of(), 1).model();
        assertArrayEquals(new double[] {1 / 3.0, 1 / 3.0, 1 / 3.0}, smoothed.transitions()[2], 1e-15);
        assertTrue(smoothed.start()[2] > 0);
    }

    @Test
    void anImpossibleSequenceIsAClearError() {
        HiddenMarkovModel model = new HiddenMarkovModel(new double[] {1, 0}, new double[][] {{1, 0}, {0, 1}},
                new CategoricalEmission(new double[][] {{1, 0}, {0, 1}}));
        ObservedSequence y = new ObservedSequence("odd", new double[][] {{0}, {0}, {1}}, new double[3][0]);
        InferenceException e = assertThrows(InferenceException.class, () -> ForwardBackward.run(model, y));
        assertTrue(e.getMessage().contains("'odd' step 3"), e.getMessage());
        assertEquals(Double.NEGATIVE_INFINITY, Viterbi.run(model, y).logProbability());
    }

    @Test
    void fixedParametersStayAsGiven() {
        HiddenMarkovModel truth = gaussianCasino();
        List<ObservedSequence> data = List.of(truth.sample(300, new Random(9)).sequence("y"));
        HmmDescription d = new HmmDescription();
        d.setEmission(HmmDescription.Emission.GAUSSIAN);
        d.setDimensions(2);
        d.parameters().put("means", new double[][] {{0, 0}, {3, 3}});
        d.parameters().put("A", new double[][] {{0.8, 0.2}, {0.2, 0.8}});
        d.fixed().addAll(List.of("means", "A"));
        HiddenMarkovModel fitted = HmmTraining.fit(d, data, 5, 1, (i, l) -> {
        }).model();
        assertArrayEquals(new double[] {3, 3}, fitted.parameters().get("means")[1], 0);
        assertArrayEquals(new double[] {0.8, 0.2}, fitted.transitions()[0], 0);
        // variances are re-estimated about the fixed means: near the truth's 1 and 0.25
        assertEquals(1, fitted.parameters().get("variances")[0][0], 0.3);
        assertEquals(0.25, fitted.parameters().get("variances")[1][1], 0.1);
    }

    /** Two states emitting 2-D Gaussians: N((0,0), 1) and N((3,3), 0.25). */
    static HiddenMarkovModel gaussianCasino() {
        return new HiddenMarkovModel(new double[] {0.5, 0.5}, new double[][] {{0.95, 0.05}, {0.1, 0.9}},
                new GaussianEmission(new double[][] {{0, 0}, {3, 3}}, new double[][] {{1, 1}, {0.25, 0.25}}));
    }
}
