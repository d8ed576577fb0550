package org.rnnstudio.model;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a model before anything is allocated for it. Returns diagnostics, never throws: the editor shows
 * them as markers and the command line prints them.
 */
public final class Validator {

    /** A group larger than this is a typo, not a model (and would take gigabytes per step). */
    public static final int MAX_GROUP_SIZE = 1_000_000;
    /** 50 million doubles are 400 MB of weights, and as much again for gradients and momentum each. */
    public static final long MAX_PARAMETERS = 50_000_000L;
    public static final int MAX_DELAY = 1_000;

    private Validator() {
    }

    public static List<Diagnostic> validate(Model model) {
        if (model.kind() != Model.Kind.NETWORK || model.lds() != null || model.hmm() != null) {
            List<Diagnostic> out = new ArrayList<>();
            HiddenStateValidator.validate(model, out);
            return out;
        }
        if (model.cells().isEmpty()) {
            return validatePrimitives(model);
        }
        List<Diagnostic> out = new ArrayList<>();
        checkCells(model, out);
        if (hasErrors(out)) {
            return out;
        }
        // a cell is checked as the parts it expands to; what is found is reported on the cell or connection
        Set<String> seen = new HashSet<>();
        for (Diagnostic d : validatePrimitives(CellExpansion.expand(model))) {
            String id = CellExpansion.originalId(model, d.elementId());
            if (seen.add(id + d.severity() + d.message())) {
                out.add(new Diagnostic(d.severity(), id, d.message(), d.line(), d.column()));
            }
        }
        return out;
    }

    private static void checkCells(Model model, List<Diagnostic> out) {
        Set<String> ids = new HashSet<>();
        for (UnitGroup g : model.groups()) {
            ids.add(g.id());
        }
        for (Connection c : model.connections()) {
            ids.add(c.id());
        }
        for (Cell cell : model.cells()) {
            if (!ids.add(cell.id())) {
                out.add(Diagnostic.error(cell.id(), "the id '" + cell.id() + "' is used by more than one element"));
            }
            if (cell.id().contains(".")) {
                out.add(Diagnostic.error(cell.id(), "a cell's id cannot contain '.', which names its parts"));
            }
            if (cell.size() <= 0 || cell.size() > MAX_GROUP_SIZE) {
                out.add(Diagnostic.error(cell.id(), "size " + cell.size() + ": a cell has 1 to " + MAX_GROUP_SIZE + " units"));
            }
            if (cell.kind() == Cell.Kind.ELMAN && cell.activation() != Activation.TANH && cell.activation() != Activation.RELU
                    && cell.activation() != Activation.LOGISTIC) {
                out.add(Diagnostic.error(cell.id(), "an Elman layer is tanh, relu or logistic, not " + ModelFile.fileName(cell.activation())));
            }
            if (cell.peepholes() && cell.kind() != Cell.Kind.LSTM) {
                out.add(Diagnostic.error(cell.id(), "only an LSTM cell has peepholes"));
            }
            if (cell.initialState() == UnitGroup.InitialStateKind.FIXED) {
                out.add(Diagnostic.error(cell.id(), "a cell's initial state is zero or learned"));
            }
            if (cell.kind() == Cell.Kind.RESERVOIR) {
                checkReservoir(cell, out);
            }
        }
        for (Connection c : model.connections()) {
            if (model.cell(c.to()) != null && c.kind() != Connection.Kind.FULL) {
                out.add(Diagnostic.error(c.id(), "a connection into cell '" + c.to() + "' feeds each of its gates through its own weights: "
                        + "it must be full, not " + ModelFile.fileName(c.kind())));
            }
        }
    }

