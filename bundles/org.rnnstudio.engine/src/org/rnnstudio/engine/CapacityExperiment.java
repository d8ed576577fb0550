package org.rnnstudio.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

import org.rnnstudio.engine.hmm.CategoricalEmission;
import org.rnnstudio.engine.hmm.ForwardBackward;
import org.rnnstudio.engine.hmm.HiddenMarkovModel;
import org.rnnstudio.engine.hmm.HmmTraining;
import org.rnnstudio.model.Activation;
import org.rnnstudio.model.Cell;
import org.rnnstudio.model.Connection;
import org.rnnstudio.model.HmmDescription;
import org.rnnstudio.model.Initialization;
import org.rnnstudio.model.Model;
import org.rnnstudio.model.Optimizer;
import org.rnnstudio.model.UnitGroup;

/**
 * The lecture's argument for distributed hidden states, measured. A sequence shows a k-bit number (as one
 * of 2^k symbols), then a gap of steps at which nothing is observed, then the same number again. Whatever a
 * model knows about the number after the gap went through its hidden state at the gap, and an HMM's hidden state
 * is one of N values: it carries at most log2 N bits. An LSTM's state is a vector of real numbers. Each
 * model is trained on the same sequences and scored on new ones by the bits it recovers: k minus the
 * cross-entropy, in bits, of its prediction of the repeated number (renormalised over the 2^k numbers, so
 * that only what it knows about the number counts, not whether it expected the number there), a lower
 * bound on the information its prediction holds; 0 for a model that guesses. Every number appears equally
 * often among the test sequences: then an HMM's score cannot exceed log2 N on the test set itself, not only
 * in expectation (its prediction is a mixture of N emission rows, and Jensen's inequality bounds the mean
 * log of a sum of N distributions' values over a balanced set of numbers by log N).
 * <p>
 * The gap is unobserved rather than noise symbols because with observed noise the likeliest HMM spends its
 * states on where it is in the sequence (number, noise, cue), which is worth more log-likelihood than the
 * number: maximum likelihood itself, not only Baum-Welch's local optima, then keeps it below log2 N.
 */
public final class CapacityExperiment {

    /** The task and the effort spent on each model. */
    public record Settings(int bits, int gap, int trainingSequences, int testSequences, int hmmIterations, int hmmRestarts, int lstmUnits, int lstmEpochs,
            long seed) {
    }

    /** One model's score: its name, the bound of its hidden state in bits (infinite for real-valued states), what it recovered. */
    public record Row(String model, double boundBits, double recoveredBits, double accuracy, double seconds) {
    }

    private final Settings settings;
    private final int values;
    private final List<int[]> training;
    private final List<int[]> test;

    public CapacityExperiment(Settings settings) {
        this.settings = settings;
        values = 1 << settings.bits();
        Random random = new Random(settings.seed());
        training = sequences(settings.trainingSequences(), random, false);
        test = sequences(values * (int) Math.ceil(settings.testSequences() / (double) values), random, true);
    }

    /** As many as asked for, rounded up to a multiple of 2^k so that every number appears equally often. */
    public int testSequences() {
        return test.size();
    }

    /** A step of the gap: nothing is observed. */
    private static final int UNOBSERVED = -1;

    /** The test sequences are balanced: number s mod 2^k in sequence s. */
    private List<int[]> sequences(int count, Random random, boolean balanced) {
        List<int[]> list = new ArrayList<>();
        for (int s = 0; s < count; s++) {
            int[] y = new int[settings.gap() + 2];
            y[0] = balanced ? s % values : random.nextInt(values);
            for (int g = 1; g <= settings.gap(); g++) {
                y[g] = UNOBSERVED;
            }
            y[settings.gap() + 1] = y[0];
            list.add(y);
        }
        return list;
    }

