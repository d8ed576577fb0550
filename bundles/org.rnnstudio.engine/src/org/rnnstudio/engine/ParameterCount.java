package org.rnnstudio.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.rnnstudio.model.Cell;
import org.rnnstudio.model.Connection;
import org.rnnstudio.model.Model;
import org.rnnstudio.model.UnitGroup;

/**
 * How many numbers a model learns, element by element as the person drew it (a cell counts its gates' weights
 * and biases), and how many units each element computes per time step. Shared weights are counted once, with
 * the first connection (in the plan's order) that uses them, so that the elements add up to the model's total.
 */
public record ParameterCount(List<Element> elements, int trainable, int frozen) {

    /** One drawn element: a group, a cell or a connection. {@code unitsPerStep} is 0 for a connection. */
    public record Element(String id, String kind, int unitsPerStep, int trainable, int frozen) {
        public int total() {
            return trainable + frozen;
        }
    }

    public int total() {
        return trainable + frozen;
    }

    /** The element with this id, or null. */
    public Element element(String id) {
        for (Element e : elements) {
            if (e.id().equals(id)) {
                return e;
            }
        }
        return null;
    }

    /** Counts the parameters of a valid model (the plan of one that has errors cannot be compiled). */
    public static ParameterCount of(Model model) throws InvalidModelException {
        return of(model, Plan.compile(model));
    }

    /** Counts the parameters of a model already compiled to this plan. */
    public static ParameterCount of(Model drawn, Plan plan) {
        Map<String, int[]> counts = new LinkedHashMap<>();
        Map<String, String> kinds = new LinkedHashMap<>();
        Map<String, Integer> units = new LinkedHashMap<>();
        for (UnitGroup g : drawn.groups()) {
            counts.put(g.id(), new int[2]);
            kinds.put(g.id(), g.isInput() ? "input group" : g.isOutput() ? "output group" : "group");
            units.put(g.id(), g.size());
        }
        for (Cell c : drawn.cells()) {
            counts.put(c.id(), new int[2]);
            kinds.put(c.id(), c.kind().name() + " cell");
            units.put(c.id(), 0);
        }
        for (Connection c : drawn.connections()) {
            counts.put(c.id(), new int[2]);
            kinds.put(c.id(), "connection");
            units.put(c.id(), 0);
        }
        for (UnitGroup g : plan.groups()) {
            if (drawn.group(g.id()) == null) {
                String owner = owner(g.id(), counts);
                if (owner != null) {
                    units.merge(owner, g.size(), Integer::sum);
                }
            }
        }
        int trainable = 0;
        int frozen = 0;
        for (Plan.ParameterSet p : plan.parameters()) {
            String owner = owner(p.name().substring(p.name().indexOf(':') + 1), counts);
            if (p.name().startsWith("shared:")) {
                owner = firstUser(plan, p, counts);
            }
            if (owner == null) {
                continue;
            }
            counts.get(owner)[p.trainable() ? 0 : 1] += p.size();
            if (p.trainable()) {
                trainable += p.size();
            } else {
                frozen += p.size();
            }
        }
        List<Element> elements = new ArrayList<>();
        for (Map.Entry<String, int[]> e : counts.entrySet()) {
            elements.add(new Element(e.getKey(), kinds.get(e.getKey()), units.get(e.getKey()), e.getValue()[0], e.getValue()[1]));
        }
        return new ParameterCount(List.copyOf(elements), trainable, frozen);
    }

    /** A drawn id itself, or the drawn element whose expansion made it: "lstm.keep" belongs to "lstm", "c1.keep" to "c1". */
    private static String owner(String id, Map<String, int[]> drawn) {
        String candidate = id;
        while (true) {
            if (drawn.containsKey(candidate)) {
                return candidate;
            }
            int dot = candidate.lastIndexOf('.');
            if (dot < 0) {
                return null;
            }
            candidate = candidate.substring(0, dot);
        }
    }

    private static String firstUser(Plan plan, Plan.ParameterSet p, Map<String, int[]> drawn) {
        for (int g = 0; g < plan.groups().size(); g++) {
            for (Plan.Wire w : plan.incoming(g)) {
                if (w.weights() == p) {
                    return owner(w.connection().id(), drawn);
                }
            }
        }
        return null;
    }
}
