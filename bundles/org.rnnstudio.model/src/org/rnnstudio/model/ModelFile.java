package org.rnnstudio.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

/**
 * Reads and writes model files ({@code .rnn}, JSON). Reading never throws for a bad file: it returns what
 * it could read and diagnostics naming the element and the problem (line and column for malformed JSON).
 * Writing is canonical: every field, in a fixed order, so a written file reads back and writes out the same.
 */
public final class ModelFile {

    /** What reading gave: a model (null when the text is not JSON at all) and what is wrong with it. */
    public record ReadResult(Model model, List<Diagnostic> diagnostics) {
        public boolean hasErrors() {
            return diagnostics.stream().anyMatch(Diagnostic::isError);
        }
    }

    /** Layout coordinates beyond this are a broken file, not a drawing: a figure there could never be seen. */
    public static final int MAX_COORDINATE = 1_000_000;
    /** How a file spells {@link TrainingSettings#CHECKPOINT_AUTO}. */
    public static final String CHECKPOINT_AUTO_NAME = "auto";
    /** A figure's width or height in pixels; a larger one would cover every other figure. */
    public static final int MAX_FIGURE_SIZE = 100_000;

    private ModelFile() {
    }

    /** At most {@link TextFiles#MAX_MODEL_FILE} bytes of UTF-8 text; a byte order mark is allowed. */
    public static ReadResult read(Path file) throws IOException {
        return read(TextFiles.read(file, TextFiles.MAX_MODEL_FILE));
    }

    public static ReadResult read(String text) {
        List<Diagnostic> diagnostics = new ArrayList<>();
        JsonElement root;
        try {
            root = JsonText.parse(text);
        } catch (JsonText.SyntaxError e) {
            diagnostics.add(new Diagnostic(Diagnostic.Severity.ERROR, null, e.getMessage(), e.line(), e.column()));
            return new ReadResult(null, diagnostics);
        }
        if (!root.isJsonObject()) {
            diagnostics.add(Diagnostic.error(null, "a model file holds one JSON object, {...}"));
            return new ReadResult(null, diagnostics);
        }
        Fields top = new Fields(root.getAsJsonObject(), null, "the model", diagnostics);
        top.allow("format", "kind", "name", "notes", "groups", "cells", "connections", "lds", "hmm", "training", "layout");
        String formatProblem = FormatVersion.check(top.string("format", null));
        if (formatProblem != null) {
            diagnostics.add(Diagnostic.error(null, formatProblem));
            return new ReadResult(null, diagnostics);
        }
        Model model = new Model();
        model.setName(top.string("name", ""));
        model.setNotes(top.string("notes", ""));
        model.setKind(top.choice("kind", Model.Kind.class, Model.Kind.NETWORK));
        HiddenStateFile.read(top, model, diagnostics);
        for (JsonObject g : top.objects("groups")) {
            readGroup(g, model, diagnostics);
        }
        for (JsonObject c : top.objects("cells")) {
            readCell(c, model, diagnostics);
        }
        for (JsonObject c : top.objects("connections")) {
            readConnection(c, model, diagnostics);
        }
        JsonObject training = top.object("training");
        if (training != null) {
            model.setTraining(readTraining(training, diagnostics));
        }
        JsonObject layout = top.object("layout");
        if (layout != null) {
            readLayout(layout, model, diagnostics);
        }
        return new ReadResult(model, diagnostics);
    }

