package org.rnnstudio.engine.dynamics;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A network driven by sequences, read as a finite-state machine: the hidden states it visits are clustered
 * (states within a radius of a cluster's centre are one state), each state writes what the output group
 * gives from it, and each step is a transition from one state to the next labelled by the input bits it
 * read. The lecture's binary adder becomes its four states: carry or no carry, and the bit it writes.
 */
public final class Automaton {

    /** One state of the machine: where its hidden states cluster, how often it was visited, what it writes. */
    public record State(double[] centre, int visits, double[] writes) {
        /** The written values rounded to bits, "1", "01". */
        public String written() {
            return bits(writes);
        }
    }

    /** From state to state on an input, seen count times. */
    public record Transition(int from, String input, int to, int count) {
    }

    private final List<State> states;
    private final List<Transition> transitions;
    private final int visits;

    private Automaton(List<State> states, List<Transition> transitions, int visits) {
        this.states = states;
        this.transitions = transitions;
        this.visits = visits;
    }

    /**
     * Runs every sequence from the network's initial state and clusters the states reached after each step
     * (not the initial state itself: it is where the machine starts, not what it learnt). outputGroup is
     * the plan index of the group whose value a state writes: its output one step after the state is reached.
     */
    public static Automaton extract(StepMap map, List<Drive> sequences, List<Integer> lengths, int outputGroup, double radius) {
        List<double[]> reached = new ArrayList<>();
        List<String> inputs = new ArrayList<>();
        List<double[]> written = new ArrayList<>();
        List<Integer> previous = new ArrayList<>();
        boolean readsNow = map.readsInputWithoutDelay();
        for (int s = 0; s < sequences.size(); s++) {
            Drive drive = sequences.get(s);
            double[] h = map.initialState();
            int before = -1;
            for (int t = 0; t < lengths.get(s); t++) {
                double[] next = new double[map.dimension()];
                map.step(h, drive.at(t), drive.at(t - 1), next);
                reached.add(next);
                inputs.add(bits(readsNow ? drive.at(t) : drive.at(t - 1)));
                written.add(map.outputs(next, drive.at(t + 1), drive.at(t))[outputGroup]);
                previous.add(before);
                before = reached.size() - 1;
                h = next;
            }
        }
        int[] cluster = cluster(reached, radius);
        int count = 0;
        for (int c : cluster) {
            count = Math.max(count, c + 1);
        }
        double[][] centres = new double[count][map.dimension()];
        double[][] writes = new double[count][];
        int[] visits = new int[count];
        for (int i = 0; i < reached.size(); i++) {
            int c = cluster[i];
            visits[c]++;
            if (writes[c] == null) {
                writes[c] = new double[written.get(i).length];
            }
            add(centres[c], reached.get(i));
            add(writes[c], written.get(i));
        }
        List<State> states = new ArrayList<>();
        for (int c = 0; c < count; c++) {
            scale(centres[c], 1.0 / visits[c]);
            scale(writes[c], 1.0 / visits[c]);
            states.add(new State(centres[c], visits[c], writes[c]));
        }
        Map<String, int[]> seen = new TreeMap<>();
        for (int i = 0; i < reached.size(); i++) {
            if (previous.get(i) >= 0) {
                String key = String.format(Locale.ROOT, "%05d %s %05d", cluster[previous.get(i)], inputs.get(i), cluster[i]);
                seen.computeIfAbsent(key, k -> new int[1])[0]++;
            }
        }
        List<Transition> transitions = new ArrayList<>();
        for (Map.Entry<String, int[]> e : seen.entrySet()) {
            String[] parts = e.getKey().split(" ");
            transitions.add(new Transition(Integer.parseInt(parts[0]), parts[1], Integer.parseInt(parts[2]), e.getValue()[0]));
        }
        return new Automaton(states, transitions, reached.size());
    }

    /**
     * Leader clustering in the max-norm (a state joins the first centre within radius, or starts a new one),
     * then each state moves to its nearest centre: a few tight clusters come out as they are, in a
     * repeatable order.
     */
    private static int[] cluster(List<double[]> points, double radius) {
        List<double[]> leaders = new ArrayList<>();
        for (double[] p : points) {
            if (leaders.stream().noneMatch(l -> Orbit.distance(l, p) <= radius)) {
                leaders.add(p);
            }
        }
        int[] cluster = new int[points.size()];
        for (int i = 0; i < points.size(); i++) {
            double best = Double.POSITIVE_INFINITY;
            for (int c = 0; c < leaders.size(); c++) {
                double d = Orbit.distance(leaders.get(c), points.get(i));
                if (d < best) {
                    best = d;
                    cluster[i] = c;
                }
            }
        }
        return cluster;
    }

    private static void add(double[] sum, double[] v) {
        for (int i = 0; i < sum.length; i++) {
            sum[i] += v[i];
        }
    }

    private static void scale(double[] v, double factor) {
        for (int i = 0; i < v.length; i++) {
            v[i] *= factor;
        }
    }

    static String bits(double[] values) {
        StringBuilder s = new StringBuilder();
        for (double v : values) {
            s.append(v >= 0.5 ? '1' : '0');
        }
        return s.toString();
    }

    public List<State> states() {
        return states;
    }

    public List<Transition> transitions() {
        return transitions;
    }

    /** The state the machine goes to from state on input, or -1 when that was never seen or not always the same. */
    public int next(int state, String input) {
        int to = -1;
        for (Transition t : transitions) {
            if (t.from() == state && t.input().equals(input)) {
                if (to >= 0) {
                    return -1;
                }
                to = t.to();
            }
        }
        return to;
    }

    /** The machine as text: its states with what they write, then its transitions, "A --01--> B writes 1". */
    public String describe() {
        StringBuilder s = new StringBuilder();
        s.append(states.size()).append(states.size() == 1 ? " state" : " states").append(" from ").append(visits).append(" steps:\n");
        for (int i = 0; i < states.size(); i++) {
            State st = states.get(i);
            s.append(String.format(Locale.ROOT, "  %s  writes %s  (%d visits)  hidden state %s%n", name(i), st.written(), st.visits(), vector(st.centre())));
        }
        s.append("transitions (input bits, then the bit the new state writes):\n");
        for (Transition t : transitions) {
            s.append(String.format(Locale.ROOT, "  %s --%s--> %s  writes %s  (%d times)%n", name(t.from()), t.input(), name(t.to()),
                    states.get(t.to()).written(), t.count()));
        }
        return s.toString();
    }

    /** A, B, ..., Z, S26, S27: short names for pictures and text. */
    public static String name(int state) {
        return state < 26 ? String.valueOf((char) ('A' + state)) : "S" + state;
    }

    private static String vector(double[] v) {
        StringBuilder s = new StringBuilder("(");
        for (int i = 0; i < v.length; i++) {
            s.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.2f", v[i]));
        }
        return s.append(')').toString();
    }
}
