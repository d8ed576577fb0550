package org.rnnstudio.engine;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a network whose outputs feed back into it (an echo-state network used as a generator): over the first
 * {@code teacherSteps} steps a fed-back output is its target (teacher forcing, as the readout was fitted),
 * then the network runs freely on its own outputs.
 */
public final class FreeRunning {

    private FreeRunning() {
    }

    /** Every step's outputs of the named groups, {@code [step][unit]} per group id. */
    public static Map<String, double[][]> outputs(Network network, Sequence sequence, List<String> groupIds, int teacherSteps) {
        Plan plan = network.plan();
        Batch batch = new Batch(plan, 1, sequence.length());
        batch.fill(plan, List.of(sequence));
        Pass pass = new Pass(plan, 1, sequence.length());
        pass.forward(network, batch, teacherSteps);
        Map<String, double[][]> outputs = new HashMap<>();
        for (String id : groupIds) {
            int g = plan.groupIndex(id);
            double[][] values = new double[sequence.length()][];
            for (int t = 0; t < sequence.length(); t++) {
                values[t] = pass.output(g, t).data.clone();
            }
            outputs.put(id, values);
        }
        return outputs;
    }
}