    private static void readGroup(JsonObject json, Model model, List<Diagnostic> diagnostics) {
        String id = idOf(json, "group", model.groups().size(), diagnostics);
        Fields f = new Fields(json, id, "group", diagnostics);
        f.allow("id", "name", "role", "size", "activation", "bias", "combine", "initialState", "input", "target");
        UnitGroup.Role role = f.choice("role", UnitGroup.Role.class, UnitGroup.Role.HIDDEN);
        UnitGroup g = new UnitGroup(id, role, f.integer("size", 1));
        g.setName(f.string("name", id));
        if (role == UnitGroup.Role.INPUT) {
            JsonObject input = f.object("input");
            if (input != null) {
                Fields in = new Fields(input, id, "input", diagnostics);
                in.allow("schedule", "units");
                g.setInputSchedule(in.choice("schedule", UnitGroup.InputSchedule.class, UnitGroup.InputSchedule.EVERY_STEP));
                g.setUnits(in.integers("units"));
            }
        } else {
            g.setActivation(f.choice("activation", Activation.class, Activation.LOGISTIC));
            g.setBias(f.bool("bias", true));
            g.setCombine(f.choice("combine", UnitGroup.Combine.class, UnitGroup.Combine.SUM));
            JsonObject initial = f.object("initialState");
            if (initial != null) {
                Fields init = new Fields(initial, id, "initialState", diagnostics);
                init.allow("kind", "values");
                g.setInitialState(init.choice("kind", UnitGroup.InitialStateKind.class, UnitGroup.InitialStateKind.ZERO),
                        init.doubles("values"));
            }
            JsonObject target = f.object("target");
            if (target != null) {
                if (role != UnitGroup.Role.OUTPUT) {
                    diagnostics.add(Diagnostic.warning(id, "only output groups have a target; \"target\" is ignored"));
                }
                Fields t = new Fields(target, id, "target", diagnostics);
                t.allow("loss", "schedule", "steps", "units", "next");
                g.setTarget(t.choice("loss", UnitGroup.Loss.class, UnitGroup.Loss.SQUARED_ERROR),
                        t.choice("schedule", UnitGroup.TargetSchedule.class, UnitGroup.TargetSchedule.EVERY_STEP),
                        t.integer("steps", 1));
                g.setUnits(t.integers("units"));
                g.setNext(t.string("next", null));
            } else if (role == UnitGroup.Role.OUTPUT) {
                diagnostics.add(Diagnostic.error(id, "output group has no \"target\": say which loss and at which steps"));
            }
        }
        model.addGroup(g);
    }

    private static TrainingSettings readTraining(JsonObject json, List<Diagnostic> diagnostics) {
        Fields f = new Fields(json, "training", "training", diagnostics);
        f.allow("data", "epochs", "batch", "optimizer", "learningRate", "momentum", "nesterov", "clipNorm", "weightDecay", "schedule",
                "stepEvery", "gamma", "seed", "truncation", "checkpoint", "init", "initScale", "validation", "patience", "momentumSchedule", "precision", "hfLambda",
                "hfStructuralDamping", "hfCgIterations", "hfCurvatureFraction", "washout", "ridge", "chooseRidge");
        TrainingSettings t = new TrainingSettings();
        t.data = f.string("data", t.data);
        t.epochs = f.integer("epochs", t.epochs);
        t.batch = f.integer("batch", t.batch);
        t.optimizer = f.oneOf("optimizer", TrainingSettings.OPTIMIZERS, t.optimizer);
        t.learningRate = f.number("learningRate", t.learningRate);
        t.momentum = f.number("momentum", t.momentum);
        t.nesterov = f.bool("nesterov", t.nesterov);
        t.clipNorm = f.number("clipNorm", t.clipNorm);
        t.weightDecay = f.number("weightDecay", t.weightDecay);
        t.schedule = f.oneOf("schedule", TrainingSettings.SCHEDULES, t.schedule);
        t.stepEvery = f.integer("stepEvery", t.stepEvery);
        t.gamma = f.number("gamma", t.gamma);
        t.seed = f.longInteger("seed", t.seed);
        t.truncation = f.integer("truncation", t.truncation);
        t.checkpoint = readCheckpoint(json, f, diagnostics);
        t.init = f.oneOf("init", TrainingSettings.INITIALIZATIONS, t.init);
        t.initScale = f.number("initScale", t.initScale);
        t.validation = f.number("validation", t.validation);
        t.patience = f.integer("patience", t.patience);
        t.momentumSchedule = f.oneOf("momentumSchedule", TrainingSettings.MOMENTUM_SCHEDULES, t.momentumSchedule);
        t.precision = f.oneOf("precision", TrainingSettings.PRECISIONS, t.precision);
        t.hfLambda = f.number("hfLambda", t.hfLambda);
        t.hfStructuralDamping = f.number("hfStructuralDamping", t.hfStructuralDamping);
        t.hfCgIterations = f.integer("hfCgIterations", t.hfCgIterations);
        t.hfCurvatureFraction = f.number("hfCurvatureFraction", t.hfCurvatureFraction);
        if (!(t.hfLambda > 0) || !(t.hfStructuralDamping >= 0) || t.hfCgIterations < 1 || !(t.hfCurvatureFraction > 0) || t.hfCurvatureFraction > 1) {
            diagnostics.add(Diagnostic.error("training", "hfLambda is above 0, hfStructuralDamping 0 or more, hfCgIterations 1 or more, "
                    + "hfCurvatureFraction above 0 and at most 1"));
        }
        t.washout = f.integer("washout", t.washout);
        t.ridge = f.number("ridge", t.ridge);
        t.chooseRidge = f.bool("chooseRidge", t.chooseRidge);
        if (t.washout < 0 || !(t.ridge >= 0)) {
            diagnostics.add(Diagnostic.error("training", "washout is 0 or more steps, the ridge 0 or more"));
        }
        if (t.epochs < 1 || t.batch < 1 || t.learningRate <= 0 || t.validation < 0 || t.validation >= 1 || t.stepEvery < 1 || t.truncation < 0) {
            diagnostics.add(Diagnostic.error("training", "epochs and batch are 1 or more, the learning rate above 0, the validation "
                    + "fraction from 0 to below 1, stepEvery 1 or more, truncation 0 or more"));
        }
        return t;
    }

