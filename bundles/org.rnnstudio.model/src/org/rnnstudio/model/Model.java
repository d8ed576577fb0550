package org.rnnstudio.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model description: unit groups, the connections between them, and the diagram's layout and notes, which
 * the engine ignores. The file is the one source of truth; see docs/model-format.md.
 */
public final class Model {

    /** Where a group sits on the diagram. */
    public record Bounds(int x, int y, int width, int height) {
    }

    /** A bend point of a connection on the diagram. */
    public record Point(int x, int y) {
    }

    /** What the file describes: a network of unit groups, or one of the lecture's hidden-state models. */
    public enum Kind {
        NETWORK, LDS, HMM
    }

    private Kind kind = Kind.NETWORK;
    private LdsDescription lds;
    private HmmDescription hmm;
    private String name = "";
    private String notes = "";
    private final List<UnitGroup> groups = new ArrayList<>();
    private final List<Connection> connections = new ArrayList<>();
    private final List<Cell> cells = new ArrayList<>();
    private TrainingSettings training;
    private final Map<String, Bounds> bounds = new LinkedHashMap<>();
    private final Map<String, List<Point>> bendPoints = new LinkedHashMap<>();

    public Kind kind() {
        return kind;
    }

    public void setKind(Kind kind) {
        this.kind = kind;
    }

    /** The linear dynamical system of a model of kind lds, else null. */
    public LdsDescription lds() {
        return lds;
    }

    public void setLds(LdsDescription lds) {
        this.lds = lds;
    }

    /** The hidden Markov model of a model of kind hmm, else null. */
    public HmmDescription hmm() {
        return hmm;
    }

    public void setHmm(HmmDescription hmm) {
        this.hmm = hmm;
    }

    public String name() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    /** Free text for the person reading the diagram. */
    public String notes() {
        return notes;
    }

    public void setNotes(String notes) {
        this.notes = notes;
    }

    public List<UnitGroup> groups() {
        return groups;
    }

    public List<Connection> connections() {
        return connections;
    }

    /** How the model is trained, or null when the file does not say. */
    public TrainingSettings training() {
        return training;
    }

    public void setTraining(TrainingSettings training) {
        this.training = training;
    }

    /** Composite cells (LSTM, GRU, Elman), each standing for the groups and connections it expands to. */
    public List<Cell> cells() {
        return cells;
    }

    public Cell cell(String id) {
        for (Cell c : cells) {
            if (c.id().equals(id)) {
                return c;
            }
        }
        return null;
    }

    /** Diagram bounds by group or cell id. */
    public Map<String, Bounds> bounds() {
        return bounds;
    }

    /** Diagram bend points by connection id. */
    public Map<String, List<Point>> bendPoints() {
        return bendPoints;
    }

    public UnitGroup group(String id) {
        for (UnitGroup g : groups) {
            if (g.id().equals(id)) {
                return g;
            }
        }
        return null;
    }

    public Connection connection(String id) {
        for (Connection c : connections) {
            if (c.id().equals(id)) {
                return c;
            }
        }
        return null;
    }

    public UnitGroup addGroup(UnitGroup group) {
        groups.add(group);
        return group;
    }

    public Connection addConnection(Connection connection) {
        connections.add(connection);
        return connection;
    }
}