    /**
     * An HMM of N states trained by Baum-Welch: {@code hmmRestarts} starts run a tenth of the iterations each,
     * the one with the best training log-likelihood runs the rest. Each start is sticky, every state keeping
     * itself with probability 0.9: from a random transition matrix the credit for the repeated number diffuses
     * over every path through the gap and Baum-Welch settles on a model with no memory at all (Bengio and
     * Frasconi 1995). And each state starts favouring its own share of the numbers (a random partition): from
     * Dirichlet-random emissions alone Baum-Welch pulls the states apart one at a time and stops short of using
     * them all (64 states carried 5.70 bits from such starts, 5.91 from these). Which numbers go together is
     * random: the data's structure is left for Baum-Welch to find.
     */
    public Row hmm(int states, BooleanSupplier cancelled) {
        long start = System.nanoTime();
        Random random = new Random(settings.seed() + states);
        HmmDescription description = new HmmDescription();
        description.setStates(states);
        description.setSymbols(values);
        List<ObservedSequence> data = observed(training);
        FitListener listener = new FitListener() {
            @Override
            public void iteration(int iteration, double logLikelihood) {
            }

            @Override
            public boolean stopRequested() {
                return cancelled.getAsBoolean();
            }
        };
        int screening = Math.max(1, settings.hmmIterations() / 10);
        EmIterations.Result<HiddenMarkovModel> best = null;
        for (int restart = 0; restart < settings.hmmRestarts() && !cancelled.getAsBoolean(); restart++) {
            EmIterations.Result<HiddenMarkovModel> r = HmmTraining.fit(start(states, random), description, data, screening, listener);
            if (best == null || last(r) > last(best)) {
                best = r;
            }
        }
        stopIf(cancelled);
        HiddenMarkovModel fitted = HmmTraining.fit(best.model(), description, data, settings.hmmIterations() - screening, listener).model();
        stopIf(cancelled);
        double[][] emission = fitted.parameters().get("B");
        Score score = new Score();
        for (ObservedSequence s : observed(test)) {
            int last = s.length() - 1;
            // p(next state) from the filtered state before the last step, then p(number) through the emissions
            double[] before = ForwardBackward.run(fitted, new ObservedSequence("prefix", Arrays.copyOf(s.y(), last), new double[last][0]))
                    .filtered()[last - 1];
            double[] prediction = new double[values];
            for (int i = 0; i < states; i++) {
                for (int j = 0; j < states; j++) {
                    double p = before[i] * fitted.transitions()[i][j];
                    for (int v = 0; v < values; v++) {
                        prediction[v] += p * emission[j][v];
                    }
                }
            }
            score.add(prediction, (int) s.y()[last][0]);
        }
        return score.row("HMM, " + states + (states == 1 ? " state" : " states"), Math.log(states) / Math.log(2), start);
    }

    /** A cancelled fit ends early with parameters that measure nothing: they are not scored. */
    private static void stopIf(BooleanSupplier cancelled) {
        if (cancelled.getAsBoolean()) {
            throw new CancellationException("the capacity experiment was cancelled");
        }
    }

    private static double last(EmIterations.Result<?> r) {
        return r.logLikelihoods()[r.logLikelihoods().length - 1];
    }

    /**
     * Sticky transitions; emissions Dirichlet rows weighted ten to one towards the state's share of the
     * numbers (numbers dealt round the states in a random order; with more states than numbers, states
     * share them).
     */
    private HiddenMarkovModel start(int states, Random random) {
        double[] pi = dirichlet(states, random);
        double[][] a = new double[states][];
        double[][] b = new double[states][];
        List<Integer> order = new ArrayList<>();
        for (int v = 0; v < values; v++) {
            order.add(v);
        }
        Collections.shuffle(order, random);
        for (int i = 0; i < states; i++) {
            a[i] = dirichlet(states, random);
            for (int j = 0; j < states; j++) {
                a[i][j] = 0.1 * a[i][j] + (i == j ? 0.9 : 0);
            }
            b[i] = dirichlet(values, random);
        }
        for (int k = 0; k < Math.max(states, values); k++) {
            b[k % states][order.get(k % values)] *= 10;
        }
        for (double[] row : b) {
            double sum = Arrays.stream(row).sum();
            for (int s = 0; s < row.length; s++) {
                row[s] /= sum;
            }
        }
        return new HiddenMarkovModel(pi, a, new CategoricalEmission(b));
    }

