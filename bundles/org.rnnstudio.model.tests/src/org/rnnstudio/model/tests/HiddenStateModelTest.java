package org.rnnstudio.model.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.rnnstudio.model.Diagnostic;
import org.rnnstudio.model.HmmDescription;
import org.rnnstudio.model.LdsDescription;
import org.rnnstudio.model.Model;
import org.rnnstudio.model.ModelFile;
import org.rnnstudio.model.Validator;

/** Models of kind lds and hmm: reading, canonical writing, and the validator's element-naming messages. */
class HiddenStateModelTest {

    private static final String HEAD = "{\"format\": \"rnnstudio-model/1\", ";

    private static List<String> problems(String text) {
        ModelFile.ReadResult read = ModelFile.read(text);
        List<Diagnostic> all = new java.util.ArrayList<>(read.diagnostics());
        all.addAll(Validator.validate(read.model()));
        return all.stream().map(Diagnostic::toString).collect(Collectors.toList());
    }

    @Test
    void theExamplesReadValidateAndWriteBackUnchanged() throws IOException {
        for (String example : List.of("hmm-casino/casino.rnn", "lds-tracking/tracking.rnn")) {
            String text = Files.readString(Examples.file(example), StandardCharsets.UTF_8);
            ModelFile.ReadResult read = ModelFile.read(text);
            assertEquals(List.of(), read.diagnostics(), example);
            assertEquals(List.of(), Validator.validate(read.model()), example);
            assertEquals(text, ModelFile.write(read.model()), example);
        }
        Model casino = ModelFile.read(Examples.file("hmm-casino/casino.rnn")).model();
        assertEquals(Model.Kind.HMM, casino.kind());
        assertEquals(List.of("fair", "loaded"), casino.hmm().stateNames());
        assertArrayEquals(new double[] {0.5, 0.5}, casino.hmm().parameters().get("pi")[0]);
        Model tracking = ModelFile.read(Examples.file("lds-tracking/tracking.rnn")).model();
        assertEquals(LdsDescription.Noise.DIAGONAL, tracking.lds().observationNoise());
        assertTrue(tracking.lds().isFixed("A") && !tracking.lds().isFixed("Q"));
    }

    @Test
    void aNetworkFileHasNoKindAndStaysANetwork() throws IOException {
        String adder = Files.readString(Examples.file("binary-adder/binary-adder.rnn"), StandardCharsets.UTF_8);
        Model model = ModelFile.read(adder).model();
        assertEquals(Model.Kind.NETWORK, model.kind());
        assertNull(model.lds());
        assertFalse(ModelFile.write(model).contains("\"kind\": \"network\""));
        assertEquals(Model.Kind.NETWORK, ModelFile.read(HEAD + "\"kind\": \"network\", \"groups\": []}").model().kind());
    }

    @Test
    void everyFieldOfAnHmmSurvivesARoundTrip() {
        Model model = new Model();
        model.setKind(Model.Kind.HMM);
        HmmDescription h = new HmmDescription();
        h.setStates(3);
        h.setEmission(HmmDescription.Emission.GAUSSIAN);
        h.setDimensions(2);
        h.setPseudocount(0.5);
        h.stateNames().addAll(List.of("a", "b", "c"));
        h.fixed().add("means");
        h.parameters().put("means", new double[][] {{1, 2}, {3, 4}, {5, 6}});
        h.parameters().put("pi", new double[][] {{0.2, 0.3, 0.5}});
        model.setHmm(h);
        String text = ModelFile.write(model);
        Model back = ModelFile.read(text).model();
        assertEquals(text, ModelFile.write(back));
        assertEquals(HmmDescription.Emission.GAUSSIAN, back.hmm().emission());
        assertEquals(0.5, back.hmm().pseudocount());
        assertArrayEquals(new double[] {0.2, 0.3, 0.5}, back.hmm().parameters().get("pi")[0]);
        assertArrayEquals(new double[] {5, 6}, back.hmm().parameters().get("means")[2]);
        assertEquals(List.of(), Validator.validate(back));
        assertFalse(text.contains("\"groups\": ["), "a hidden-state model has no groups");
    }

    @Test
    void theValidatorNamesTheElement() {
        assertEquals(List.of("error in 'lds': a model of kind lds needs an \"lds\" object: its sizes (state, observation, input)"),
                problems(HEAD + "\"kind\": \"lds\"}"));
        assertEquals(List.of("error in 'hmm': \"hmm\" describes a model of kind hmm; the file needs \"kind\": \"hmm\""),
                problems(HEAD + "\"hmm\": {}}"));
        assertEquals(List.of("error in 'hmm.A': row 1 holds probabilities that sum to 0.9, not 1"),
                problems(HEAD + "\"kind\": \"hmm\", \"hmm\": {\"parameters\": {\"A\": [[0.5, 0.5], [0.3, 0.6]]}}}"));
        assertEquals(List.of("error in 'lds.C': is 1x2, but these sizes make it 2x3"),
                problems(HEAD + "\"kind\": \"lds\", \"lds\": {\"state\": 3, \"observation\": 2, \"parameters\": {\"C\": [1, 2]}}}"));
        assertEquals(List.of("error in 'lds.R': this noise is diagonal: [1][0] must be 0"),
                problems(HEAD + "\"kind\": \"lds\", \"lds\": {\"observation\": 2, \"observationNoise\": \"diagonal\", "
                        + "\"parameters\": {\"R\": [[1, 0.1], [0.1, 1]]}}}"));
        assertEquals(List.of("error in 'lds.Q': a covariance is symmetric; [1][0] differs from [0][1]"),
                problems(HEAD + "\"kind\": \"lds\", \"lds\": {\"state\": 2, \"parameters\": {\"Q\": [[1, 0.2], [0.1, 1]]}}}"));
        assertEquals(List.of("error in 'lds.A': a fixed parameter set needs its values in \"parameters\""),
                problems(HEAD + "\"kind\": \"lds\", \"lds\": {\"fixed\": [\"A\"]}}"));
        assertEquals(List.of("error in 'hmm': \"fixed\" names 'B', which is not one of pi, A, means, variances"),
                problems(HEAD + "\"kind\": \"hmm\", \"hmm\": {\"emission\": \"gaussian\", \"fixed\": [\"B\"]}}"));
        assertEquals(List.of("error in 'hmm.variances': a variance is above 0 (state 1 has 0.0)"),
                problems(HEAD + "\"kind\": \"hmm\", \"hmm\": {\"emission\": \"gaussian\", \"parameters\": {\"variances\": [[1], [0]]}}}"));
        assertEquals(List.of("error in 'hmm': these sizes need 100020000 parameters, more than the limit of 50000000"),
                problems(HEAD + "\"kind\": \"hmm\", \"hmm\": {\"states\": 10000, \"symbols\": 1}}"));
        assertEquals(List.of("error in 'lds': a model of kind lds has no groups, cells or connections"),
                problems(HEAD + "\"kind\": \"lds\", \"lds\": {}, \"groups\": [{\"id\": \"g\"}]}"));
        assertEquals("error: unknown kind \"rnn\"; expected one of network, lds, hmm", problems(HEAD + "\"kind\": \"rnn\"}").get(0));
    }
}
