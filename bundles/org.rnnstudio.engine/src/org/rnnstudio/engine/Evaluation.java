package org.rnnstudio.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.rnnstudio.model.Activation;
import org.rnnstudio.model.UnitGroup;

/**
 * Trained weights run over a data set, sequence by sequence: each sequence's loss and whether it came out
 * right (the measures training reports), the outputs beside the targets at every step, and for a softmax
 * output (a classifier) the confusion matrix of target class against chosen class over the steps that have a target.
 */
public final class Evaluation {

    /** One sequence: its loss, its accuracy (1 or 0, as training counts it), outputs and targets [step][unit]. */
    public record Result(int index, int length, double loss, double accuracy, double[][] outputs, double[][] targets) {
    }

    private final String outputId;
    private final boolean classifier;
    private final List<Result> results;
    private final int[][] confusion;

    private Evaluation(String outputId, boolean classifier, List<Result> results, int[][] confusion) {
        this.outputId = outputId;
        this.classifier = classifier;
        this.results = results;
        this.confusion = confusion;
    }

    /** Evaluates every sequence of the data with the network's present weights; the first output group is shown. */
    public static Evaluation of(Network network, List<Sequence> data) {
        UnitGroup output = null;
        for (UnitGroup g : network.plan().groups()) {
            if (g.isOutput() && output == null) {
                output = g;
            }
        }
        if (output == null) {
            throw new IllegalArgumentException("the model has no output group to evaluate");
        }
        boolean classifier = output.activation() == Activation.SOFTMAX;
        Trainer trainer = new Trainer(network);
        List<Result> results = new ArrayList<>();
        int[][] confusion = classifier ? new int[output.size()][output.size()] : null;
        for (int s = 0; s < data.size(); s++) {
            Sequence sequence = data.get(s);
            double[] measured = trainer.evaluate(List.of(sequence), 1);
            double[][] outputs = trainer.outputs(sequence, List.of(output.id())).get(output.id());
            double[][] targets = targetsOf(sequence, output.id(), outputs);
            if (classifier) {
                count(outputs, targets, confusion);
            }
            results.add(new Result(s + 1, sequence.length(), measured[0], measured[1], outputs, targets));
        }
        return new Evaluation(output.id(), classifier, List.copyOf(results), confusion);
    }

    private static double[][] targetsOf(Sequence sequence, String outputId, double[][] outputs) {
        Map<String, double[][]> targets = sequence.targets();
        double[][] t = targets.get(outputId);
        if (t != null) {
            return t;
        }
        double[][] none = new double[outputs.length][outputs.length == 0 ? 0 : outputs[0].length];
        for (double[] row : none) {
            java.util.Arrays.fill(row, Double.NaN);
        }
        return none;
    }

    /** Adds one count per step with a target: row = the target's class, column = the class the output chose. */
    static void count(double[][] outputs, double[][] targets, int[][] confusion) {
        for (int t = 0; t < outputs.length; t++) {
            if (t >= targets.length || Double.isNaN(targets[t][0])) {
                continue;
            }
            confusion[argmax(targets[t])][argmax(outputs[t])]++;
        }
    }

    static int argmax(double[] values) {
        int best = 0;
        for (int k = 1; k < values.length; k++) {
            if (values[k] > values[best]) {
                best = k;
            }
        }
        return best;
    }

    public String outputId() {
        return outputId;
    }

    public boolean isClassifier() {
        return classifier;
    }

    public List<Result> results() {
        return results;
    }

    /** [target class][chosen class] counts, or null when the output is not a softmax. */
    public int[][] confusion() {
        return confusion;
    }

    /** The mean loss and accuracy over the sequences, as training's evaluation reports them. */
    public double[] mean() {
        double loss = 0;
        double accuracy = 0;
        for (Result r : results) {
            loss += r.loss();
            accuracy += r.accuracy();
        }
        return new double[] {loss / results.size(), accuracy / results.size()};
    }
}
