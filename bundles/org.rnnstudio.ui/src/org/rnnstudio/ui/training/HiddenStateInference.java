package org.rnnstudio.ui.training;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.eclipse.core.resources.IFile;
import org.rnnstudio.engine.DataException;
import org.rnnstudio.engine.HiddenStateWeights;
import org.rnnstudio.engine.InferenceException;
import org.rnnstudio.engine.ObservationData;
import org.rnnstudio.engine.ObservedSequence;
import org.rnnstudio.engine.TrainingSession;
import org.rnnstudio.engine.WeightsFile;
import org.rnnstudio.engine.hmm.ForwardBackward;
import org.rnnstudio.engine.hmm.HiddenMarkovModel;
import org.rnnstudio.engine.hmm.Viterbi;
import org.rnnstudio.engine.lds.KalmanSmoother;
import org.rnnstudio.engine.lds.LinearDynamicalSystem;
import org.rnnstudio.model.Model;
import org.rnnstudio.model.ModelFile;

/**
 * What the HMM and LDS views draw, computed off the UI thread: the model file as saved, the trained weights
 * beside it (or the file's own starting values before any training), one sequence of its training data, and
 * inference on it. {@code problem} says in one line why there is nothing to draw.
 */
record HiddenStateInference(Model model, String source, ObservedSequence sequence, ForwardBackward.Result posterior, Viterbi.Path viterbi,
        KalmanSmoother.Result smoothed, String problem) {

    static HiddenStateInference failed(String problem) {
        return new HiddenStateInference(null, "", null, null, null, null, problem);
    }

    static HiddenStateInference of(IFile file, Model.Kind kind, int sequenceIndex) {
        Path modelFile = file.getLocation().toFile().toPath();
        Model model;
        try {
            model = ModelFile.read(modelFile).model();
        } catch (java.io.IOException e) {
            return failed("cannot read " + file.getName() + ": " + e.getMessage());
        }
        if (model == null || model.kind() != kind) {
            return failed(file.getName() + " is not a model of kind " + ModelFile.fileName(kind));
        }
        if (model.training() == null || model.training().data == null || model.training().data.isBlank()) {
            return failed(file.getName() + ": the training settings name no data to show");
        }
        String spec = TrainingSession.resolveData(model.training().data, modelFile.getParent());
        Path weightsFile = TrainingSession.weightsBeside(modelFile);
        try {
            List<ObservedSequence> data = ObservationData.read(model, spec);
            if (data.isEmpty()) {
                return failed(spec + " holds no sequence");
            }
            ObservedSequence s = data.get(Math.max(0, Math.min(sequenceIndex, data.size() - 1)));
            boolean trained = Files.isRegularFile(weightsFile);
            Map<String, double[][]> parameters = trained ? HiddenStateWeights.load(model, weightsFile) : null;
            String source = (trained ? "weights " + weightsFile.getFileName() : "starting values (not trained yet)") + ", data "
                    + Path.of(spec).getFileName() + ", sequence " + s.name() + " (" + s.length() + " steps)";
            if (kind == Model.Kind.HMM) {
                HiddenMarkovModel start = HiddenMarkovModel.start(model.hmm(), data, model.training().seed);
                HiddenMarkovModel hmm = parameters == null ? start : start.with(parameters);
                return new HiddenStateInference(model, source, s, ForwardBackward.run(hmm, s), Viterbi.run(hmm, s), null, null);
            }
            LinearDynamicalSystem start = LinearDynamicalSystem.start(model.lds(), model.training().seed);
            LinearDynamicalSystem lds = parameters == null ? start : start.with(parameters);
            return new HiddenStateInference(model, source, s, null, null, KalmanSmoother.smooth(lds, s), null);
        } catch (DataException | WeightsFile.WeightsException | InferenceException e) {
            return failed(e.getMessage());
        }
    }
}
