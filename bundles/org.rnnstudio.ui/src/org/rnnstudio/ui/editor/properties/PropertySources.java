package org.rnnstudio.ui.editor.properties;

import org.rnnstudio.engine.InvalidModelException;
import org.rnnstudio.engine.ParameterCount;
import org.rnnstudio.model.Activation;
import org.rnnstudio.model.Cell;
import org.rnnstudio.model.Connection;
import org.rnnstudio.model.Model;
import org.rnnstudio.model.TrainingSettings;
import org.rnnstudio.model.UnitGroup;
import org.rnnstudio.model.Validator;
import org.rnnstudio.ui.editor.ModelDocument;

/** What the Properties view shows for the model, a group, or a connection. */
public final class PropertySources {

    private PropertySources() {
    }

    public static Properties forModel(ModelDocument document) {
        Model m = document.model();
        Properties p = new Properties(document)
                .text("name", "Name", "Model", m::name, m::setName, null)
                .text("notes", "Notes", "Model", m::notes, m::setNotes, null)
                .readOnly("groups", "Groups", "Model", () -> Integer.toString(m.groups().size()))
                .readOnly("connections", "Connections", "Model", () -> Integer.toString(m.connections().size()))
                .readOnly("parameters", "Parameters", "Model", () -> parameters(document, null));
        // the training settings are stored with the model; the first change creates them
        java.util.function.Supplier<TrainingSettings> t = () -> {
            if (m.training() == null) {
                m.setTraining(new TrainingSettings());
            }
            return m.training();
        };
        TrainingSettings defaults = new TrainingSettings();
        java.util.function.Supplier<TrainingSettings> shown = () -> m.training() != null ? m.training() : defaults;
        String c = "Training";
        return p.text("training.data", "Data", c, () -> shown.get().data, v -> t.get().data = v.trim(), null)
                .number("training.epochs", "Epochs", c, () -> shown.get().epochs, v -> t.get().epochs = v, 1, 10_000_000)
                .number("training.batch", "Batch", c, () -> shown.get().batch, v -> t.get().batch = v, 1, 1_000_000)
                .names("training.optimizer", "Optimizer", c, TrainingSettings.OPTIMIZERS, () -> shown.get().optimizer, v -> t.get().optimizer = v)
                .real("training.learningRate", "Learning rate", c, () -> shown.get().learningRate, v -> t.get().learningRate = v, 1e-12, 100)
                .real("training.momentum", "Momentum", c, () -> shown.get().momentum, v -> t.get().momentum = v, 0, 1)
                .real("training.clipNorm", "Clip norm (0 = off)", c, () -> shown.get().clipNorm, v -> t.get().clipNorm = v, 0, 1e6)
                .real("training.weightDecay", "Weight decay", c, () -> shown.get().weightDecay, v -> t.get().weightDecay = v, 0, 10)
                .names("training.schedule", "Schedule", c, TrainingSettings.SCHEDULES, () -> shown.get().schedule, v -> t.get().schedule = v)
                .longNumber("training.seed", "Seed", c, () -> shown.get().seed, v -> t.get().seed = v)
                .number("training.truncation", "Truncation (0 = full BPTT)", c, () -> shown.get().truncation, v -> t.get().truncation = v, 0, 1_000_000)
                .names("training.init", "Initialisation", c, TrainingSettings.INITIALIZATIONS, () -> shown.get().init, v -> t.get().init = v)
                .names("training.precision", "Precision of the products", c, TrainingSettings.PRECISIONS, () -> shown.get().precision,
                        v -> t.get().precision = v)
                .real("training.validation", "Validation fraction", c, () -> shown.get().validation, v -> t.get().validation = v, 0, 0.99)
                .number("training.patience", "Patience (0 = off)", c, () -> shown.get().patience, v -> t.get().patience = v, 0, 1_000_000);
    }

    public static Properties forGroup(ModelDocument document, UnitGroup g) {
        Properties p = new Properties(document)
                .text("id", "Id", "Group", g::id, id -> document.renameGroup(g, id.trim()), id -> checkId(document, g, id))
                .text("name", "Name", "Group", g::name, g::setName, null)
                .choice("role", "Role", "Group", UnitGroup.Role.class, g::role, g::setRole)
                .number("size", "Size", "Group", g::size, g::setSize, 1, Validator.MAX_GROUP_SIZE)
                .readOnly("parameters", "Parameters", "Group", () -> parameters(document, g.id()));
        if (g.isInput()) {
            return p.choice("inputSchedule", "Input schedule", "Input", UnitGroup.InputSchedule.class, g::inputSchedule, g::setInputSchedule);
        }
        p.choice("activation", "Activation", "Units", Activation.class, g::activation, g::setActivation)
                .bool("bias", "Bias", "Units", g::bias, g::setBias)
                .choice("combine", "Combine inputs", "Units", UnitGroup.Combine.class, g::combine, g::setCombine)
                .choice("initialState", "Initial state", "Units", UnitGroup.InitialStateKind.class, g::initialState,
                        kind -> g.setInitialState(kind, g.initialValues()));
        if (g.isOutput()) {
            p.choice("loss", "Loss", "Target", UnitGroup.Loss.class, g::loss, loss -> g.setTarget(loss, g.targetSchedule(), g.targetSteps()))
                    .choice("targetSchedule", "Target schedule", "Target", UnitGroup.TargetSchedule.class, g::targetSchedule,
                            s -> g.setTarget(g.loss(), s, g.targetSteps()))
                    .number("targetSteps", "Last k steps", "Target", g::targetSteps, k -> g.setTarget(g.loss(), g.targetSchedule(), k), 1, 1_000_000)
                    .text("next", "Next term of (input group)", "Target", () -> g.next() == null ? "" : g.next(),
                            v -> g.setNext(v.isBlank() ? null : v.trim()), null);
        }
        return p;
    }