    /** "checkpoint": a number of steps a segment (0 = none), or "auto". */
    private static int readCheckpoint(JsonObject json, Fields f, List<Diagnostic> diagnostics) {
        JsonElement e = json.get("checkpoint");
        boolean text = e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isString();
        if (text && CHECKPOINT_AUTO_NAME.equals(e.getAsString())) {
            return TrainingSettings.CHECKPOINT_AUTO;
        }
        int steps = text ? -1 : f.integer("checkpoint", 0);
        if (steps < 0) {
            diagnostics.add(Diagnostic.error("training", "\"checkpoint\" is \"auto\" or 0 or more steps a segment (0 = none), not " + Quoted.of(e.toString())));
            return 0;
        }
        return steps;
    }

    private static void readCell(JsonObject json, Model model, List<Diagnostic> diagnostics) {
        String id = idOf(json, "cell", model.cells().size(), diagnostics);
        Fields f = new Fields(json, id, "cell", diagnostics);
        f.allow("id", "name", "kind", "size", "activation", "peepholes", "initialState", "spectralRadius", "connectivity", "inputScaling",
                "leakRate", "biasScaling", "seed", "reverse");
        Cell cell = new Cell(id, f.choice("kind", Cell.Kind.class, Cell.Kind.LSTM), f.integer("size", 1));
        cell.setName(f.string("name", id));
        cell.setActivation(f.choice("activation", Activation.class, Activation.TANH));
        cell.setPeepholes(f.bool("peepholes", false));
        cell.setInitialState(f.choice("initialState", UnitGroup.InitialStateKind.class, UnitGroup.InitialStateKind.ZERO));
        cell.setSpectralRadius(f.number("spectralRadius", cell.spectralRadius()));
        cell.setConnectivity(f.number("connectivity", cell.connectivity()));
        cell.setInputScaling(f.number("inputScaling", cell.inputScaling()));
        cell.setLeakRate(f.number("leakRate", cell.leakRate()));
        cell.setBiasScaling(f.number("biasScaling", cell.biasScaling()));
        cell.setSeed(f.longInteger("seed", cell.seed()));
        cell.setReverse(f.bool("reverse", false));
        model.cells().add(cell);
    }