    private static void checkReservoir(Cell cell, List<Diagnostic> out) {
        if (cell.initialState() != UnitGroup.InitialStateKind.ZERO) {
            out.add(Diagnostic.error(cell.id(), "a reservoir learns nothing: its initial state is zero"));
        }
        if (!(cell.spectralRadius() >= 0 && cell.spectralRadius() < 1e6)) {
            out.add(Diagnostic.error(cell.id(), "spectral radius " + cell.spectralRadius() + ": it is 0 or more (about 1 or a little below keeps echoes fading)"));
        }
        if (!(cell.connectivity() > 0 && cell.connectivity() <= 1)) {
            out.add(Diagnostic.error(cell.id(), "connectivity " + cell.connectivity() + ": the fraction of recurrent weights that are not zero is above 0 and at most 1"));
        }
        if (!(cell.inputScaling() >= 0 && cell.inputScaling() < 1e6) || !(cell.biasScaling() >= 0 && cell.biasScaling() < 1e6)) {
            out.add(Diagnostic.error(cell.id(), "input and bias scalings are 0 or more"));
        }
        if (!(cell.leakRate() > 0 && cell.leakRate() <= 1)) {
            out.add(Diagnostic.error(cell.id(), "leak rate " + cell.leakRate() + ": it is above 0 and at most 1 (1: no leaky integration)"));
        }
    }

    private static List<Diagnostic> validatePrimitives(Model model) {
        List<Diagnostic> out = new ArrayList<>();
        Map<String, UnitGroup> groups = new HashMap<>();
        Set<String> ids = new HashSet<>();
        for (UnitGroup g : model.groups()) {
            if (!ids.add(g.id())) {
                out.add(Diagnostic.error(g.id(), "the id '" + g.id() + "' is used by more than one element"));
            }
            groups.putIfAbsent(g.id(), g);
            checkGroup(g, out);
        }
        for (Connection c : model.connections()) {
            if (!ids.add(c.id())) {
                out.add(Diagnostic.error(c.id(), "the id '" + c.id() + "' is used by more than one element"));
            }
        }
        List<Connection> wired = new ArrayList<>();
        for (Connection c : model.connections()) {
            if (checkConnection(c, groups, out)) {
                wired.add(c);
            }
        }
        checkNextTerms(model, groups, out);
        checkSharedWeights(wired, groups, out);
        checkParameterCount(model, wired, groups, out);
        checkCycles(model, wired, out);
        checkRoles(model, wired, out);
        return out;
    }

    /** An output that predicts the next term of an input reads an input group of its own size. */
    private static void checkNextTerms(Model model, Map<String, UnitGroup> groups, List<Diagnostic> out) {
        for (UnitGroup g : model.groups()) {
            if (g.next() == null) {
                continue;
            }
            UnitGroup input = groups.get(g.next());
            if (input == null || !input.isInput()) {
                out.add(Diagnostic.error(g.id(), "the target \"next\" names '" + g.next() + "', which is not an input group"));
            } else if (input.size() != g.size()) {
                out.add(Diagnostic.error(g.id(), "the target is the next term of '" + input.id() + "' (" + input.size() + " units), but this group has "
                        + g.size()));
            }
        }
    }

    public static boolean hasErrors(List<Diagnostic> diagnostics) {
        return diagnostics.stream().anyMatch(Diagnostic::isError);
    }

