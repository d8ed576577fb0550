package org.rnnstudio.engine.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.rnnstudio.engine.Network;
import org.rnnstudio.engine.Plan;
import org.rnnstudio.engine.Sequence;
import org.rnnstudio.engine.Stepper;
import org.rnnstudio.engine.Trainer;
import org.rnnstudio.model.Initialization;
import org.rnnstudio.model.ModelFile;

/** A network run one step at a time, its state carried, gives the outputs of one pass over the whole sequence. */
class StepperTest {

    private static final double TOLERANCE = 1e-12;

    /** The character model's shape: one-hot in, an LSTM cell, a softmax over the same characters. */
    @Test
    void anLstmSteppedGivesTheWholePassesOutputs() throws Exception {
        Plan plan = Plan.compile(ModelFile.read("{\"format\": \"rnnstudio-model/1\", \"groups\": ["
                + "{\"id\": \"chars\", \"role\": \"input\", \"size\": 6},"
                + "{\"id\": \"next\", \"role\": \"output\", \"size\": 6, \"activation\": \"softmax\", \"target\": {\"loss\": \"cross-entropy\"}}],"
                + "\"cells\": [{\"id\": \"memory\", \"kind\": \"lstm\", \"size\": 40}],"
                + "\"connections\": [{\"id\": \"a\", \"from\": \"chars\", \"to\": \"memory\"}, {\"id\": \"b\", \"from\": \"memory\", \"to\": \"next\"}]}").model());
        assertSteppingAgrees(plan, "chars", List.of("next", "memory.cell", "memory.h"), 60);
    }

    /**
     * Delays of 1 and 3, a product group, a learned and a fixed initial state and an input given at the first
     * step only: what the stepper carries is every delayed group's last outputs, not only the last one.
     */
    @Test
    void longerDelaysProductsAndInitialStatesAreCarried() throws Exception {
        Plan plan = Plan.compile(ModelFile.read("{\"format\": \"rnnstudio-model/1\", \"groups\": ["
                + "{\"id\": \"in\", \"role\": \"input\", \"size\": 3},"
                + "{\"id\": \"cue\", \"role\": \"input\", \"size\": 2, \"input\": {\"schedule\": \"first-step\"}},"
                + "{\"id\": \"h\", \"size\": 5, \"activation\": \"tanh\", \"initialState\": {\"kind\": \"learned\"}},"
                + "{\"id\": \"g\", \"size\": 5, \"combine\": \"product\", \"initialState\": {\"kind\": \"fixed\", \"values\": [0.1, 0.2, 0.3, 0.4, 0.5]}},"
                + "{\"id\": \"out\", \"role\": \"output\", \"size\": 2, \"activation\": \"linear\"}],"
                + "\"connections\": [{\"id\": \"in-h\", \"from\": \"in\", \"to\": \"h\"}, {\"id\": \"cue-h\", \"from\": \"cue\", \"to\": \"h\"},"
                + "{\"id\": \"h-h\", \"from\": \"h\", \"to\": \"h\", \"delay\": 1}, {\"id\": \"h-h3\", \"from\": \"h\", \"to\": \"h\", \"delay\": 3},"
                + "{\"id\": \"h-g\", \"from\": \"h\", \"to\": \"g\"}, {\"id\": \"g-g\", \"from\": \"g\", \"to\": \"g\", \"delay\": 2, \"kind\": \"one-to-one\"},"
                + "{\"id\": \"g-out\", \"from\": \"g\", \"to\": \"out\"}, {\"id\": \"in-out\", \"from\": \"in\", \"to\": \"out\", \"delay\": 2}]}").model());
        assertSteppingAgrees(plan, "in", List.of("out", "h", "g"), 25);
        assertSteppingAgrees(plan, "cue", List.of("out", "h", "g"), 25);
    }

    /** Random weights (biases and initial states too), random one-hot inputs; every step's outputs compared. */
    private static void assertSteppingAgrees(Plan plan, String inputGroup, List<String> observed, int steps) {
        Network network = new Network(plan);
        network.initialize(Initialization.GLOROT, 1, 7);
        Random random = new Random(11);
        for (Plan.ParameterSet p : plan.parameters()) {
            if (p.kind() != Plan.ParameterSet.Kind.MATRIX) {
                for (int i = 0; i < p.size(); i++) {
                    network.value(p).data[i] = random.nextGaussian() * 0.5;
                }
            }
        }
        int units = plan.groups().get(plan.groupIndex(inputGroup)).size();
        double[][] inputs = new double[steps][units];
        for (double[] row : inputs) {
            row[random.nextInt(units)] = 1;
        }
        Map<String, double[][]> whole = new Trainer(network).outputs(sequence(plan, inputGroup, inputs), observed);
        Stepper stepper = new Stepper(network);
        for (int t = 0; t < steps; t++) {
            stepper.step(inputGroup, inputs[t]);
            for (String id : observed) {
                double[] expected = whole.get(id)[t];
                double[] actual = stepper.output(id);
                for (int u = 0; u < expected.length; u++) {
                    assertEquals(expected[u], actual[u], TOLERANCE, id + " unit " + u + " at step " + t);
                }
            }
        }
        assertEquals(steps, stepper.steps());
    }

    /** The inputs for one group; every other input group gets zeros, as the stepper gives them. */
    private static Sequence sequence(Plan plan, String inputGroup, double[][] inputs) {
        Map<String, double[][]> in = new java.util.HashMap<>();
        for (var g : plan.groups()) {
            if (g.isInput()) {
                in.put(g.id(), g.id().equals(inputGroup) ? inputs : new double[inputs.length][g.size()]);
            }
        }
        return new Sequence(inputs.length, in, Map.of());
    }
}
