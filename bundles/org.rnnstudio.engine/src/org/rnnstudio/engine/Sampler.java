package org.rnnstudio.engine;

import java.util.Random;

import org.rnnstudio.model.UnitGroup;

/**
 * Generates text from a network trained on characters: the prime goes in, then each character drawn from the
 * softmax output, sharpened (temperature below 1) or flattened (above 1), is fed back in as the next input. The
 * network runs one character at a time, its state carried from each to the next.
 */
public final class Sampler {

    private final Network network;
    private final String vocabulary;
    private final String inputId;
    private final String outputId;

    /** @throws IllegalArgumentException when the model's first input or output group is not as large as the vocabulary */
    public Sampler(Network network, String vocabulary) {
        this.network = network;
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
        for (String id : new String[] {in, out}) {
            int size = id == null ? 0 : network.plan().groups().get(network.plan().groupIndex(id)).size();
            if (size != vocabulary.length()) {
                throw new IllegalArgumentException("group '" + id + "' has " + size + " units, but the weights know " + vocabulary.length()
                        + " characters: give the weights trained for this model");
            }
        }
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
        Stepper stepper = new Stepper(network);
        double[] oneHot = new double[vocabulary.length()];
        for (int i = 0; i < prime.length(); i++) {
            feed(stepper, oneHot, vocabulary.indexOf(prime.charAt(i)));
        }
        for (int i = 0; i < length; i++) {
            int pick = draw(stepper.output(outputId), temperature, random);
            text.append(vocabulary.charAt(pick));
            feed(stepper, oneHot, pick);
        }
        return text.toString();
    }

    private void feed(Stepper stepper, double[] oneHot, int character) {
        java.util.Arrays.fill(oneHot, 0);
        oneHot[character] = 1;
        stepper.step(inputId, oneHot);
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