    private static void checkGroup(UnitGroup g, List<Diagnostic> out) {
        if (g.size() <= 0) {
            out.add(Diagnostic.error(g.id(), "size is " + g.size() + "; a group has at least one unit"));
            return;
        }
        if (g.size() > MAX_GROUP_SIZE) {
            out.add(Diagnostic.error(g.id(), "size " + g.size() + " is more than the limit of " + MAX_GROUP_SIZE + " units"));
            return;
        }
        if (g.units() != null) {
            for (int u : g.units()) {
                if (u < 0 || u >= g.size()) {
                    out.add(Diagnostic.error(g.id(), "unit " + u + " is not in this group (units 0 to " + (g.size() - 1) + ")"));
                }
            }
        }
        if (g.isInput()) {
            return;
        }
        double[] values = g.initialValues();
        if (values != null && values.length != g.size()) {
            out.add(Diagnostic.error(g.id(), "the initial state has " + values.length + " values for " + g.size() + " units"));
        }
        if (g.initialState() == UnitGroup.InitialStateKind.FIXED && values == null) {
            out.add(Diagnostic.error(g.id(), "a fixed initial state needs \"values\", one per unit"));
        }
        if (g.isOutput()) {
            if (g.targetSchedule() == UnitGroup.TargetSchedule.LAST_STEPS && g.targetSteps() < 1) {
                out.add(Diagnostic.error(g.id(), "targets on the last " + g.targetSteps() + " steps: the number of steps must be 1 or more"));
            }
            if (g.loss() == UnitGroup.Loss.CROSS_ENTROPY && g.activation() != Activation.SOFTMAX) {
                out.add(Diagnostic.error(g.id(), "cross-entropy is the loss of softmax outputs; this group is " + ModelFile.fileName(g.activation())));
            }
            if (g.loss() == UnitGroup.Loss.CTC && g.activation() != Activation.SOFTMAX) {
                out.add(Diagnostic.error(g.id(), "ctc is the loss of softmax outputs (unit 0 the blank); this group is " + ModelFile.fileName(g.activation())));
            }
            if (g.loss() == UnitGroup.Loss.CTC && g.size() < 2) {
                out.add(Diagnostic.error(g.id(), "a ctc output needs the blank (unit 0) and at least one label class"));
            }
            if (g.loss() == UnitGroup.Loss.LOGISTIC_CROSS_ENTROPY && g.activation() != Activation.LOGISTIC) {
                out.add(Diagnostic.error(g.id(), "logistic cross-entropy is the loss of logistic outputs; this group is " + ModelFile.fileName(g.activation())));
            }
        }
    }

    /** Returns whether the connection joins two known groups and can be used by the later checks. */
    private static boolean checkConnection(Connection c, Map<String, UnitGroup> groups, List<Diagnostic> out) {
        UnitGroup from = groups.get(c.from());
        UnitGroup to = groups.get(c.to());
        if (c.from() != null && from == null) {
            out.add(Diagnostic.error(c.id(), "connection comes from '" + c.from() + "', which is not a group of this model"));
        }
        if (c.to() != null && to == null) {
            out.add(Diagnostic.error(c.id(), "connection goes to '" + c.to() + "', which is not a group of this model"));
        }
        if (c.scale() != 1 && c.kind() != Connection.Kind.IDENTITY) {
            out.add(Diagnostic.error(c.id(), "only an identity connection has a fixed scale; a " + ModelFile.fileName(c.kind())
                    + " connection learns its weights"));
        }
        if (c.delay() < 0) {
            out.add(Diagnostic.error(c.id(), "delay " + c.delay() + ": a connection can only reach back in time (delay 0 or more)"));
        } else if (c.delay() > MAX_DELAY) {
            out.add(Diagnostic.error(c.id(), "delay " + c.delay() + " is more than the limit of " + MAX_DELAY + " steps"));
        } else if (c.reverse() && c.delay() == 0) {
            out.add(Diagnostic.warning(c.id(), "reverse has no effect on a connection without a delay: it reads the same step"));
        }
        if (from == null || to == null) {
            return false;
        }
        if (to.isInput()) {
            out.add(Diagnostic.error(c.id(), "connection goes into input group '" + to.id() + "'; input groups are set by the data"));
            return false;
        }
        if (c.kind() != Connection.Kind.FULL && from.size() != to.size() && from.size() > 0 && to.size() > 0) {
            String what = to.combine() == UnitGroup.Combine.PRODUCT
                    ? "product group '" + to.id() + "' multiplies inputs of unequal size: "
                    : "a " + ModelFile.fileName(c.kind()) + " connection joins groups of the same size: ";
            out.add(Diagnostic.error(c.id(), what + "'" + from.id() + "' has " + from.size() + " units, '" + to.id() + "' has " + to.size()));
            return false;
        }
        return from.size() > 0 && to.size() > 0;
    }

