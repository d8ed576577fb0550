package org.rnnstudio.model.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.rnnstudio.model.Activation;
import org.rnnstudio.model.Connection;
import org.rnnstudio.model.Diagnostic;
import org.rnnstudio.model.Model;
import org.rnnstudio.model.ModelFile;
import org.rnnstudio.model.UnitGroup;
import org.rnnstudio.model.Validator;

/** One test per diagnostic; each asserts the element the message is about. */
class ValidatorTest {

    /** in(2) -> hidden(3, recurrent) -> out(1): valid. Tests break it one way at a time. */
    private static Model small() {
        Model m = new Model();
        m.addGroup(new UnitGroup("in", UnitGroup.Role.INPUT, 2));
        m.addGroup(new UnitGroup("hidden", UnitGroup.Role.HIDDEN, 3));
        m.addGroup(new UnitGroup("out", UnitGroup.Role.OUTPUT, 1));
        m.addConnection(new Connection("in-hidden", "in", "hidden", Connection.Kind.FULL, 0));
        m.addConnection(new Connection("recurrent", "hidden", "hidden", Connection.Kind.FULL, 1));
        m.addConnection(new Connection("hidden-out", "hidden", "out", Connection.Kind.FULL, 0));
        return m;
    }

    private static Diagnostic only(Model m, Diagnostic.Severity severity) {
        List<Diagnostic> found = Validator.validate(m).stream().filter(d -> d.severity() == severity).collect(Collectors.toList());
        assertEquals(1, found.size(), found.toString());
        return found.get(0);
    }

    @Test
    void theSmallModelAndTheBinaryAdderAreValid() throws Exception {
        assertEquals(List.of(), Validator.validate(small()));
        assertEquals(List.of(), Validator.validate(ModelFile.read(Examples.file("binary-adder/binary-adder.rnn")).model()));
    }

    @Test
    void cycleWithoutDelayNamesItsGroupsAndConnections() {
        Model m = small();
        m.addGroup(new UnitGroup("other", UnitGroup.Role.HIDDEN, 3));
        m.addConnection(new Connection("there", "hidden", "other", Connection.Kind.FULL, 0));
        m.addConnection(new Connection("back", "other", "hidden", Connection.Kind.FULL, 0));
        Diagnostic d = only(m, Diagnostic.Severity.ERROR);
        assertTrue(d.elementId().equals("there") || d.elementId().equals("back"), d.toString());
        assertTrue(d.message().contains("'hidden'") && d.message().contains("'other'"), d.message());
        assertTrue(d.message().contains("'there'") && d.message().contains("'back'"), d.message());
        assertFalse(d.message().contains("'recurrent'"), "the delayed loop is not part of it: " + d.message());
    }

    @Test
    void selfLoopWithoutDelayIsACycle() {
        Model m = small();
        m.connection("recurrent").setDelay(0);
        assertEquals("recurrent", only(m, Diagnostic.Severity.ERROR).elementId());
    }

    @Test
    void oneToOneBetweenDifferentSizes() {
        Model m = small();
        m.connection("in-hidden").setKind(Connection.Kind.ONE_TO_ONE);
        Diagnostic d = only(m, Diagnostic.Severity.ERROR);
        assertEquals("in-hidden", d.elementId());
        assertTrue(d.message().contains("'in' has 2 units, 'hidden' has 3"), d.message());
    }

    @Test
    void productOfUnequalSizes() {
        Model m = small();
        m.group("hidden").setCombine(UnitGroup.Combine.PRODUCT);
        m.connection("in-hidden").setKind(Connection.Kind.IDENTITY);
        List<Diagnostic> all = Validator.validate(m);
        Diagnostic d = all.stream().filter(Diagnostic::isError).findFirst().orElseThrow();
        assertEquals("in-hidden", d.elementId());
        assertTrue(d.message().contains("product group 'hidden' multiplies inputs of unequal size"), d.message());
    }

    @Test
    void unknownIds() {
        Model m = small();
        m.connection("hidden-out").setTo("outptu");
        Diagnostic d = only(m, Diagnostic.Severity.ERROR);
        assertEquals("hidden-out", d.elementId());
        assertTrue(d.message().contains("'outptu'"), d.message());
    }

    @Test
    void duplicateIds() {
        Model m = small();
        m.addConnection(new Connection("hidden", "hidden", "out", Connection.Kind.FULL, 1));
        Diagnostic d = only(m, Diagnostic.Severity.ERROR);
        assertEquals("hidden", d.elementId());
        assertTrue(d.message().contains("more than one element"), d.message());
    }

    @Test
    void unknownKindsAreReportedByTheReader() {
        ModelFile.ReadResult r = ModelFile.read("{\"format\":\"rnnstudio-model/1\",\"groups\":[{\"id\":\"g\",\"combine\":\"max\"}]}");
        assertEquals("g", r.diagnostics().get(0).elementId());
        assertTrue(r.diagnostics().get(0).message().contains("unknown combine \"max\""));
    }

    @Test
    void outputsWithoutTargetsAreReportedByTheReaderAndModelsWithoutOutputsHere() {
        Model m = small();
        m.group("out").setRole(UnitGroup.Role.HIDDEN);
        Diagnostic d = only(m, Diagnostic.Severity.ERROR);
        assertTrue(d.message().contains("no output group"), d.message());
    }

