package org.rnnstudio.engine;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.rnnstudio.model.CellExpansion;
import org.rnnstudio.model.Connection;
import org.rnnstudio.model.Diagnostic;
import org.rnnstudio.model.Model;
import org.rnnstudio.model.ModelFile;
import org.rnnstudio.model.UnitGroup;
import org.rnnstudio.model.Validator;

/**
 * What a valid model computes in one time step: the groups in an order where every group comes after the
 * groups it reads at the same step, each group's incoming wires (a connection with its delay and weights),
 * and the parameter sets to learn. {@link #unroll(int)} lists the same plan over T steps.
 */
public final class Plan {

    /** One learned (or frozen) array of numbers. Shared connections point at the same instance. */
    public static final class ParameterSet {
        public enum Kind {
            /** a from.size x to.size matrix of a full connection */
            MATRIX,
            /** the 1 x n diagonal of a one-to-one connection */
            DIAGONAL,
            /** a group's 1 x n biases */
            BIAS,
            /** a group's 1 x n learned initial state */
            INITIAL_STATE
        }

        private final String name;
        private final Kind kind;
        private final int rows;
        private final int cols;
        private final boolean trainable;
        private final int index;

        ParameterSet(String name, Kind kind, int rows, int cols, boolean trainable, int index) {
            this.name = name;
            this.kind = kind;
            this.rows = rows;
            this.cols = cols;
            this.trainable = trainable;
            this.index = index;
        }

        /** "connection:ID", "shared:NAME", "bias:GROUP" or "initial:GROUP": the key in a weights file. */
        public String name() {
            return name;
        }

        public Kind kind() {
            return kind;
        }

        public int rows() {
            return rows;
        }

        public int cols() {
            return cols;
        }

        public int size() {
            return rows * cols;
        }

        public boolean trainable() {
            return trainable;
        }

        /** Position in {@link Plan#parameters()}. */
        public int index() {
            return index;
        }

        @Override
        public String toString() {
            return name + " (" + rows + "x" + cols + ")";
        }
    }

    /** A connection as the engine runs it: where it reads, how far back (or, reversed, ahead), through which weights. */
    public record Wire(Connection connection, int fromGroup, int toGroup, int delay, Connection.Kind kind, ParameterSet weights) {

        /** Whether the wire reads the future, step t + delay. */
        public boolean reverse() {
            return connection.reverse() && delay > 0;
        }

        /** The step it reads at step t: t - delay, or t + delay reversed. */
        public int sourceStep(int t) {
            return reverse() ? t + delay : t - delay;
        }
    }

    private final Model model;
    private final Model source;
    private final List<UnitGroup> groups;
    private final Map<String, Integer> groupIndex = new HashMap<>();
    private final List<List<Wire>> incoming = new ArrayList<>();
    private final List<ParameterSet> parameters = new ArrayList<>();
    private final ParameterSet[] bias;
    private final ParameterSet[] initialState;
    private final int[] maxDelayRead;
    private final boolean[] readFromFuture;
    private final int[] phase;
    private final int phases;
    private final String structureHash;

