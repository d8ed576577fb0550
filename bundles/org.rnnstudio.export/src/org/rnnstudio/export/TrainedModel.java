package org.rnnstudio.export;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.rnnstudio.engine.InvalidModelException;
import org.rnnstudio.engine.Network;
import org.rnnstudio.engine.Plan;
import org.rnnstudio.engine.WeightsFile;
import org.rnnstudio.model.Diagnostic;
import org.rnnstudio.model.Model;
import org.rnnstudio.model.ModelFile;
import org.rnnstudio.model.TextFiles;
import org.rnnstudio.model.TrainingSettings;
import org.rnnstudio.model.Validator;

/**
 * What every exporter reads: a valid model, its compiled plan with weights, and the vocabulary of a text
 * model. Without trained weights the model still exports, with the initial weights its training settings
 * give, and a warning that says so.
 */
public final class TrainedModel {

    private final Model model;
    private final String modelName;
    private final Network network;
    private final String vocabulary;
    private final List<String> warnings;

    private TrainedModel(Model model, String modelName, Network network, String vocabulary, List<String> warnings) {
        this.model = model;
        this.modelName = modelName;
        this.network = network;
        this.vocabulary = vocabulary;
        this.warnings = warnings;
    }

    /** {@code NAME.weights.json} beside {@code NAME.rnn}: where training writes the weights. */
    public static Path weightsBeside(Path modelFile) {
        String name = modelFile.getFileName().toString();
        String base = name.endsWith(".rnn") ? name.substring(0, name.length() - 4) : name;
        return modelFile.resolveSibling(base + ".weights.json");
    }

    /**
     * Reads the model and its weights: {@code weights} when given (it must exist), else the weights file
     * beside the model when there is one, else the initial weights (with a warning).
     */
    public static TrainedModel load(Path modelFile, Path weights) throws ExportException {
        ModelFile.ReadResult read;
        try {
            read = ModelFile.read(modelFile);
        } catch (NoSuchFileException e) {
            throw new ExportException("no model file " + modelFile);
        } catch (TextFiles.TextException e) {
            throw new ExportException(e.getMessage());
        } catch (IOException e) {
            throw new ExportException("cannot read " + modelFile + ": " + e.getMessage());
        }
        String name = modelFile.getFileName().toString();
        Model model = valid(read, name);
        Path file = weights != null ? weights : weightsBeside(modelFile);
        if (weights == null && !Files.exists(file)) {
            return untrained(model, name, file.getFileName() + " not found");
        }
        Network network = new Network(compile(model, name));
        try {
            WeightsFile.load(network, file);
            return new TrainedModel(model, name, network, WeightsFile.vocabulary(file), List.of());
        } catch (NoSuchFileException e) {
            throw new ExportException("no weights file " + file);
        } catch (IOException e) {
            throw new ExportException("cannot read " + file + ": " + e.getMessage());
        } catch (WeightsFile.WeightsException e) {
            throw new ExportException(e.getMessage());
        }
    }

    /** A model already in memory with weights already set (the studio's editor after training). */
    public static TrainedModel of(Model model, String name, Network network, String vocabulary, boolean trained) {
        List<String> warnings = trained ? List.of() : List.of(untrainedWarning(model, "no trained weights"));
        return new TrainedModel(model, name, network, vocabulary, warnings);
    }

    /** The model with the initial weights its training settings give: what training would start from. */
    public static TrainedModel untrained(Model model, String name, String why) throws ExportException {
        Network network = new Network(compile(model, name));
        TrainingSettings t = model.training() != null ? model.training() : new TrainingSettings();
        try {
            network.initialize(t.init(), t.initScale, t.seed);
        } catch (IllegalArgumentException e) {
            throw new ExportException(name + ": the training settings name an unknown init '" + t.init + "'");
        }
        return new TrainedModel(model, name, network, null, List.of(untrainedWarning(model, why)));
    }

    private static String untrainedWarning(Model model, String why) {
        TrainingSettings t = model.training() != null ? model.training() : new TrainingSettings();
        return "the model is untrained (" + why + "): exporting its initial weights (init " + t.init + ", seed " + t.seed
                + "), which compute nothing useful; train it first";
    }

    static Model valid(ModelFile.ReadResult read, String name) throws ExportException {
        List<Diagnostic> diagnostics = new ArrayList<>(read.diagnostics());
        if (read.model() != null) {
            diagnostics.addAll(Validator.validate(read.model()));
        }
        for (Diagnostic d : diagnostics) {
            if (d.isError()) {
                throw new ExportException(name + ": " + d + " (fix the model before exporting it)");
            }
        }
        return read.model();
    }

    private static Plan compile(Model model, String name) throws ExportException {
        try {
            return Plan.compile(model);
        } catch (InvalidModelException e) {
            throw new ExportException(name + ": " + e.getMessage());
        }
    }

    public Model model() {
        return model;
    }

    /** The model file's name, for messages. */
    public String name() {
        return modelName;
    }

    public Network network() {
        return network;
    }

    public Plan plan() {
        return network.plan();
    }

    /** The characters of a text model in input order, or null. */
    public String vocabulary() {
        return vocabulary;
    }

    /** False when the weights are the initial ones (the warnings say so). */
    public boolean isTrained() {
        return warnings.isEmpty();
    }

    /** What the person exporting should know, e.g. that the weights are untrained. */
    public List<String> warnings() {
        return warnings;
    }
}