    private static void readConnection(JsonObject json, Model model, List<Diagnostic> diagnostics) {
        String id = idOf(json, "connection", model.connections().size(), diagnostics);
        Fields f = new Fields(json, id, "connection", diagnostics);
        f.allow("id", "from", "to", "kind", "delay", "shared", "trainable", "scale", "reverse");
        Connection c = new Connection(id, f.string("from", null), f.string("to", null),
                f.choice("kind", Connection.Kind.class, Connection.Kind.FULL), f.integer("delay", 0));
        c.setSharedWeights(f.string("shared", null));
        c.setTrainable(f.bool("trainable", true));
        c.setScale(f.number("scale", 1));
        c.setReverse(f.bool("reverse", false));
        if (c.from() == null || c.to() == null) {
            diagnostics.add(Diagnostic.error(id, "a connection needs \"from\" and \"to\" (group ids)"));
        }
        model.addConnection(c);
    }

    private static String idOf(JsonObject json, String what, int index, List<Diagnostic> diagnostics) {
        JsonElement id = json.get("id");
        if (id != null && id.isJsonPrimitive() && id.getAsJsonPrimitive().isString() && !id.getAsString().isBlank()) {
            return id.getAsString();
        }
        String placeholder = "#" + (index + 1);
        diagnostics.add(Diagnostic.error(placeholder, what + " number " + (index + 1) + " has no \"id\" (a non-empty string)"));
        return placeholder;
    }

    private static void readLayout(JsonObject layout, Model model, List<Diagnostic> diagnostics) {
        Fields f = new Fields(layout, null, "layout", diagnostics);
        f.allow("groups", "connections");
        JsonObject groups = f.object("groups");
        if (groups != null) {
            for (Map.Entry<String, JsonElement> e : groups.entrySet()) {
                if (!e.getValue().isJsonObject()) {
                    diagnostics.add(Diagnostic.warning(e.getKey(), "layout entry is not an object; ignored"));
                    continue;
                }
                Fields b = new Fields(e.getValue().getAsJsonObject(), e.getKey(), "layout", diagnostics);
                b.allow("x", "y", "width", "height");
                int width = b.integer("width", -1);
                int height = b.integer("height", -1);
                // -1 is "the figure's preferred size"
                model.bounds().put(e.getKey(), new Model.Bounds(b.clamped("x", b.integer("x", 0), -MAX_COORDINATE, MAX_COORDINATE),
                        b.clamped("y", b.integer("y", 0), -MAX_COORDINATE, MAX_COORDINATE),
                        width == -1 ? -1 : b.clamped("width", width, 1, MAX_FIGURE_SIZE),
                        height == -1 ? -1 : b.clamped("height", height, 1, MAX_FIGURE_SIZE)));
            }
        }
        JsonObject connections = f.object("connections");
        if (connections != null) {
            for (Map.Entry<String, JsonElement> e : connections.entrySet()) {
                List<Model.Point> points = new ArrayList<>();
                JsonElement bend = e.getValue().isJsonObject() ? e.getValue().getAsJsonObject().get("bendpoints") : null;
                if (bend != null && bend.isJsonArray()) {
                    for (JsonElement p : bend.getAsJsonArray()) {
                        Model.Point point = bendPoint(p);
                        if (point != null) {
                            points.add(point);
                        } else {
                            diagnostics.add(Diagnostic.warning(e.getKey(), "a bend point is [x, y], two whole numbers from " + -MAX_COORDINATE
                                    + " to " + MAX_COORDINATE + "; " + Quoted.of(p.toString()) + " ignored"));
                        }
                    }
                }
                model.bendPoints().put(e.getKey(), points);
            }
        }
    }

