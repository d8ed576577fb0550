package org.rnnstudio.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

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
 * of 2^k symbols), then a gap of noise symbols, then a cue, then the same number again. Whatever a model
 * knows about the number after the gap went through its hidden state at the gap, and an HMM's hidden state
 * is one of N values: it carries at most log2 N bits. An LSTM's state is a vector of real numbers. Each
 * model is trained on the same sequences and scored on new ones by the bits it recovers: k minus the
 * cross-entropy, in bits, of its prediction of the repeated number (renormalised over the 2^k numbers, so
 * that only what it knows about the number counts, not whether it expected the number there), a lower
 * bound on the information its prediction holds; 0 for a model that guesses.
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
        training = sequences(settings.trainingSequences(), random);
        test = sequences(settings.testSequences(), random);
    }

    /** Symbols 0 ... 2^k - 1 are the numbers; then two noise symbols and the cue. */
    private int symbols() {
        return values + 3;
    }

    private int cue() {
        return values + 2;
    }

    private List<int[]> sequences(int count, Random random) {
        List<int[]> list = new ArrayList<>();
        for (int s = 0; s < count; s++) {
            int[] y = new int[settings.gap() + 3];
            y[0] = random.nextInt(values);
            for (int g = 1; g <= settings.gap(); g++) {
                y[g] = values + random.nextInt(2);
            }
            y[settings.gap() + 1] = cue();
            y[settings.gap() + 2] = y[0];
            list.add(y);
        }
        return list;
    }

    /**
     * An HMM of N states trained by Baum-Welch. It starts sticky, each state keeping itself with probability
     * 0.9 (the rest and the emissions random, Dirichlet rows): from a random transition matrix the credit for
     * the repeated number diffuses over every path through the gap and Baum-Welch settles on a model with
     * no memory at all (Bengio and Frasconi 1995), which would measure the training, not the state's capacity.
     */
    public Row hmm(int states) {
        long start = System.nanoTime();
        Random random = new Random(settings.seed() + states);
        HmmDescription description = new HmmDescription();
        description.setStates(states);
        description.setSymbols(symbols());
        List<ObservedSequence> data = observed(training);
        HiddenMarkovModel fitted = null;
        double best = Double.NEGATIVE_INFINITY;
        // Baum-Welch finds a local optimum: keep the best of a few starts by the training log-likelihood
        for (int restart = 0; restart < settings.hmmRestarts(); restart++) {
            EmIterations.Result<HiddenMarkovModel> r = HmmTraining.fit(stickyStart(states, random), description, data, settings.hmmIterations(),
                    (i, l) -> {
                    });
            double logLikelihood = r.logLikelihoods()[r.logLikelihoods().length - 1];
            if (logLikelihood > best) {
                best = logLikelihood;
                fitted = r.model();
            }
        }
        double[][] emission = fitted.parameters().get("B");
        Score score = new Score();
        for (ObservedSequence s : observed(test)) {
            int last = s.length() - 1;
            // p(next state) from the filtered state before the last step, then p(number) through the emissions
            double[] before = ForwardBackward.run(fitted, new ObservedSequence("prefix", java.util.Arrays.copyOf(s.y(), last), new double[last][0]))
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
        return score.row("HMM, " + states + " states", Math.log(states) / Math.log(2), start);
    }

    private HiddenMarkovModel stickyStart(int states, Random random) {
        double[] pi = dirichlet(states, random);
        double[][] a = new double[states][];
        double[][] b = new double[states][];
        for (int i = 0; i < states; i++) {
            a[i] = dirichlet(states, random);
            for (int j = 0; j < states; j++) {
                a[i][j] = 0.1 * a[i][j] + (i == j ? 0.9 : 0);
            }
            b[i] = dirichlet(symbols(), random);
        }
        return new HiddenMarkovModel(pi, a, new CategoricalEmission(b));
    }

    /** An LSTM of a few units, trained by backpropagation through time to give the number back after the cue. */
    public Row lstm() throws Trainer.DivergedException {
        long start = System.nanoTime();
        Model model = new Model();
        model.addGroup(new UnitGroup("x", UnitGroup.Role.INPUT, symbols()));
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
                }, () -> false);
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
                symbols[t][0] = y[t];
            }
            list.add(new ObservedSequence("s", symbols, new double[y.length][0]));
        }
        return list;
    }

    /** One-hot symbols in; the repeated number is the target at the cue, the step before it comes. */
    private List<Sequence> networkData(List<int[]> sequences) {
        List<Sequence> list = new ArrayList<>();
        for (int[] y : sequences) {
            int steps = y.length - 1;
            double[][] x = new double[steps][symbols()];
            double[][] target = new double[steps][values];
            for (int t = 0; t < steps; t++) {
                x[t][y[t]] = 1;
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
