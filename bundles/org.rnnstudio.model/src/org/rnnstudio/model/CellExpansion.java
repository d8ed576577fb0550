package org.rnnstudio.model;

import java.util.List;

/**
 * Expands every cell of a model into unit groups and connections, named "CELL.PART". The parts, in the
 * lecture's words and PyTorch's equations (x is what the connections into the cell bring, h' the hidden
 * state one step back, σ the logistic function):
 *
 * <pre>
 * LSTM   keep = σ(x + h' + bias)        write = σ(x + h' + bias)     candidate = tanh(x + h' + bias)
 *        read = σ(x + h' + bias)        kept = keep ⊙ cell'           written = write ⊙ candidate
 *        cell = kept + written          squashed = tanh(cell)        h = read ⊙ squashed
 * GRU    reset = σ(x + h' + bias)       update = σ(x + h' + bias)    hn = h' W + bias
 *        gated = reset ⊙ hn             new = tanh(x + bias + gated)
 *        h = update ⊙ h' + new − update ⊙ new        (= (1 − update) ⊙ new + update ⊙ h')
 * Elman  h = f(x + h' + bias)
 * Reservoir  candidate = tanh(x + h' W + bias)      h = (1 − a) h' + a candidate      (W, bias and the input
 *        weights fixed random, W scaled to the spectral radius; a the leak rate)
 * </pre>
 *
 * A connection ID from a group into the cell becomes one connection per gate, "ID.GATE" (LSTM: keep,
 * write, candidate, read; GRU: reset, update, new; Elman: h; reservoir: candidate, through fixed weights drawn
 * from the reservoir's seed). A connection out of the cell reads CELL.h.
 */
public final class CellExpansion {

    /** The gates a connection into a cell feeds, by kind. */
    public static List<String> inputParts(Cell.Kind kind) {
        switch (kind) {
        case LSTM:
            return List.of("keep", "write", "candidate", "read");
        case GRU:
            return List.of("reset", "update", "new");
        case ELMAN:
            return List.of("h");
        case RESERVOIR:
            return List.of("candidate");
        default:
            throw new IllegalStateException(kind.name());
        }
    }

    private CellExpansion() {
    }

    /** The model without cells: a copy when it has none, else the cells replaced by their parts. */
    public static Model expand(Model model) {
        Model out = new Model();
        out.setName(model.name());
        out.setNotes(model.notes());
        out.groups().addAll(model.groups());
        out.bounds().putAll(model.bounds());
        out.bendPoints().putAll(model.bendPoints());
        for (Cell cell : model.cells()) {
            int before = out.connections().size();
            expandCell(cell, out);
            for (Connection part : out.connections().subList(before, out.connections().size())) {
                part.setReverse(cell.reverse() && part.delay() > 0);
            }
        }
        for (Connection c : model.connections()) {
            Cell into = model.cell(c.to());
            Cell from = model.cell(c.from());
            String source = from != null ? from.id() + ".h" : c.from();
            if (into == null) {
                Connection copy = copy(c, c.id(), source, c.to());
                copy.setSharedWeights(c.sharedWeights());
                out.connections().add(copy);
                continue;
            }
            for (String part : inputParts(into.kind())) {
                Connection copy = copy(c, c.id() + "." + part, source, into.id() + "." + part);
                copy.setSharedWeights(c.sharedWeights() == null ? null : c.sharedWeights() + "." + part);
                if (into.kind() == Cell.Kind.RESERVOIR) {
                    copy.setTrainable(false);
                }
                out.connections().add(copy);
            }
        }
        return out;
    }

    /** The id of the element of the original model that an expanded element comes from. */
    public static String originalId(Model model, String expandedId) {
        if (expandedId == null || model.cells().isEmpty()) {
            return expandedId;
        }
        int dot = expandedId.lastIndexOf('.');
        while (dot > 0) {
            String prefix = expandedId.substring(0, dot);
            if (model.cell(prefix) != null || model.connection(prefix) != null) {
                return prefix;
            }
            dot = prefix.lastIndexOf('.');
        }
        return expandedId;
    }

    private static Connection copy(Connection c, String id, String from, String to) {
        Connection copy = new Connection(id, from, to, c.kind(), c.delay());
        copy.setTrainable(c.trainable());
        copy.setScale(c.scale());
        copy.setReverse(c.reverse());
        return copy;
    }