    private Plan(Model source, Model model, List<UnitGroup> order) throws InvalidModelException {
        this.source = source;
        this.model = model;
        this.groups = List.copyOf(order);
        int n = groups.size();
        bias = new ParameterSet[n];
        initialState = new ParameterSet[n];
        maxDelayRead = new int[n];
        readFromFuture = new boolean[n];
        for (int i = 0; i < n; i++) {
            groupIndex.put(groups.get(i).id(), i);
            incoming.add(new ArrayList<>());
        }
        Map<String, ParameterSet> byKey = new LinkedHashMap<>();
        for (Connection c : model.connections()) {
            int from = groupIndex.get(c.from());
            int to = groupIndex.get(c.to());
            ParameterSet weights = null;
            if (c.kind().hasWeights()) {
                String key = c.sharedWeights() != null ? "shared:" + c.sharedWeights() : "connection:" + c.id();
                weights = byKey.get(key);
                if (weights == null) {
                    UnitGroup target = groups.get(to);
                    weights = c.kind() == Connection.Kind.FULL
                            ? add(key, ParameterSet.Kind.MATRIX, groups.get(from).size(), target.size(), c.trainable())
                            : add(key, ParameterSet.Kind.DIAGONAL, 1, target.size(), c.trainable());
                    byKey.put(key, weights);
                }
            }
            incoming.get(to).add(new Wire(c, from, to, c.delay(), c.kind(), weights));
            maxDelayRead[from] = Math.max(maxDelayRead[from], c.delay());
            readFromFuture[from] |= c.reverse() && c.delay() > 0;
        }
        phase = phases(model);
        int last = 0;
        for (int p : phase) {
            last = Math.max(last, p);
        }
        phases = last + 1;
        for (int i = 0; i < n; i++) {
            UnitGroup g = groups.get(i);
            if (g.isInput()) {
                continue;
            }
            if (g.bias()) {
                bias[i] = add("bias:" + g.id(), ParameterSet.Kind.BIAS, 1, g.size(), !g.fixedBias());
            }
            if (g.initialState() == UnitGroup.InitialStateKind.LEARNED && maxDelayRead[i] > 0) {
                initialState[i] = add("initial:" + g.id(), ParameterSet.Kind.INITIAL_STATE, 1, g.size(), true);
            }
        }
        structureHash = hash(model);
    }

    private ParameterSet add(String name, ParameterSet.Kind kind, int rows, int cols, boolean trainable) {
        ParameterSet p = new ParameterSet(name, kind, rows, cols, trainable, parameters.size());
        parameters.add(p);
        return p;
    }

