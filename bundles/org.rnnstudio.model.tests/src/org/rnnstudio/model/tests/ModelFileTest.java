package org.rnnstudio.model.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnstudio.model.Connection;
import org.rnnstudio.model.Diagnostic;
import org.rnnstudio.model.Model;
import org.rnnstudio.model.ModelFile;
import org.rnnstudio.model.UnitGroup;

class ModelFileTest {

    @Test
    void binaryAdderReadsAsTheLectureDrawsIt() throws IOException {
        ModelFile.ReadResult result = ModelFile.read(Examples.file("binary-adder/binary-adder.rnn"));
        assertEquals(List.of(), result.diagnostics());
        Model model = result.model();
        assertEquals(3, model.groups().size());
        assertEquals(2, model.group("input").size());
        assertTrue(model.group("input").isInput());
        assertEquals(3, model.group("hidden").size());
        assertEquals(UnitGroup.InitialStateKind.LEARNED, model.group("hidden").initialState());
        assertEquals(UnitGroup.Loss.LOGISTIC_CROSS_ENTROPY, model.group("output").loss());
        Connection recurrent = model.connection("hidden-hidden");
        assertEquals(1, recurrent.delay());
        assertEquals(Connection.Kind.FULL, recurrent.kind());
        assertEquals(new Model.Bounds(40, 150, 140, 50), model.bounds().get("hidden"));
        assertEquals(3, model.bendPoints().get("hidden-hidden").size());
    }

    /** Reading then writing gives the same file, layout included (the example is written in canonical form). */
    @Test
    void readingThenWritingGivesTheSameFile() throws IOException {
        String text = Files.readString(Examples.file("binary-adder/binary-adder.rnn"), StandardCharsets.UTF_8);
        String written = ModelFile.write(ModelFile.read(text).model());
        assertEquals(withoutWhitespace(text), withoutWhitespace(written));
        assertEquals(written, ModelFile.write(ModelFile.read(written).model()));
    }

    @Test
    void everyFieldSurvivesARoundTrip() {
        Model model = new Model();
        model.setName("all fields");
        model.setNotes("notes with \"quotes\" and <angles>");
        UnitGroup in = model.addGroup(new UnitGroup("in", UnitGroup.Role.INPUT, 4));
        in.setInputSchedule(UnitGroup.InputSchedule.FIRST_STEP);
        in.setUnits(new int[] {0, 2});
        UnitGroup gate = model.addGroup(new UnitGroup("gate", UnitGroup.Role.HIDDEN, 4));
        gate.setCombine(UnitGroup.Combine.PRODUCT);
        gate.setBias(false);
        gate.setActivation(org.rnnstudio.model.Activation.TANH);
        gate.setInitialState(UnitGroup.InitialStateKind.FIXED, new double[] {0.5, -1, 0.25, 2});
        UnitGroup out = model.addGroup(new UnitGroup("out", UnitGroup.Role.OUTPUT, 3));
        out.setActivation(org.rnnstudio.model.Activation.SOFTMAX);
        out.setTarget(UnitGroup.Loss.CROSS_ENTROPY, UnitGroup.TargetSchedule.LAST_STEPS, 2);
        Connection a = model.addConnection(new Connection("a", "in", "gate", Connection.Kind.ONE_TO_ONE, 2));
        a.setSharedWeights("tied");
        a.setTrainable(false);
        model.addConnection(new Connection("b", "gate", "gate", Connection.Kind.IDENTITY, 1));
        model.addConnection(new Connection("c", "gate", "out", Connection.Kind.FULL, 0));
        model.bounds().put("gate", new Model.Bounds(1, 2, 3, 4));
        model.bendPoints().put("b", List.of(new Model.Point(5, 6)));

        String text = ModelFile.write(model);
        ModelFile.ReadResult back = ModelFile.read(text);
        assertEquals(List.of(), back.diagnostics());
        assertEquals(text, ModelFile.write(back.model()));
        UnitGroup gateBack = back.model().group("gate");
        assertEquals(UnitGroup.Combine.PRODUCT, gateBack.combine());
        assertEquals(-1.0, gateBack.initialValues()[1]);
        assertEquals(UnitGroup.InputSchedule.FIRST_STEP, back.model().group("in").inputSchedule());
        assertEquals(2, back.model().group("in").units()[1]);
        assertEquals(2, back.model().group("out").targetSteps());
        assertEquals("tied", back.model().connection("a").sharedWeights());
        assertFalse(back.model().connection("a").trainable());
        assertEquals("notes with \"quotes\" and <angles>", back.model().notes());
    }

