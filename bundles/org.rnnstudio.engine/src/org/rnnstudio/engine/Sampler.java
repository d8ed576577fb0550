package org.rnnstudio.engine;

import java.util.List;
import java.util.Random;

import org.rnnstudio.model.UnitGroup;

/**
 * Generates text from a network trained on characters: the prime goes in, then each character drawn from the
 * softmax output, sharpened (temperature below 1) or flattened (above 1), is fed back in as the next input.
 */
public final class Sampler {

    /** The last characters are context enough for a small net, and keep each step's cost bounded. */
    static final int CONTEXT = 100;

    private final Trainer trainer;
    private final String vocabulary;
    private final String inputId;
    private final String outputId;

    public Sampler(Network network, String vocabulary) {
        this.trainer = new Trainer(network);
        this.vocabulary = vocabulary;
        String in = null;
        String out = null;
        for (UnitGroup g : network.plan().groups()) {
            if (g.isInput() && in == null) {
                in = g.id();
            }
            if (g.isOutput() && out == null) {
                out = g.id();
            }
        }
        this.inputId = in;
        this.outputId = out;
    }

    /** The prime when none is given: the vocabulary's last character. */
    public String defaultPrime() {
        return vocabulary.substring(vocabulary.length() - 1);
    }

    /**
     * The prime followed by {@code length} drawn characters.
     *
     * @throws IllegalArgumentException naming the prime's first unknown character, or a temperature not above 0
     */
    public String sample(String prime, int length, double temperature, long seed) {
        if (!(temperature > 0)) {
            throw new IllegalArgumentException("the temperature must be above 0");
        }
        for (char c : prime.toCharArray()) {
            if (vocabulary.indexOf(c) < 0) {
                throw new IllegalArgumentException("the prime's '" + c + "' is not among the " + vocabulary.length() + " characters the model knows");
            }
        }
        StringBuilder text = new StringBuilder(prime);
        Random random = new Random(seed);
        for (int i = 0; i < length; i++) {
            String context = text.substring(Math.max(0, text.length() - CONTEXT));
            double[][] p = trainer.outputs(TextData.prompt(context, vocabulary, inputId, outputId), List.of(outputId)).get(outputId);
            text.append(vocabulary.charAt(draw(p[p.length - 1], temperature, random)));
        }
        return text.toString();
    }

    /** p_k^(1/T), renormalised: the softmax of the logits divided by T. */
    static int draw(double[] probabilities, double temperature, Random random) {
        double[] weighted = new double[probabilities.length];
        double sum = 0;
        for (int k = 0; k < probabilities.length; k++) {
            weighted[k] = Math.pow(Math.max(probabilities[k], 1e-300), 1 / temperature);
            sum += weighted[k];
        }
        double r = random.nextDouble() * sum;
        int pick = 0;
        while (pick < weighted.length - 1 && (r -= weighted[pick]) > 0) {
            pick++;
        }
        return pick;
    }
}
