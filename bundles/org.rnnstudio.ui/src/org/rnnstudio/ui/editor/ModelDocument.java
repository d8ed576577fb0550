package org.rnnstudio.ui.editor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.rnnstudio.engine.InvalidModelException;
import org.rnnstudio.engine.ParameterCount;
import org.rnnstudio.model.Cell;
import org.rnnstudio.model.Connection;
import org.rnnstudio.model.Diagnostic;
import org.rnnstudio.model.Model;
import org.rnnstudio.model.UnitGroup;
import org.rnnstudio.model.Validator;

/**
 * The model an editor shows, with what the validator says about it. Every command changes the model and
 * then calls {@link #changed(Change)} saying what kind of change it made; the document validates again only
 * when the network may have changed, and tells the listeners (edit parts, the editor's markers, the unrolled
 * view), which do only what that kind of change needs. The model itself stays free of Eclipse, as the
 * engine needs it.
 */
public final class ModelDocument {

    /** What a change touched; each listener does only the work its kind needs. */
    public enum Change {
        /** Where things are drawn (positions, sizes on the canvas, bend points): nothing to validate or unroll. */
        LAYOUT,
        /** What the engine computes (groups, connections, cells, sizes, kinds, delays, ids): validate and unroll again. */
        STRUCTURE,
        /** Names, notes and training settings: validated again, but the network and its unrolling stay the same. */
        SETTINGS
    }

    /** Told after every change. */
    public interface Listener {
        void modelChanged(ModelDocument document, Change change);
    }

    private final Model model;
    private final List<Listener> listeners = new ArrayList<>();
    private List<Diagnostic> diagnostics;
    private Map<String, List<Diagnostic>> byElement;
    /** The connections by the id of the group or cell they leave, and of the one they reach. */
    private final Map<String, List<Connection>> bySource = new HashMap<>();
    private final Map<String, List<Connection>> byTarget = new HashMap<>();
    private long changes;
    private int validations;
    /** The network's parameter count, or why there is none, as of the last change that may alter it (null: not counted since). */
    private ParameterCount parameters;
    private InvalidModelException noParameters;

    public ModelDocument(Model model) {
        this.model = model;
        validate();
        indexConnections();
    }

    public Model model() {
        return model;
    }

    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    public void removeListener(Listener listener) {
        listeners.remove(listener);
    }

    /** A change that may have touched anything the engine computes with. */
    public void changed() {
        changed(Change.STRUCTURE);
    }

    /** Call after every change to the model: validates when the change may need it, then notifies. */
    public void changed(Change change) {
        changes++;
        if (change != Change.LAYOUT) {
            validate();
            indexConnections();
            parameters = null;
            noParameters = null;
        }
        for (Listener l : new ArrayList<>(listeners)) {
            l.modelChanged(this, change);
        }
    }

    /**
     * What the network learns, counted once per change that may alter it: the property sheet asks after every
     * command, and counting compiles the whole plan (half of a move's time in a 1,000-element model).
     */
    public ParameterCount parameterCount() throws InvalidModelException {
        if (parameters == null && noParameters == null) {
            try {
                parameters = ParameterCount.of(model);
            } catch (InvalidModelException e) {
                noParameters = e;
            }
        }
        if (noParameters != null) {
            throw noParameters;
        }
        return parameters;
    }

    /** How many changes the model has had: equal counts mean the same model. */
    public long changeCount() {
        return changes;
    }

    /** How many times the model was validated since the document was made. */
    public int validations() {
        return validations;
    }

    private void indexConnections() {
        bySource.clear();
        byTarget.clear();
        for (Connection c : model.connections()) {
            bySource.computeIfAbsent(c.from(), k -> new ArrayList<>()).add(c);
            byTarget.computeIfAbsent(c.to(), k -> new ArrayList<>()).add(c);
        }
    }

    private void validate() {
        validations++;
        diagnostics = Validator.validate(model);
        byElement = new HashMap<>();
        for (Diagnostic d : diagnostics) {
            if (d.elementId() != null) {
                byElement.computeIfAbsent(d.elementId(), k -> new ArrayList<>()).add(d);
            }
        }
    }

    public List<Diagnostic> diagnostics() {
        return Collections.unmodifiableList(diagnostics);
    }

    /** The diagnostics about one element (group or connection id). */
    public List<Diagnostic> diagnosticsFor(String id) {
        return byElement.getOrDefault(id, List.of());
    }

    /** A fresh id "base", "base2", "base3", ... not used by any group or connection. */
    public String freshId(String base) {
        Set<String> used = new HashSet<>();
        for (UnitGroup g : model.groups()) {
            used.add(g.id());
        }
        for (Connection c : model.connections()) {
            used.add(c.id());
        }
        for (Cell c : model.cells()) {
            used.add(c.id());
        }
        if (!used.contains(base)) {
            return base;
        }
        for (int i = 2;; i++) {
            if (!used.contains(base + i)) {
                return base + i;
            }
        }
    }

    /** Whether an id is free for an element (not used by any group or connection other than itself). */
    public boolean isFreeId(String id, Object element) {
        for (UnitGroup g : model.groups()) {
            if (g != element && g.id().equals(id)) {
                return false;
            }
        }
        for (Connection c : model.connections()) {
            if (c != element && c.id().equals(id)) {
                return false;
            }
        }
        for (Cell c : model.cells()) {
            if (c != element && c.id().equals(id)) {
                return false;
            }
        }
        return true;
    }

    /** Gives a group a new id and moves everything that refers to it: connection ends and the layout. */
    public void renameGroup(UnitGroup g, String newId) {
        moveReferences(g.id(), newId);
        g.setId(newId);
    }

    /** Gives a cell a new id and moves everything that refers to it. */
    public void renameCell(Cell cell, String newId) {
        moveReferences(cell.id(), newId);
        cell.setId(newId);
    }

    private void moveReferences(String old, String newId) {
        for (Connection c : model.connections()) {
            if (old.equals(c.from())) {
                c.setFrom(newId);
            }
            if (old.equals(c.to())) {
                c.setTo(newId);
            }
        }
        Model.Bounds b = model.bounds().remove(old);
        if (b != null) {
            model.bounds().put(newId, b);
        }
    }

    /** Gives a connection a new id and moves its bend points with it. */
    public void renameConnection(Connection c, String newId) {
        List<Model.Point> points = model.bendPoints().remove(c.id());
        if (points != null) {
            model.bendPoints().put(newId, points);
        }
        c.setId(newId);
    }

    /** The connections leaving the group or cell of this id, as of the last change. */
    public List<Connection> connectionsFrom(String id) {
        return List.copyOf(bySource.getOrDefault(id, List.of()));
    }

    /** The connections arriving at the group or cell of this id, as of the last change. */
    public List<Connection> connectionsTo(String id) {
        return List.copyOf(byTarget.getOrDefault(id, List.of()));
    }
}