    private static void expandCell(Cell cell, Model out) {
        String p = cell.id() + ".";
        int n = cell.size();
        switch (cell.kind()) {
        case LSTM:
            for (String gate : List.of("keep", "write", "read")) {
                group(out, p + gate, n, Activation.LOGISTIC, true);
            }
            group(out, p + "candidate", n, Activation.TANH, true);
            product(out, p + "kept", n);
            product(out, p + "written", n);
            state(group(out, p + "cell", n, Activation.LINEAR, false), cell);
            group(out, p + "squashed", n, Activation.TANH, false);
            state(product(out, p + "h", n), cell);
            for (String gate : List.of("keep", "write", "candidate", "read")) {
                connect(out, p + "recurrent." + gate, p + "h", p + gate, Connection.Kind.FULL, 1);
            }
            connect(out, p + "keep-kept", p + "keep", p + "kept", Connection.Kind.IDENTITY, 0);
            connect(out, p + "cell-kept", p + "cell", p + "kept", Connection.Kind.IDENTITY, 1);
            connect(out, p + "write-written", p + "write", p + "written", Connection.Kind.IDENTITY, 0);
            connect(out, p + "candidate-written", p + "candidate", p + "written", Connection.Kind.IDENTITY, 0);
            connect(out, p + "kept-cell", p + "kept", p + "cell", Connection.Kind.IDENTITY, 0);
            connect(out, p + "written-cell", p + "written", p + "cell", Connection.Kind.IDENTITY, 0);
            connect(out, p + "cell-squashed", p + "cell", p + "squashed", Connection.Kind.IDENTITY, 0);
            connect(out, p + "read-h", p + "read", p + "h", Connection.Kind.IDENTITY, 0);
            connect(out, p + "squashed-h", p + "squashed", p + "h", Connection.Kind.IDENTITY, 0);
            if (cell.peepholes()) {
                connect(out, p + "peephole.keep", p + "cell", p + "keep", Connection.Kind.ONE_TO_ONE, 1);
                connect(out, p + "peephole.write", p + "cell", p + "write", Connection.Kind.ONE_TO_ONE, 1);
                connect(out, p + "peephole.read", p + "cell", p + "read", Connection.Kind.ONE_TO_ONE, 0);
            }
            break;
        case GRU:
            group(out, p + "reset", n, Activation.LOGISTIC, true);
            group(out, p + "update", n, Activation.LOGISTIC, true);
            group(out, p + "hn", n, Activation.LINEAR, true);
            product(out, p + "gated", n);
            group(out, p + "new", n, Activation.TANH, true);
            product(out, p + "update-h", n);
            product(out, p + "update-new", n);
            state(group(out, p + "h", n, Activation.LINEAR, false), cell);
            connect(out, p + "recurrent.reset", p + "h", p + "reset", Connection.Kind.FULL, 1);
            connect(out, p + "recurrent.update", p + "h", p + "update", Connection.Kind.FULL, 1);
            connect(out, p + "recurrent.new", p + "h", p + "hn", Connection.Kind.FULL, 1);
            connect(out, p + "reset-gated", p + "reset", p + "gated", Connection.Kind.IDENTITY, 0);
            connect(out, p + "hn-gated", p + "hn", p + "gated", Connection.Kind.IDENTITY, 0);
            connect(out, p + "gated-new", p + "gated", p + "new", Connection.Kind.IDENTITY, 0);
            connect(out, p + "update-update-h", p + "update", p + "update-h", Connection.Kind.IDENTITY, 0);
            connect(out, p + "h-update-h", p + "h", p + "update-h", Connection.Kind.IDENTITY, 1);
            connect(out, p + "update-update-new", p + "update", p + "update-new", Connection.Kind.IDENTITY, 0);
            connect(out, p + "new-update-new", p + "new", p + "update-new", Connection.Kind.IDENTITY, 0);
            connect(out, p + "update-h-h", p + "update-h", p + "h", Connection.Kind.IDENTITY, 0);
            connect(out, p + "new-h", p + "new", p + "h", Connection.Kind.IDENTITY, 0);
            connect(out, p + "update-new-h", p + "update-new", p + "h", Connection.Kind.IDENTITY, 0).setScale(-1);
            break;
        case ELMAN:
            state(group(out, p + "h", n, cell.activation(), true), cell);
            connect(out, p + "recurrent", p + "h", p + "h", Connection.Kind.FULL, 1);
            break;
        case RESERVOIR:
            UnitGroup candidate = group(out, p + "candidate", n, Activation.TANH, cell.biasScaling() > 0);
            candidate.setFixedBias(true);
            state(group(out, p + "h", n, Activation.LINEAR, false), cell);
            connect(out, p + "recurrent", p + "h", p + "candidate", Connection.Kind.FULL, 1).setTrainable(false);
            connect(out, p + "candidate-h", p + "candidate", p + "h", Connection.Kind.IDENTITY, 0).setScale(cell.leakRate());
            if (cell.leakRate() < 1) {
                connect(out, p + "leak", p + "h", p + "h", Connection.Kind.IDENTITY, 1).setScale(1 - cell.leakRate());
            }
            break;
        default:
            throw new IllegalStateException(cell.kind().name());
        }
    }

    private static UnitGroup group(Model out, String id, int size, Activation activation, boolean bias) {
        UnitGroup g = out.addGroup(new UnitGroup(id, UnitGroup.Role.HIDDEN, size));
        g.setActivation(activation);
        g.setBias(bias);
        return g;
    }

    private static UnitGroup product(Model out, String id, int size) {
        UnitGroup g = group(out, id, size, Activation.LINEAR, false);
        g.setCombine(UnitGroup.Combine.PRODUCT);
        return g;
    }

    private static UnitGroup state(UnitGroup g, Cell cell) {
        g.setInitialState(cell.initialState(), null);
        return g;
    }

    private static Connection connect(Model out, String id, String from, String to, Connection.Kind kind, int delay) {
        return out.addConnection(new Connection(id, from, to, kind, delay));
    }

    /** The groups and connections one cell expands to, for the editor's open view. */
    public static Model parts(Cell cell) {
        Model m = new Model();
        m.cells().add(cell);
        return expand(m);
    }
}