    public static Properties forCell(ModelDocument document, Cell c) {
        Properties p = new Properties(document)
                .text("id", "Id", "Cell", c::id, id -> document.renameCell(c, id.trim()), id -> checkId(document, c, id))
                .text("name", "Name", "Cell", c::name, c::setName, null)
                .choice("kind", "Kind", "Cell", Cell.Kind.class, c::kind, c::setKind)
                .number("size", "Size", "Cell", c::size, c::setSize, 1, Validator.MAX_GROUP_SIZE)
                .readOnly("parameters", "Parameters", "Cell", () -> parameters(document, c.id()))
                .choice("initialState", "Initial state", "Cell", UnitGroup.InitialStateKind.class, c::initialState, c::setInitialState);
        if (c.kind() == Cell.Kind.ELMAN) {
            p.choice("activation", "Activation", "Cell", Activation.class, c::activation, c::setActivation);
        }
        if (c.kind() == Cell.Kind.LSTM) {
            p.bool("peepholes", "Peepholes", "Cell", c::peepholes, c::setPeepholes);
        }
        if (c.kind() == Cell.Kind.RESERVOIR) {
            p.real("spectralRadius", "Spectral radius", "Reservoir", c::spectralRadius, c::setSpectralRadius, 0, 1e6)
                    .real("connectivity", "Connectivity (fraction of weights)", "Reservoir", c::connectivity, c::setConnectivity, 1e-9, 1)
                    .real("inputScaling", "Input scaling", "Reservoir", c::inputScaling, c::setInputScaling, 0, 1e6)
                    .real("leakRate", "Leak rate (1 = none)", "Reservoir", c::leakRate, c::setLeakRate, 1e-9, 1)
                    .real("biasScaling", "Bias scaling (0 = none)", "Reservoir", c::biasScaling, c::setBiasScaling, 0, 1e6)
                    .text("seed", "Seed", "Reservoir", () -> Long.toString(c.seed()), v -> c.setSeed(Long.parseLong(v.trim())), v -> {
                        try {
                            Long.parseLong(v.trim());
                            return null;
                        } catch (NumberFormatException e) {
                            return "Seed must be a whole number, not '" + v + "'";
                        }
                    });
        }
        return p;
    }

    public static Properties forConnection(ModelDocument document, Connection c) {
        return new Properties(document)
                .text("id", "Id", "Connection", c::id, id -> document.renameConnection(c, id.trim()), id -> checkId(document, c, id))
                .readOnly("from", "From", "Connection", c::from)
                .readOnly("to", "To", "Connection", c::to)
                .choice("kind", "Kind", "Connection", Connection.Kind.class, c::kind, c::setKind)
                .number("delay", "Delay (steps)", "Connection", c::delay, c::setDelay, 0, Validator.MAX_DELAY)
                .text("shared", "Shared weights", "Connection", () -> c.sharedWeights() == null ? "" : c.sharedWeights(),
                        s -> c.setSharedWeights(s.isBlank() ? null : s.trim()), null)
                .bool("trainable", "Trainable", "Connection", c::trainable, c::setTrainable)
                .readOnly("parameters", "Parameters", "Connection", () -> parameters(document, c.id()));
    }

    /** How many numbers an element (or, for a null id, the model) learns; "–" while the model has errors and has no plan. */
    private static String parameters(ModelDocument document, String id) {
        try {
            ParameterCount count = document.parameterCount();
            ParameterCount.Element e = id == null ? null : count.element(id);
            return id == null ? Integer.toString(count.total()) : e == null ? "–" : Integer.toString(e.total());
        } catch (InvalidModelException e) {
            return "–";
        }
    }

    private static String checkId(ModelDocument document, Object element, String id) {
        String trimmed = id.trim();
        if (trimmed.isEmpty()) {
            return "an id cannot be empty";
        }
        if (!trimmed.matches("[A-Za-z0-9_.\\-]+")) {
            return "an id is letters, digits, '_', '.' and '-' only";
        }
        return document.isFreeId(trimmed, element) ? null : "'" + trimmed + "' is already the id of another element";
    }
}
