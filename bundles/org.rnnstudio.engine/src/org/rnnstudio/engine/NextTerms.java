package org.rnnstudio.engine;

import java.util.Arrays;
import java.util.Map;

import org.rnnstudio.model.UnitGroup;

/**
 * "Predict the next term": an output group whose target names an input group ({@code "next"}) has as its
 * target at step t that input's value at step t + 1, and none at the last step; the data hold the series once.
 */
final class NextTerms {

    private NextTerms() {
    }

    static void fill(Plan plan, Map<String, double[][]> inputs, Map<String, double[][]> targets) {
        for (UnitGroup g : plan.groups()) {
            if (!g.isOutput() || g.next() == null) {
                continue;
            }
            double[][] series = inputs.get(g.next());
            double[][] target = targets.get(g.id());
            for (int t = 0; t < target.length; t++) {
                if (t + 1 < series.length) {
                    System.arraycopy(series[t + 1], 0, target[t], 0, target[t].length);
                } else {
                    Arrays.fill(target[t], Double.NaN);
                }
            }
        }
    }
}
