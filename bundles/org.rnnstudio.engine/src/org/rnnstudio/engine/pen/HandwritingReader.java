package org.rnnstudio.engine.pen;

import java.util.List;
import java.util.Map;

import org.rnnstudio.engine.Network;
import org.rnnstudio.engine.Plan;
import org.rnnstudio.engine.Sequence;
import org.rnnstudio.engine.Trainer;
import org.rnnstudio.engine.ctc.CtcDecoder;
import org.rnnstudio.model.UnitGroup;

/**
 * A trained network reading handwriting: a pen trajectory in, normalised and resampled as the generator's words
 * ({@link HandwritingData#steps}), the per-step probabilities of the blank and the letters out, read by prefix
 * beam search. The command line's read and the studio's Pen view both read through here.
 */
public final class HandwritingReader {

    /** The prefixes prefix beam search keeps. */
    public static final int BEAM = 10;

    /** What the network read: its input steps, the probabilities [step][class] and the text. */
    public record Reading(double[][] steps, double[][] posteriors, String text) {
    }

    private final Trainer trainer;
    private final String input;
    private final String output;

    private HandwritingReader(Network network, String input, String output) {
        this.trainer = new Trainer(network);
        this.input = input;
        this.output = output;
    }

    /** A reader for a network with an input group of 3 units and a ctc output of the blank and a to z; otherwise says what is missing. */
    public static HandwritingReader of(Network network) {
        Plan plan = network.plan();
        String in = null;
        String out = null;
        for (UnitGroup g : plan.groups()) {
            if (g.isInput() && g.size() == 3) {
                in = g.id();
            }
            if (g.isOutput() && g.loss() == UnitGroup.Loss.CTC && g.size() == HandwritingData.CLASSES) {
                out = g.id();
            }
        }
        if (in == null || out == null) {
            throw new IllegalArgumentException("reading handwriting needs an input group of 3 units (dx, dy, pen) and a ctc output of "
                    + HandwritingData.CLASSES + " units (the blank and a to z)");
        }
        return new HandwritingReader(network, in, out);
    }

    /** Reads strokes of points (x, y), y pointing up, in any units. */
    public Reading read(List<List<double[]>> strokes, int beam) {
        double[][] steps = HandwritingData.steps(strokes);
        Sequence sequence = new Sequence(steps.length, Map.of(input, steps), Map.of());
        double[][] posteriors = trainer.outputs(sequence, List.of(output)).get(output);
        return new Reading(steps, posteriors, HandwritingData.text(CtcDecoder.prefixBeamSearch(posteriors, steps.length, beam)));
    }
}