    private static Model.Point bendPoint(JsonElement p) {
        if (!p.isJsonArray() || p.getAsJsonArray().size() != 2) {
            return null;
        }
        int[] xy = new int[2];
        for (int i = 0; i < 2; i++) {
            JsonElement v = p.getAsJsonArray().get(i);
            if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isNumber()) {
                return null;
            }
            double d = v.getAsDouble();
            if (d != Math.rint(d) || Math.abs(d) > MAX_COORDINATE) {
                return null;
            }
            xy[i] = (int) d;
        }
        return new Model.Point(xy[0], xy[1]);
    }

    // --- writing ----------------------------------------------------------------------------------------

    /** The model as canonical JSON text, ending in a newline. */
    public static String write(Model model) {
        JsonObject root = new JsonObject();
        root.addProperty("format", FormatVersion.CURRENT_STAMP);
        boolean network = model.kind() == Model.Kind.NETWORK;
        if (!network) {
            root.addProperty("kind", fileName(model.kind()));
        }
        root.addProperty("name", model.name());
        root.addProperty("notes", model.notes());
        HiddenStateFile.write(model, root);
        JsonArray groups = new JsonArray();
        for (UnitGroup g : model.groups()) {
            groups.add(writeGroup(g));
        }
        if (network || !groups.isEmpty()) {
            root.add("groups", groups);
        }
        if (!model.cells().isEmpty()) {
            JsonArray cells = new JsonArray();
            for (Cell c : model.cells()) {
                JsonObject json = new JsonObject();
                json.addProperty("id", c.id());
                json.addProperty("name", c.name());
                json.addProperty("kind", fileName(c.kind()));
                json.addProperty("size", c.size());
                if (c.kind() == Cell.Kind.ELMAN) {
                    json.addProperty("activation", fileName(c.activation()));
                }
                if (c.kind() == Cell.Kind.LSTM) {
                    json.addProperty("peepholes", c.peepholes());
                }
                if (c.kind() == Cell.Kind.RESERVOIR) {
                    json.addProperty("spectralRadius", c.spectralRadius());
                    json.addProperty("connectivity", c.connectivity());
                    json.addProperty("inputScaling", c.inputScaling());
                    json.addProperty("leakRate", c.leakRate());
                    json.addProperty("biasScaling", c.biasScaling());
                    json.addProperty("seed", c.seed());
                }
                json.addProperty("initialState", fileName(c.initialState()));
                if (c.reverse()) {
                    json.addProperty("reverse", true);
                }
                cells.add(json);
            }
            root.add("cells", cells);
        }
        JsonArray connections = new JsonArray();
        for (Connection c : model.connections()) {
            JsonObject json = new JsonObject();
            json.addProperty("id", c.id());
            json.addProperty("from", c.from());
            json.addProperty("to", c.to());
            json.addProperty("kind", fileName(c.kind()));
            json.addProperty("delay", c.delay());
            if (c.sharedWeights() != null) {
                json.addProperty("shared", c.sharedWeights());
            }
            json.addProperty("trainable", c.trainable());
            if (c.scale() != 1) {
                json.addProperty("scale", c.scale());
            }
            if (c.reverse()) {
                json.addProperty("reverse", true);
            }
            connections.add(json);
        }
        if (network || !connections.isEmpty()) {
            root.add("connections", connections);
        }
        if (model.training() != null) {
            root.add("training", writeTraining(model.training()));
        }
        root.add("layout", writeLayout(model));
        return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().serializeNulls().create().toJson(root) + "\n";
    }

    private static JsonObject writeGroup(UnitGroup g) {
        JsonObject json = new JsonObject();
        json.addProperty("id", g.id());
        json.addProperty("name", g.name());
        json.addProperty("role", fileName(g.role()));
        json.addProperty("size", g.size());
        if (g.isInput()) {
            JsonObject input = new JsonObject();
            input.addProperty("schedule", fileName(g.inputSchedule()));
            addIntegers(input, "units", g.units());
            json.add("input", input);
            return json;
        }
        json.addProperty("activation", fileName(g.activation()));
        json.addProperty("bias", g.bias());
        json.addProperty("combine", fileName(g.combine()));
        JsonObject initial = new JsonObject();
        initial.addProperty("kind", fileName(g.initialState()));
        if (g.initialValues() != null) {
            JsonArray values = new JsonArray();
            for (double v : g.initialValues()) {
                values.add(v);
            }
            initial.add("values", values);
        }
        json.add("initialState", initial);
        if (g.isOutput()) {
            JsonObject target = new JsonObject();
            target.addProperty("loss", fileName(g.loss()));
            target.addProperty("schedule", fileName(g.targetSchedule()));
            if (g.targetSchedule() == UnitGroup.TargetSchedule.LAST_STEPS) {
                target.addProperty("steps", g.targetSteps());
            }
            addIntegers(target, "units", g.units());
            if (g.next() != null) {
                target.addProperty("next", g.next());
            }
            json.add("target", target);
        }
        return json;
    }

    private static JsonObject writeTraining(TrainingSettings t) {
        JsonObject json = new JsonObject();
        json.addProperty("data", t.data);
        json.addProperty("epochs", t.epochs);
        json.addProperty("batch", t.batch);
        json.addProperty("optimizer", t.optimizer);
        json.addProperty("learningRate", t.learningRate);
        json.addProperty("momentum", t.momentum);
        json.addProperty("nesterov", t.nesterov);
        json.addProperty("clipNorm", t.clipNorm);
        json.addProperty("weightDecay", t.weightDecay);
        json.addProperty("schedule", t.schedule);
        json.addProperty("stepEvery", t.stepEvery);
        json.addProperty("gamma", t.gamma);
        json.addProperty("seed", t.seed);
        json.addProperty("truncation", t.truncation);
        // written only when set, so that the files of models trained without it stay as they were
        if (t.checkpoint == TrainingSettings.CHECKPOINT_AUTO) {
            json.addProperty("checkpoint", CHECKPOINT_AUTO_NAME);
        } else if (t.checkpoint != 0) {
            json.addProperty("checkpoint", t.checkpoint);
        }
        json.addProperty("init", t.init);
        json.addProperty("initScale", t.initScale);
        json.addProperty("validation", t.validation);
        json.addProperty("patience", t.patience);
        // written only where they matter, so that the files of other optimisers stay as they were
        if (t.momentumSchedule() != MomentumSchedule.DEFAULT) {
            json.addProperty("momentumSchedule", t.momentumSchedule);
        }
        if (t.precision() != Precision.DEFAULT) {
            json.addProperty("precision", t.precision);
        }
        TrainingSettings defaults = new TrainingSettings();
        if (t.optimizer() == Optimizer.HF || t.hfLambda != defaults.hfLambda || t.hfStructuralDamping != defaults.hfStructuralDamping
                || t.hfCgIterations != defaults.hfCgIterations || t.hfCurvatureFraction != defaults.hfCurvatureFraction) {
            json.addProperty("hfLambda", t.hfLambda);
            json.addProperty("hfStructuralDamping", t.hfStructuralDamping);
            json.addProperty("hfCgIterations", t.hfCgIterations);
            json.addProperty("hfCurvatureFraction", t.hfCurvatureFraction);
        }
        // a readout's fit settings appear once they are set, so the files of networks trained by gradients keep their shape
        if (t.washout != defaults.washout || t.ridge != defaults.ridge || t.chooseRidge != defaults.chooseRidge) {
            json.addProperty("washout", t.washout);
            json.addProperty("ridge", t.ridge);
            json.addProperty("chooseRidge", t.chooseRidge);
        }
        return json;
    }

    private static JsonObject writeLayout(Model model) {
        JsonObject layout = new JsonObject();
        JsonObject groups = new JsonObject();
        for (Map.Entry<String, Model.Bounds> e : model.bounds().entrySet()) {
            Model.Bounds b = e.getValue();
            JsonObject json = new JsonObject();
            json.addProperty("x", b.x());
            json.addProperty("y", b.y());
            json.addProperty("width", b.width());
            json.addProperty("height", b.height());
            groups.add(e.getKey(), json);
        }
        layout.add("groups", groups);
        JsonObject connections = new JsonObject();
        for (Map.Entry<String, List<Model.Point>> e : model.bendPoints().entrySet()) {
            JsonArray points = new JsonArray();
            for (Model.Point p : e.getValue()) {
                JsonArray xy = new JsonArray();
                xy.add(p.x());
                xy.add(p.y());
                points.add(xy);
            }
            JsonObject json = new JsonObject();
            json.add("bendpoints", points);
            connections.add(e.getKey(), json);
        }
        layout.add("connections", connections);
        return layout;
    }

    private static void addIntegers(JsonObject json, String name, int[] values) {
        if (values == null) {
            return;
        }
        JsonArray array = new JsonArray();
        for (int v : values) {
            array.add(v);
        }
        json.add(name, array);
    }

    /** Writes the model so that the file is either the old one or the whole new one, never half written. */
    public static void writeAtomically(Model model, Path file) throws IOException {
        AtomicFiles.writeString(file, write(model));
    }

    /** How an enum constant is spelt in files: lower case, words joined by '-'. */
    public static String fileName(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Reads one JSON object's fields, turning every type or value problem into a diagnostic. */
    static final class Fields {
        private final JsonObject json;
        private final String elementId;
        private final String where;
        private final List<Diagnostic> diagnostics;

        Fields(JsonObject json, String elementId, String where, List<Diagnostic> diagnostics) {
            this.json = json;
            this.elementId = elementId;
            this.where = where;
            this.diagnostics = diagnostics;
        }

        /** Warns about fields no reader knows: usually a typo that would otherwise silently do nothing. */
        void allow(String... names) {
            Set<String> known = Set.of(names);
            for (String name : json.keySet()) {
                if (!known.contains(name)) {
                    diagnostics.add(Diagnostic.warning(elementId, "unknown field \"" + name + "\" in " + where + " is ignored"));
                }
            }
        }

        private void wrong(String name, String expected, JsonElement found) {
            String text = found.toString();
            diagnostics.add(Diagnostic.error(elementId, "\"" + name + "\" must be " + expected + ", not "
                    + (text.length() > Quoted.MAX ? Quoted.of(text) : text)));
        }

        String string(String name, String fallback) {
            JsonElement e = json.get(name);
            if (e == null || e.isJsonNull()) {
                return fallback;
            }
            if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isString()) {
                return e.getAsString();
            }
            wrong(name, "a string", e);
            return fallback;
        }

        int integer(String name, int fallback) {
            JsonElement e = json.get(name);
            if (e == null || e.isJsonNull()) {
                return fallback;
            }
            if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber()) {
                double v = e.getAsDouble();
                if (v == Math.rint(v) && Math.abs(v) <= Integer.MAX_VALUE) {
                    return (int) v;
                }
                if (v == Math.rint(v)) {
                    diagnostics.add(Diagnostic.error(elementId, "\"" + name + "\" is " + Quoted.of(e.toString()) + ", out of range (at most "
                            + Integer.MAX_VALUE + ")"));
                    return fallback;
                }
            }
            wrong(name, "a whole number", e);
            return fallback;
        }

        /** A layout value is kept in range with a warning, so that a figure can always be seen and grabbed. */
        int clamped(String name, int value, int min, int max) {
            if (value >= min && value <= max) {
                return value;
            }
            int kept = Math.max(min, Math.min(max, value));
            diagnostics.add(Diagnostic.warning(elementId, "layout \"" + name + "\" " + value + " is outside " + min + " to " + max + "; " + kept + " is used"));
            return kept;
        }

        /** A whole number beyond an int's range (a seed); doubles hold whole numbers exactly only up to 2^53. */
        long longInteger(String name, long fallback) {
            JsonElement e = json.get(name);
            if (e == null || e.isJsonNull()) {
                return fallback;
            }
            if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber()) {
                try {
                    return new java.math.BigDecimal(e.getAsString()).longValueExact();
                } catch (ArithmeticException | NumberFormatException outOfRange) {
                    // reported below
                }
            }
            wrong(name, "a whole number from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE, e);
            return fallback;
        }

        boolean bool(String name, boolean fallback) {
            JsonElement e = json.get(name);
            if (e == null || e.isJsonNull()) {
                return fallback;
            }
            if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isBoolean()) {
                return e.getAsBoolean();
            }
            wrong(name, "true or false", e);
            return fallback;
        }

        <E extends Enum<E>> E choice(String name, Class<E> type, E fallback) {
            String text = string(name, null);
            if (text == null) {
                return fallback;
            }
            List<String> names = new ArrayList<>();
            for (E value : type.getEnumConstants()) {
                if (fileName(value).equals(text)) {
                    return value;
                }
                names.add(fileName(value));
            }
            diagnostics.add(Diagnostic.error(elementId, "unknown " + name + " " + Quoted.string(text) + "; expected one of " + String.join(", ", names)));
            return fallback;
        }

        String oneOf(String name, List<String> allowed, String fallback) {
            JsonElement e = json.get(name);
            if (e != null && !e.isJsonNull() && !(e.isJsonPrimitive() && e.getAsJsonPrimitive().isString())) {
                wrong(name, "one of " + String.join(", ", allowed), e);
                return fallback;
            }
            String text = string(name, null);
            if (text == null) {
                return fallback;
            }
            if (!allowed.contains(text)) {
                diagnostics.add(Diagnostic.error(elementId, "unknown " + name + " " + Quoted.string(text) + "; expected one of " + String.join(", ", allowed)));
                return fallback;
            }
            return text;
        }

        JsonObject object(String name) {
            JsonElement e = json.get(name);
            if (e == null || e.isJsonNull()) {
                return null;
            }
            if (e.isJsonObject()) {
                return e.getAsJsonObject();
            }
            wrong(name, "an object {...}", e);
            return null;
        }

        List<JsonObject> objects(String name) {
            List<JsonObject> list = new ArrayList<>();
            JsonElement e = json.get(name);
            if (e == null || e.isJsonNull()) {
                return list;
            }
            if (!e.isJsonArray()) {
                wrong(name, "a list [...]", e);
                return list;
            }
            for (JsonElement item : e.getAsJsonArray()) {
                if (item.isJsonObject()) {
                    list.add(item.getAsJsonObject());
                } else {
                    wrong(name + "[" + list.size() + "]", "an object {...}", item);
                }
            }
            return list;
        }

        double number(String name, double fallback) {
            JsonElement e = json.get(name);
            if (e == null || e.isJsonNull()) {
                return fallback;
            }
            if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber()) {
                return e.getAsDouble();
            }
            wrong(name, "a number", e);
            return fallback;
        }

        double[] doubles(String name) {
            JsonElement e = json.get(name);
            if (e == null || e.isJsonNull()) {
                return null;
            }
            if (e.isJsonArray()) {
                JsonArray array = e.getAsJsonArray();
                double[] values = new double[array.size()];
                for (int i = 0; i < values.length; i++) {
                    JsonElement v = array.get(i);
                    if (!(v.isJsonPrimitive() && v.getAsJsonPrimitive().isNumber())) {
                        wrong(name, "a list of numbers", e);
                        return null;
                    }
                    values[i] = v.getAsDouble();
                }
                return values;
            }
            wrong(name, "a list of numbers", e);
            return null;
        }

        int[] integers(String name) {
            double[] values = doubles(name);
            if (values == null) {
                return null;
            }
            int[] ints = new int[values.length];
            for (int i = 0; i < values.length; i++) {
                if (values[i] != Math.rint(values[i]) || Math.abs(values[i]) > Integer.MAX_VALUE) {
                    wrong(name, "a list of unit indices (whole numbers)", new JsonPrimitive(values[i]));
                    return null;
                }
                ints[i] = (int) values[i];
            }
            return ints;
        }
    }
}