    /** An LSTM of a few units, trained by backpropagation through time to give the number back after the gap. */
    public Row lstm(BooleanSupplier cancelled) throws Trainer.DivergedException {
        long start = System.nanoTime();
        Model model = new Model();
        model.addGroup(new UnitGroup("x", UnitGroup.Role.INPUT, values));
        model.cells().add(new Cell("lstm", Cell.Kind.LSTM, settings.lstmUnits()));
        UnitGroup y = model.addGroup(new UnitGroup("y", UnitGroup.Role.OUTPUT, values));
        y.setActivation(Activation.SOFTMAX);
        y.setTarget(UnitGroup.Loss.CROSS_ENTROPY, UnitGroup.TargetSchedule.FINAL_STEP, 1);
        model.addConnection(new Connection("x-lstm", "x", "lstm", Connection.Kind.FULL, 0));
        model.addConnection(new Connection("lstm-y", "lstm", "y", Connection.Kind.FULL, 0));
        Plan plan;
        try {
            plan = Plan.compile(model);
        } catch (InvalidModelException e) {
            throw new IllegalStateException("the experiment's own LSTM does not compile: " + e.getMessage(), e);
        }
        Network network = new Network(plan);
        network.initialize(Initialization.GLOROT, 1, settings.seed());
        Trainer trainer = new Trainer(network);
        Trainer.Optimization adam = Trainer.Optimization.PLAIN.with(Optimizer.ADAM);
        trainer.train(networkData(training), new Trainer.Settings(settings.lstmEpochs(), 32, 0.01, 0, false, settings.seed(), 0, adam),
                new Trainer.Listener() {
                }, cancelled);
        stopIf(cancelled);
        Score score = new Score();
        for (Sequence s : networkData(test)) {
            double[][] p = trainer.outputs(s, List.of("y")).get("y");
            double[] target = s.targets().get("y")[s.length() - 1];
            int value = 0;
            while (target[value] < 0.5) {
                value++;
            }
            score.add(p[s.length() - 1], value);
        }
        return score.row("LSTM, " + settings.lstmUnits() + " units", Double.POSITIVE_INFINITY, start);
    }

    /** Cross-entropy in bits and hits of predictions of the repeated number, over the test sequences. */
    private final class Score {
        private double crossEntropy;
        private int right;
        private int count;

        void add(double[] prediction, int value) {
            double sum = 0;
            int best = 0;
            for (int v = 0; v < prediction.length; v++) {
                sum += prediction[v];
                best = prediction[v] > prediction[best] ? v : best;
            }
            crossEntropy -= Math.log(prediction[value] / sum) / Math.log(2);
            right += best == value ? 1 : 0;
            count++;
        }

        Row row(String name, double bound, long start) {
            return new Row(name, bound, Math.max(0, settings.bits() - crossEntropy / count), right / (double) count, (System.nanoTime() - start) / 1e9);
        }
    }

    private static List<ObservedSequence> observed(List<int[]> sequences) {
        List<ObservedSequence> list = new ArrayList<>();
        for (int[] y : sequences) {
            double[][] symbols = new double[y.length][1];
            for (int t = 0; t < y.length; t++) {
                symbols[t][0] = y[t] == UNOBSERVED ? Double.NaN : y[t];
            }
            list.add(new ObservedSequence("s", symbols, new double[y.length][0]));
        }
        return list;
    }

    /** One-hot symbols in (nothing in the gap); the repeated number is the target at the gap's last step, the step before it comes. */
    private List<Sequence> networkData(List<int[]> sequences) {
        List<Sequence> list = new ArrayList<>();
        for (int[] y : sequences) {
            int steps = y.length - 1;
            double[][] x = new double[steps][values];
            double[][] target = new double[steps][values];
            for (int t = 0; t < steps; t++) {
                if (y[t] != UNOBSERVED) {
                    x[t][y[t]] = 1;
                }
            }
            target[steps - 1][y[steps]] = 1;
            list.add(new Sequence(steps, Map.of("x", x), Map.of("y", target)));
        }
        return list;
    }

    private static double[] dirichlet(int size, Random random) {
        double[] row = new double[size];
        double sum = 0;
        for (int i = 0; i < size; i++) {
            row[i] = -Math.log(1 - random.nextDouble());
            sum += row[i];
        }
        for (int i = 0; i < size; i++) {
            row[i] /= sum;
        }
        return row;
    }
}
