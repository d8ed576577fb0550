package org.rnnstudio.ui.analysis;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.rnnstudio.engine.InvalidModelException;
import org.rnnstudio.engine.Network;
import org.rnnstudio.engine.Plan;
import org.rnnstudio.engine.TrainingSession;
import org.rnnstudio.engine.WeightsFile;
import org.rnnstudio.model.Model;
import org.rnnstudio.ui.editor.RnnEditor;

/** The active editor's model with the trained weights beside its file, as Evaluate and Sample run it. */
public record TrainedNetwork(Network network, Path modelFile, Path weights) {

    /** Says in one sentence why not, when the model has errors or has not been trained. */
    public static final class NotTrained extends Exception {
        private static final long serialVersionUID = 1L;

        NotTrained(String message) {
            super(message);
        }
    }

    public static TrainedNetwork of(RnnEditor editor) throws NotTrained {
        Model model = editor.document().model();
        Path modelFile = editor.file().getLocation().toFile().toPath();
        Path weights = TrainingSession.weightsBeside(modelFile);
        if (!Files.isRegularFile(weights)) {
            throw new NotTrained("There are no trained weights beside " + editor.file().getName() + " (" + weights.getFileName() + "): Train first.");
        }
        try {
            Network network = new Network(Plan.compile(model));
            WeightsFile.load(network, weights);
            return new TrainedNetwork(network, modelFile, weights);
        } catch (InvalidModelException e) {
            throw new NotTrained("The model has errors (see the Problems view): " + e.getMessage());
        } catch (IOException | WeightsFile.WeightsException e) {
            throw new NotTrained("The weights in " + weights.getFileName() + " do not fit the model as it is now: " + e.getMessage()
                    + " Train again, or restore a run that matches.");
        }
    }
}
