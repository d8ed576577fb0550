package org.rnnstudio.engine.dynamics.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.rnnstudio.engine.BinaryAdder;
import org.rnnstudio.engine.Network;
import org.rnnstudio.engine.Plan;
import org.rnnstudio.engine.Sequence;
import org.rnnstudio.engine.Trainer;
import org.rnnstudio.engine.dynamics.Automaton;
import org.rnnstudio.engine.dynamics.Drive;
import org.rnnstudio.engine.dynamics.StepMap;
import org.rnnstudio.model.Initialization;
import org.rnnstudio.model.ModelFile;

/**
 * The lecture's binary adder, trained until it adds every pair of 8-bit numbers, read as a finite-state
 * machine: its hidden states fall into the four states of the lecture's automaton (no carry and write 0,
 * no carry and write 1, carry and write 0, carry and write 1), and it moves between them as the adding
 * automaton does.
 */
class AdderAutomatonTest {

    /** The adder's weights, trained as examples/binary-adder trains them, epoch by epoch until every 8-bit sum is right. */
    static Network trainedAdder(long seed) throws Exception {
        Plan plan = Plan.compile(ModelFile.read(Paths.get(System.getProperty("rnnstudio.examples", "../../examples"), "binary-adder",
                "binary-adder.rnn")).model());
        Network network = new Network(plan);
        network.initialize(Initialization.SMALL_UNIFORM, 1.0, seed);
        Trainer trainer = new Trainer(network);
        List<Sequence> training = BinaryAdder.random(6, 1000, seed, "input", "output");
        List<Sequence> check = BinaryAdder.all(8, "input", "output");
        for (int epoch = 1; epoch <= 400; epoch++) {
            Trainer.Result r = trainer.train(training, new Trainer.Settings(1, 16, 0.1, 0.9, false, seed * 1000 + epoch, 0),
                    new Trainer.Listener() { }, () -> false);
            if (r.accuracy() == 1.0 && trainer.evaluate(check, 4096)[1] == 1.0) {
                return network;
            }
        }
        throw new AssertionError("the adder did not learn to add within 400 epochs");
    }

    @Test
    void adderIsTheLecturesFourStateAutomaton() throws Exception {
        StepMap map = StepMap.of(trainedAdder(1));
        List<Drive> drives = new ArrayList<>();
        List<Integer> lengths = new ArrayList<>();
        List<long[]> pairs = new ArrayList<>();
        int bits = 5;
        for (long a = 0; a < 1 << bits; a++) {
            for (long b = 0; b < 1 << bits; b++) {
                Sequence s = BinaryAdder.sequence(a, b, bits, "input", "output");
                drives.add(Drive.of(map, s, a + "+" + b));
                // the columns only: after the last column the input is zero and the state is "no carry" anyway
                lengths.add(bits + 2);
                pairs.add(new long[] {a, b});
            }
        }
        int output = map.plan().groupIndex("output");
        Automaton machine = Automaton.extract(map, drives, lengths, output, 0.3);
        System.out.print("binary adder as an automaton: " + machine.describe());
        assertEquals(4, machine.states().size(), machine.describe());

        // what each state means, from the sums themselves: the carry after the column just read and its sum bit
        Map<Integer, Set<String>> meaning = new HashMap<>();
        for (int s = 0; s < drives.size(); s++) {
            long a = pairs.get(s)[0];
            long b = pairs.get(s)[1];
            double[] h = map.initialState();
            long carry = 0;
            for (int t = 0; t < lengths.get(s); t++) {
                double[] next = new double[map.dimension()];
                map.step(h, drives.get(s).at(t), drives.get(s).at(t - 1), next);
                h = next;
                if (t >= 1) {
                    long column = ((a >> (t - 1)) & 1) + ((b >> (t - 1)) & 1) + carry;
                    carry = column >> 1;
                    meaning.computeIfAbsent(nearest(machine, h), k -> new HashSet<>()).add("carry " + carry + ", writes " + (column & 1));
                }
            }
        }
        Set<String> all = new HashSet<>();
        for (int state = 0; state < 4; state++) {
            Set<String> m = meaning.get(state);
            assertEquals(1, m.size(), "state " + Automaton.name(state) + " means one thing, not " + m);
            all.addAll(m);
            String written = machine.states().get(state).written();
            assertTrue(m.iterator().next().endsWith("writes " + written), "state " + Automaton.name(state) + " writes what its sums give: " + m);
        }
        assertEquals(Set.of("carry 0, writes 0", "carry 0, writes 1", "carry 1, writes 0", "carry 1, writes 1"), all);

        // the transitions: from (carry c) on bits a, b to (carry (a+b+c) >= 2, writes (a+b+c) mod 2)
        Map<String, Integer> byMeaning = new HashMap<>();
        for (int state = 0; state < 4; state++) {
            byMeaning.put(meaning.get(state).iterator().next(), state);
        }
        for (int state = 0; state < 4; state++) {
            int c = meaning.get(state).iterator().next().startsWith("carry 1") ? 1 : 0;
            for (String input : List.of("00", "01", "10", "11")) {
                int column = input.charAt(0) - '0' + input.charAt(1) - '0' + c;
                int expected = byMeaning.get("carry " + (column >> 1) + ", writes " + (column & 1));
                assertEquals(expected, machine.next(state, input), "from " + Automaton.name(state) + " on " + input);
            }
        }
    }

    private static int nearest(Automaton machine, double[] h) {
        int best = -1;
        double distance = Double.POSITIVE_INFINITY;
        for (int i = 0; i < machine.states().size(); i++) {
            double d = 0;
            for (int u = 0; u < h.length; u++) {
                d = Math.max(d, Math.abs(h[u] - machine.states().get(i).centre()[u]));
            }
            if (d < distance) {
                distance = d;
                best = i;
            }
        }
        return best;
    }
}