    @Test
    void inputsNothingReads() {
        Model m = small();
        m.addGroup(new UnitGroup("unused", UnitGroup.Role.INPUT, 5));
        Diagnostic d = only(m, Diagnostic.Severity.WARNING);
        assertEquals("unused", d.elementId());
    }

    @Test
    void zeroAndNegativeSizes() {
        Model m = small();
        m.group("hidden").setSize(0);
        m.group("out").setSize(-4);
        List<Diagnostic> errors = Validator.validate(m).stream().filter(Diagnostic::isError).collect(Collectors.toList());
        assertTrue(errors.stream().anyMatch(d -> d.elementId().equals("hidden") && d.message().contains("size is 0")), errors.toString());
        assertTrue(errors.stream().anyMatch(d -> d.elementId().equals("out") && d.message().contains("size is -4")), errors.toString());
    }

    @Test
    void absurdGroupSize() {
        Model m = small();
        m.group("hidden").setSize(2_000_000_000);
        Diagnostic d = Validator.validate(m).get(0);
        assertEquals("hidden", d.elementId());
        assertTrue(d.message().contains("limit"), d.message());
    }

    @Test
    void tooManyParametersIsRefusedBeforeAnythingIsAllocated() {
        Model m = small();
        m.group("in").setSize(900_000);
        m.group("hidden").setSize(900_000);
        Diagnostic d = only(m, Diagnostic.Severity.ERROR);
        assertTrue(d.message().contains("810000000000 parameters") || d.message().contains("parameters, more than the limit"), d.message());
    }

    @Test
    void connectionIntoAnInput() {
        Model m = small();
        m.addConnection(new Connection("feedback", "out", "in", Connection.Kind.FULL, 1));
        assertEquals("feedback", only(m, Diagnostic.Severity.ERROR).elementId());
    }

    @Test
    void negativeDelay() {
        Model m = small();
        m.connection("recurrent").setDelay(-1);
        List<Diagnostic> errors = Validator.validate(m).stream().filter(Diagnostic::isError).collect(Collectors.toList());
        assertEquals("recurrent", errors.get(0).elementId());
        assertTrue(errors.get(0).message().contains("delay -1"));
    }

    @Test
    void sharedWeightsMustHaveOneShape() {
        Model m = small();
        m.connection("in-hidden").setSharedWeights("w");
        m.connection("recurrent").setSharedWeights("w");
        Diagnostic d = only(m, Diagnostic.Severity.ERROR);
        assertEquals("recurrent", d.elementId());
        assertTrue(d.message().contains("2x3") && d.message().contains("3x3"), d.message());
    }

    @Test
    void lossMustSuitTheActivation() {
        Model m = small();
        m.group("out").setTarget(UnitGroup.Loss.CROSS_ENTROPY, UnitGroup.TargetSchedule.FINAL_STEP, 1);
        Diagnostic d = only(m, Diagnostic.Severity.ERROR);
        assertEquals("out", d.elementId());
        m.group("out").setActivation(Activation.SOFTMAX);
        assertEquals(List.of(), Validator.validate(m));
    }

    @Test
    void unitSubsetOutOfRangeAndInitialStateOfTheWrongLength() {
        Model m = small();
        m.group("in").setUnits(new int[] {0, 2});
        m.group("hidden").setInitialState(UnitGroup.InitialStateKind.FIXED, new double[] {1, 2});
        List<Diagnostic> errors = Validator.validate(m).stream().filter(Diagnostic::isError).collect(Collectors.toList());
        assertEquals(2, errors.size(), errors.toString());
        assertTrue(errors.stream().anyMatch(d -> d.elementId().equals("in") && d.message().contains("unit 2")));
        assertTrue(errors.stream().anyMatch(d -> d.elementId().equals("hidden") && d.message().contains("2 values for 3 units")));
    }

    @Test
    void cellProblemsAreReportedOnTheCellOrItsConnection() {
        Model m = small();
        org.rnnstudio.model.Cell cell = new org.rnnstudio.model.Cell("memory", org.rnnstudio.model.Cell.Kind.GRU, 3);
        m.cells().add(cell);
        m.addConnection(new Connection("in-memory", "in", "memory", Connection.Kind.FULL, 0));
        m.addConnection(new Connection("memory-out", "memory", "out", Connection.Kind.FULL, 0));
        assertEquals(List.of(), Validator.validate(m));

        m.connection("in-memory").setKind(Connection.Kind.ONE_TO_ONE);
        Diagnostic d = only(m, Diagnostic.Severity.ERROR);
        assertEquals("in-memory", d.elementId());
        assertTrue(d.message().contains("must be full"), d.message());
        m.connection("in-memory").setKind(Connection.Kind.FULL);

        cell.setPeepholes(true);
        assertEquals("memory", only(m, Diagnostic.Severity.ERROR).elementId());
        cell.setPeepholes(false);

        // a problem found in the parts is reported on the cell, naming the parts: an undelayed loop through the cell
        m.addConnection(new Connection("memory-memory", "memory", "memory", Connection.Kind.FULL, 0));
        Diagnostic loop = only(m, Diagnostic.Severity.ERROR);
        assertEquals("memory", loop.elementId(), loop.toString());
        assertTrue(loop.message().contains("cycle with no delay") && loop.message().contains("'memory-memory.reset'"), loop.message());
    }

    @Test
    void onlyIdentityConnectionsHaveAScale() {
        Model m = small();
        m.connection("in-hidden").setScale(2);
        assertEquals("in-hidden", only(m, Diagnostic.Severity.ERROR).elementId());
    }
}