    private static void checkSharedWeights(List<Connection> wired, Map<String, UnitGroup> groups, List<Diagnostic> out) {
        Map<String, Connection> first = new LinkedHashMap<>();
        for (Connection c : wired) {
            if (c.sharedWeights() == null) {
                continue;
            }
            if (!c.kind().hasWeights()) {
                out.add(Diagnostic.error(c.id(), "an identity connection has no weights to share (shared group '" + c.sharedWeights() + "')"));
                continue;
            }
            Connection other = first.putIfAbsent(c.sharedWeights(), c);
            if (other == null) {
                continue;
            }
            int[] shape = shape(c, groups);
            int[] otherShape = shape(other, groups);
            if (c.kind() != other.kind() || shape[0] != otherShape[0] || shape[1] != otherShape[1]) {
                out.add(Diagnostic.error(c.id(), "shares weights '" + c.sharedWeights() + "' with '" + other.id() + "', but its weights are "
                        + describe(c.kind(), shape) + " and those of '" + other.id() + "' are " + describe(other.kind(), otherShape)));
            }
            if (c.trainable() != other.trainable()) {
                out.add(Diagnostic.error(c.id(), "shares weights '" + c.sharedWeights() + "' with '" + other.id() + "', but one is trainable and the other frozen"));
            }
        }
    }

    private static int[] shape(Connection c, Map<String, UnitGroup> groups) {
        return new int[] {groups.get(c.from()).size(), groups.get(c.to()).size()};
    }

    private static String describe(Connection.Kind kind, int[] shape) {
        return kind == Connection.Kind.FULL ? "a " + shape[0] + "x" + shape[1] + " matrix" : "a diagonal of " + shape[1];
    }

    private static void checkParameterCount(Model model, List<Connection> wired, Map<String, UnitGroup> groups, List<Diagnostic> out) {
        long total = 0;
        Set<String> counted = new HashSet<>();
        for (Connection c : wired) {
            if (c.kind().hasWeights() && counted.add(c.weightKey())) {
                long from = groups.get(c.from()).size();
                long to = groups.get(c.to()).size();
                total += c.kind() == Connection.Kind.FULL ? from * to : to;
            }
        }
        for (UnitGroup g : model.groups()) {
            if (!g.isInput() && g.size() > 0 && g.size() <= MAX_GROUP_SIZE) {
                total += (g.bias() ? g.size() : 0) + (g.initialState() == UnitGroup.InitialStateKind.LEARNED ? g.size() : 0);
            }
        }
        if (total > MAX_PARAMETERS) {
            out.add(Diagnostic.error(null, "the model has " + total + " parameters, more than the limit of " + MAX_PARAMETERS
                    + "; make the largest groups smaller"));
        }
    }

    /** Every cycle must pass through a delayed connection: otherwise a step would need its own result. */
    private static void checkCycles(Model model, List<Connection> wired, List<Diagnostic> out) {
        Map<String, List<Connection>> next = new HashMap<>();
        for (Connection c : wired) {
            if (c.delay() == 0) {
                next.computeIfAbsent(c.from(), k -> new ArrayList<>()).add(c);
            }
        }
        for (List<String> component : stronglyConnected(model, next)) {
            Set<String> inside = new HashSet<>(component);
            List<String> connections = new ArrayList<>();
            for (String id : component) {
                for (Connection c : next.getOrDefault(id, List.of())) {
                    if (inside.contains(c.to())) {
                        connections.add(c.id());
                    }
                }
            }
            boolean cycle = component.size() > 1 || !connections.isEmpty();
            if (cycle) {
                out.add(Diagnostic.error(connections.get(0), "cycle with no delay through groups " + quoted(component)
                        + " and connections " + quoted(connections) + ": give one of these connections a delay of 1 or more"));
            }
        }
    }