    /**
     * Runs over time in phases, even ones from the first step to the last, odd ones from the last to the first: a
     * group reading the future (a reversed delayed wire) runs in an odd phase, one reading the past in an even
     * one, and every group comes in a phase no earlier than its sources, later when a source runs the other way
     * and is read across time. Input groups are clamped before any phase. Most models have one phase.
     */
    private int[] phases(Model original) throws InvalidModelException {
        int n = groups.size();
        Boolean[] reversed = new Boolean[n];
        for (int g = 0; g < n; g++) {
            for (Wire w : incoming.get(g)) {
                if (w.delay() == 0) {
                    continue;
                }
                if (reversed[g] != null && reversed[g] != w.reverse()) {
                    throw new InvalidModelException(List.of(Diagnostic.error(groups.get(g).id(), "the group '" + groups.get(g).id()
                            + "' reads both the past and the future through delayed connections (one is '" + w.connection().id()
                            + "'): a group runs one way through time; split it into a forward and a reversed group")));
                }
                reversed[g] = w.reverse();
            }
        }
        int[] at = new int[n];
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int g = 0; g < n; g++) {
                if (groups.get(g).isInput()) {
                    continue;
                }
                int p = 0;
                for (Wire w : incoming.get(g)) {
                    if (groups.get(w.fromGroup()).isInput()) {
                        continue;
                    }
                    int source = at[w.fromGroup()];
                    boolean sameWay = w.delay() == 0 || (source % 2 == 1) == w.reverse();
                    p = Math.max(p, sameWay ? source : source + 1);
                }
                if (reversed[g] != null && (p % 2 == 1) != reversed[g]) {
                    p++;
                }
                if (p != at[g]) {
                    if (p > 2 * n + 1) {
                        throw new InvalidModelException(List.of(Diagnostic.error(groups.get(g).id(), "the group '" + groups.get(g).id()
                                + "' is on a loop that reads the past one way and the future the other: no order through time computes it")));
                    }
                    at[g] = p;
                    changed = true;
                }
            }
        }
        return at;
    }

    /** Validates and compiles; a model with errors gives an exception carrying all diagnostics. */
    public static Plan compile(Model model) throws InvalidModelException {
        if (model.kind() != Model.Kind.NETWORK) {
            throw new InvalidModelException(List.of(Diagnostic.error(null, "a model of kind " + ModelFile.fileName(model.kind())
                    + " is not a network of unit groups: it runs by its own inference (org.rnnstudio.engine.lds, org.rnnstudio.engine.hmm)")));
        }
        List<Diagnostic> diagnostics = Validator.validate(model);
        if (Validator.hasErrors(diagnostics)) {
            throw new InvalidModelException(diagnostics);
        }
        Model primitives = CellExpansion.expand(model);
        return new Plan(model, primitives, order(primitives));
    }

    /**
     * Inputs first, then every group after the groups it reads through undelayed connections (Kahn's
     * algorithm; ties keep the file's order so that the plan is the same on every machine).
     */
    private static List<UnitGroup> order(Model model) throws InvalidModelException {
        Map<String, Integer> waiting = new HashMap<>();
        Map<String, List<String>> readers = new HashMap<>();
        for (UnitGroup g : model.groups()) {
            waiting.put(g.id(), 0);
        }
        for (Connection c : model.connections()) {
            if (c.delay() == 0) {
                waiting.merge(c.to(), 1, Integer::sum);
                readers.computeIfAbsent(c.from(), k -> new ArrayList<>()).add(c.to());
            }
        }
        List<UnitGroup> order = new ArrayList<>();
        Set<String> placed = new HashSet<>();
        for (UnitGroup g : model.groups()) {
            if (g.isInput()) {
                order.add(g);
                placed.add(g.id());
            }
        }
        for (UnitGroup g : model.groups()) {
            if (g.isInput()) {
                for (String r : readers.getOrDefault(g.id(), List.of())) {
                    waiting.merge(r, -1, Integer::sum);
                }
            }
        }
        while (order.size() < model.groups().size()) {
            UnitGroup next = null;
            for (UnitGroup g : model.groups()) {
                if (!placed.contains(g.id()) && waiting.get(g.id()) == 0) {
                    next = g;
                    break;
                }
            }
            if (next == null) {
                throw cycle(model, placed);
            }
            order.add(next);
            placed.add(next.id());
            for (String r : readers.getOrDefault(next.id(), List.of())) {
                waiting.merge(r, -1, Integer::sum);
            }
        }
        return order;
    }

    /** The validator refuses cycles without a delay; one that reaches the plan anyway is named, not looped on forever. */
    private static InvalidModelException cycle(Model model, Set<String> placed) {
        List<String> stuck = new ArrayList<>();
        for (UnitGroup g : model.groups()) {
            if (!placed.contains(g.id())) {
                stuck.add("'" + g.id() + "'");
            }
        }
        return new InvalidModelException(List.of(Diagnostic.error(null, (stuck.size() == 1 ? "the group " : "the groups ") + String.join(", ", stuck)
                + " cannot be put in an order: a cycle with no delay runs through or before them")));
    }

    /**
     * A fingerprint of everything that decides the shapes and meaning of the weights (groups with their sizes,
     * activations and combine modes, connections with their kinds, delays and sharing) and nothing else
     * (names, notes, layout, targets): weights trained for one
     * structure are refused by another.
     */
    private static String hash(Model model) {
        StringBuilder text = new StringBuilder();
        for (UnitGroup g : model.groups()) {
            text.append("group ").append(g.id()).append(' ').append(ModelFile.fileName(g.role())).append(' ').append(g.size())
                    .append(' ').append(g.bias()).append(' ').append(ModelFile.fileName(g.initialState())).append(' ')
                    .append(ModelFile.fileName(g.activation())).append(' ').append(ModelFile.fileName(g.combine())).append('\n');
        }
        for (Connection c : model.connections()) {
            text.append("connection ").append(c.id()).append(' ').append(c.from()).append(' ').append(c.to()).append(' ')
                    .append(ModelFile.fileName(c.kind())).append(' ').append(c.delay()).append(' ').append(c.sharedWeights()).append(' ')
                    .append(c.scale()).append(c.reverse() ? " reverse" : "").append('\n');
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder();
            for (int i = 0; i < 12; i++) {
                hex.append(String.format("%02x", digest[i]));
            }
            return hex.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    /** The model as compiled, its cells whole: what a reservoir's settings are read from. */
    public Model source() {
        return source;
    }

    /** The model the plan runs: the compiled model with its cells expanded into their parts. */
    public Model model() {
        return model;
    }

    /** The groups in execution order within one step. */
    public List<UnitGroup> groups() {
        return groups;
    }

    public int groupIndex(String id) {
        Integer i = groupIndex.get(id);
        if (i == null) {
            throw new IllegalArgumentException("no group '" + id + "' in this model");
        }
        return i;
    }

    public List<Wire> incoming(int group) {
        return incoming.get(group);
    }

    public List<ParameterSet> parameters() {
        return parameters;
    }

    public ParameterSet bias(int group) {
        return bias[group];
    }

    public ParameterSet initialState(int group) {
        return initialState[group];
    }

    /** How many phases the pass runs over time (1 for a model that only reads the past). */
    public int phases() {
        return phases;
    }

    /** The phase of a group (0 for input groups, which are clamped before all others). */
    public int phase(int group) {
        return phase[group];
    }

    /** Whether phase p runs from the last step to the first. */
    public static boolean reversed(int p) {
        return p % 2 == 1;
    }

    /** Whether a reversed wire reads this group: its rows after a sequence's end then hold the initial state. */
    public boolean readFromFuture(int group) {
        return readFromFuture[group];
    }

    /** The largest delay through which this group is read (0 = never read from the past). */
    public int maxDelayRead(int group) {
        return maxDelayRead[group];
    }

    public String structureHash() {
        return structureHash;
    }

    // --- unrolling ---------------------------------------------------------------------------------------

    /**
     * A group at one time step; steps before 0 are the group's initial state, and so are steps after the last one
     * for a group that a reversed wire reads (see {@link Unrolled#isInitialState}).
     */
    public record Node(String groupId, int step) {
        public boolean isInitialState() {
            return step < 0;
        }
    }

    /** A connection carrying a group's output at one step to another group at the same or a later step (an earlier one, reversed). */
    public record Edge(String connectionId, Node from, Node to, String weights) {
    }

    /** The plan over T steps, as the engine computes it: nodes in computation order, and their edges. */
    public record Unrolled(int steps, List<Node> nodes, List<Edge> edges) {

        /** Whether the node stands for an initial state, before step 0 or, read through a reversed wire, after the last step. */
        public boolean isInitialState(Node node) {
            return node.step() < 0 || node.step() >= steps;
        }
    }

    public Unrolled unroll(int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("unroll over at least one step, not " + steps);
        }
        List<Node> nodes = new ArrayList<>();
        List<Edge> edges = new ArrayList<>();
        Set<Node> initial = new HashSet<>();
        for (int p = 0; p < phases; p++) {
            for (int i = 0; i < steps; i++) {
                int t = reversed(p) ? steps - 1 - i : i;
                for (int g = 0; g < groups.size(); g++) {
                    if (phase[g] != p) {
                        continue;
                    }
                    Node to = new Node(groups.get(g).id(), t);
                    for (Wire w : incoming.get(g)) {
                        int s = w.sourceStep(t);
                        Node from = new Node(groups.get(w.fromGroup()).id(), s);
                        if ((s < 0 || s >= steps) && initial.add(from)) {
                            nodes.add(from);
                        }
                        edges.add(new Edge(w.connection().id(), from, to, w.weights() == null ? null : w.weights().name()));
                    }
                    nodes.add(to);
                }
            }
        }
        return new Unrolled(steps, nodes, edges);
    }
}