    @Test
    void cellsAndScalesRoundTrip() {
        Model model = new Model();
        model.addGroup(new UnitGroup("x", UnitGroup.Role.INPUT, 3));
        org.rnnstudio.model.Cell lstm = new org.rnnstudio.model.Cell("memory", org.rnnstudio.model.Cell.Kind.LSTM, 8);
        lstm.setPeepholes(true);
        lstm.setInitialState(UnitGroup.InitialStateKind.LEARNED);
        model.cells().add(lstm);
        org.rnnstudio.model.Cell elman = new org.rnnstudio.model.Cell("layer", org.rnnstudio.model.Cell.Kind.ELMAN, 4);
        elman.setActivation(org.rnnstudio.model.Activation.RELU);
        model.cells().add(elman);
        model.addConnection(new Connection("x-memory", "x", "memory", Connection.Kind.FULL, 0));
        model.addConnection(new Connection("memory-layer", "memory", "layer", Connection.Kind.FULL, 0));
        model.addConnection(new Connection("x-x", "x", "layer", Connection.Kind.IDENTITY, 2)).setScale(-1);
        String text = ModelFile.write(model);
        ModelFile.ReadResult back = ModelFile.read(text);
        assertEquals(List.of(), back.diagnostics());
        assertEquals(text, ModelFile.write(back.model()));
        assertTrue(back.model().cell("memory").peepholes());
        assertEquals(org.rnnstudio.model.Activation.RELU, back.model().cell("layer").activation());
        assertEquals(-1.0, back.model().connection("x-x").scale());
        assertFalse(ModelFile.write(new Model()).contains("cells"), "models without cells are written as before");
    }

    @Test
    void malformedJsonGivesLineAndColumn() {
        ModelFile.ReadResult result = ModelFile.read("{\n  \"format\": \"rnnstudio-model/1\",\n  \"groups\": [ { \"id\": \"a\" ]\n}");
        assertNull(result.model());
        Diagnostic d = result.diagnostics().get(0);
        assertTrue(d.isError());
        assertEquals(3, d.line());
        assertTrue(d.column() > 20, d.toString());
        assertTrue(d.message().startsWith("malformed JSON"), d.message());
        assertFalse(d.message().contains("See "), "no troubleshooting links: " + d.message());
        assertFalse(d.message().contains("Exception"), "no Java class names: " + d.message());
    }

    @Test
    void newerFormatIsRefused() {
        ModelFile.ReadResult result = ModelFile.read("{\"format\": \"rnnstudio-model/7\", \"groups\": []}");
        assertNull(result.model());
        assertTrue(result.diagnostics().get(0).message().contains("made by a newer RNN Studio"));
    }

    @Test
    void unknownKindsAndWrongTypesNameTheElement() {
        ModelFile.ReadResult result = ModelFile.read("{\"format\": \"rnnstudio-model/1\", \"groups\": ["
                + "{\"id\": \"h\", \"size\": \"three\", \"activation\": \"sigmoid\"}],"
                + "\"connections\": [{\"id\": \"c\", \"from\": \"h\", \"to\": \"h\", \"kind\": \"fully\", \"delay\": 1, \"wieght\": 3}]}");
        assertNotNull(result.model());
        assertTrue(result.hasErrors());
        String all = result.diagnostics().stream().map(Diagnostic::toString).collect(Collectors.joining("\n"));
        assertTrue(all.contains("error in 'h': \"size\" must be a whole number, not \"three\""), all);
        assertTrue(all.contains("error in 'h': unknown activation \"sigmoid\"; expected one of linear, logistic, tanh, relu, softmax"), all);
        assertTrue(all.contains("error in 'c': unknown kind \"fully\"; expected one of full, one-to-one, identity"), all);
        assertTrue(all.contains("warning in 'c': unknown field \"wieght\""), all);
    }

    @Test
    void outputWithoutTargetIsAnError() {
        ModelFile.ReadResult result = ModelFile.read("{\"format\": \"rnnstudio-model/1\", \"groups\": [{\"id\": \"o\", \"role\": \"output\"}]}");
        Diagnostic d = result.diagnostics().get(0);
        assertEquals("o", d.elementId());
        assertTrue(d.message().contains("no \"target\""), d.message());
    }

    @Test
    void atomicWriteReplacesTheWholeFileAndLeavesNoTemporaryFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("m.rnn");
        Files.writeString(file, "old");
        Model model = new Model();
        model.setName("new");
        ModelFile.writeAtomically(model, file);
        assertEquals(ModelFile.write(model), Files.readString(file));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(file), files.collect(Collectors.toList()));
        }
    }

    /** The hand-written short form in docs/model-format.md is a valid model: the docs say what the reader does. */
    @Test
    void theDocumentedExampleReadsAndValidates() throws IOException {
        String doc = Files.readString(Examples.file("../docs/model-format.md"), StandardCharsets.UTF_8);
        int start = doc.indexOf("```json\n") + "```json\n".length();
        String json = doc.substring(start, doc.indexOf("```", start));
        ModelFile.ReadResult result = ModelFile.read(json);
        assertEquals(List.of(), result.diagnostics());
        assertEquals(List.of(), org.rnnstudio.model.Validator.validate(result.model()));
        assertEquals(1, result.model().connection("hidden-hidden").delay());
    }

    private static String withoutWhitespace(String json) {
        return json.replaceAll("\\s+(?=([^\"]*\"[^\"]*\")*[^\"]*$)", "");
    }
}