    /** Tarjan's algorithm, iterative so that a long chain of groups cannot overflow the stack. */
    private static List<List<String>> stronglyConnected(Model model, Map<String, List<Connection>> next) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new HashSet<>();
        List<List<String>> components = new ArrayList<>();
        int counter = 0;
        for (UnitGroup start : model.groups()) {
            if (index.containsKey(start.id())) {
                continue;
            }
            Deque<String[]> work = new ArrayDeque<>();
            Deque<Integer> position = new ArrayDeque<>();
            work.push(new String[] {start.id()});
            position.push(0);
            index.put(start.id(), counter);
            low.put(start.id(), counter++);
            stack.push(start.id());
            onStack.add(start.id());
            while (!work.isEmpty()) {
                String v = work.peek()[0];
                int i = position.pop();
                List<Connection> edges = next.getOrDefault(v, List.of());
                if (i < edges.size()) {
                    position.push(i + 1);
                    String w = edges.get(i).to();
                    if (!index.containsKey(w)) {
                        index.put(w, counter);
                        low.put(w, counter++);
                        stack.push(w);
                        onStack.add(w);
                        work.push(new String[] {w});
                        position.push(0);
                    } else if (onStack.contains(w)) {
                        low.put(v, Math.min(low.get(v), index.get(w)));
                    }
                    continue;
                }
                work.pop();
                if (!work.isEmpty()) {
                    String parent = work.peek()[0];
                    low.put(parent, Math.min(low.get(parent), low.get(v)));
                }
                if (low.get(v).equals(index.get(v))) {
                    List<String> component = new ArrayList<>();
                    String w;
                    do {
                        w = stack.pop();
                        onStack.remove(w);
                        component.add(0, w);
                    } while (!w.equals(v));
                    components.add(component);
                }
            }
        }
        return components;
    }

    private static void checkRoles(Model model, List<Connection> wired, List<Diagnostic> out) {
        Set<String> read = new HashSet<>();
        Map<String, Integer> incoming = new HashMap<>();
        Set<String> readWithDelay = new HashSet<>();
        for (Connection c : wired) {
            read.add(c.from());
            incoming.merge(c.to(), 1, Integer::sum);
            if (c.delay() > 0) {
                readWithDelay.add(c.from());
            }
        }
        boolean anyOutput = false;
        for (UnitGroup g : model.groups()) {
            anyOutput |= g.isOutput();
            if (g.isInput() && !read.contains(g.id())) {
                out.add(Diagnostic.warning(g.id(), "nothing reads input group '" + g.id() + "': connect it to a group"));
            }
            if (!g.isInput() && g.combine() == UnitGroup.Combine.PRODUCT && incoming.getOrDefault(g.id(), 0) < 2) {
                out.add(Diagnostic.warning(g.id(), "product group '" + g.id() + "' multiplies its inputs, but it has "
                        + incoming.getOrDefault(g.id(), 0) + "; a product needs two or more"));
            }
            if (g.isOutput() && !incoming.containsKey(g.id())) {
                out.add(Diagnostic.warning(g.id(), "no connection goes into output group '" + g.id() + "': it cannot learn from the inputs"));
            }
            if (!g.isInput() && g.initialState() != UnitGroup.InitialStateKind.ZERO && !readWithDelay.contains(g.id())) {
                out.add(Diagnostic.warning(g.id(), "the initial state of '" + g.id() + "' is never used: no delayed connection reads this group"));
            }
        }
        if (model.groups().isEmpty()) {
            out.add(Diagnostic.warning(null, "the model is empty: it has no groups to train or run"));
        } else if (!anyOutput) {
            out.add(Diagnostic.error(null, "the model has no output group, so there is nothing to train"));
        }
    }

    private static String quoted(List<String> ids) {
        StringBuilder text = new StringBuilder();
        for (String id : ids) {
            if (text.length() > 0) {
                text.append(", ");
            }
            text.append('\'').append(id).append('\'');
        }
        return text.toString();
    }
}
