package org.rnnstudio.engine;

import java.util.EnumMap;
import java.util.Map;
import java.util.function.Function;

import org.rnnstudio.model.Activation;
import org.rnnstudio.model.UnitGroup;

/**
 * The loss of each output group, by the name its model gives: the pass asks here. A new loss is one class
 * implementing {@link LossFunction} and one line below.
 */
public final class LossFunctions {

    private static final Map<UnitGroup.Loss, Function<UnitGroup, LossFunction>> LOSSES = new EnumMap<>(UnitGroup.Loss.class);

    static {
        LOSSES.put(UnitGroup.Loss.SQUARED_ERROR, g -> new SquaredError(g.unitsOrAll(),
                g.activation() == Activation.SOFTMAX ? Accuracy.LARGEST_UNIT : Accuracy.EACH_UNIT));
        LOSSES.put(UnitGroup.Loss.LOGISTIC_CROSS_ENTROPY, g -> new LogisticCrossEntropy(g.unitsOrAll()));
        LOSSES.put(UnitGroup.Loss.CROSS_ENTROPY, g -> new SoftmaxCrossEntropy(g.unitsOrAll()));
    }

    private LossFunctions() {
    }

    /** The loss of an output group scored over whole sequences (ctc), or null for a loss scored step by step. */
    public static SequenceLoss sequenceLoss(UnitGroup output) {
        return output.loss() == UnitGroup.Loss.CTC ? new CtcLoss(output.size()) : null;
    }

    /** The loss of an output group, over the units its targets reach; see {@link #sequenceLoss} for ctc. */
    public static LossFunction of(UnitGroup output) {
        Function<UnitGroup, LossFunction> loss = LOSSES.get(output.loss());
        if (loss == null) {
            throw new IllegalStateException("no function for the loss " + output.loss());
        }
        return loss.apply(output);
    }
}
