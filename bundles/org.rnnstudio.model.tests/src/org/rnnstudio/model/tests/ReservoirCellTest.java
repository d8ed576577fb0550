package org.rnnstudio.model.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.rnnstudio.model.Cell;
import org.rnnstudio.model.CellExpansion;
import org.rnnstudio.model.Connection;
import org.rnnstudio.model.Diagnostic;
import org.rnnstudio.model.Model;
import org.rnnstudio.model.ModelFile;
import org.rnnstudio.model.TrainingSettings;
import org.rnnstudio.model.UnitGroup;
import org.rnnstudio.model.Validator;

/** The reservoir cell in the file format, its checks and its parts. */
class ReservoirCellTest {

    private static Model esn(Cell reservoir) {
        Model m = new Model();
        m.addGroup(new UnitGroup("in", UnitGroup.Role.INPUT, 1));
        m.cells().add(reservoir);
        UnitGroup out = m.addGroup(new UnitGroup("out", UnitGroup.Role.OUTPUT, 1));
        out.setTarget(UnitGroup.Loss.SQUARED_ERROR, UnitGroup.TargetSchedule.EVERY_STEP, 1);
        m.addConnection(new Connection("in-r", "in", "r", Connection.Kind.FULL, 0));
        m.addConnection(new Connection("r-out", "r", "out", Connection.Kind.FULL, 0));
        return m;
    }

    @Test
    void everySettingSurvivesTheFile() {
        Cell r = new Cell("r", Cell.Kind.RESERVOIR, 300);
        r.setSpectralRadius(0.95);
        r.setConnectivity(0.03);
        r.setInputScaling(0.25);
        r.setLeakRate(0.4);
        r.setBiasScaling(0.1);
        r.setSeed(-42);
        Model m = esn(r);
        TrainingSettings t = new TrainingSettings();
        t.data = "x.csv";
        t.washout = 50;
        t.ridge = 1e-4;
        t.chooseRidge = true;
        m.setTraining(t);
        ModelFile.ReadResult read = ModelFile.read(ModelFile.write(m));
        assertEquals(List.of(), read.diagnostics());
        Cell back = read.model().cell("r");
        assertEquals(Cell.Kind.RESERVOIR, back.kind());
        assertEquals(300, back.size());
        assertEquals(0.95, back.spectralRadius());
        assertEquals(0.03, back.connectivity());
        assertEquals(0.25, back.inputScaling());
        assertEquals(0.4, back.leakRate());
        assertEquals(0.1, back.biasScaling());
        assertEquals(-42, back.seed());
        assertEquals(50, read.model().training().washout);
        assertEquals(1e-4, read.model().training().ridge);
        assertTrue(read.model().training().chooseRidge);
    }

    @Test
    void theFitSettingsAreWrittenOnlyOnceSet() {
        Model m = esn(new Cell("r", Cell.Kind.RESERVOIR, 10));
        TrainingSettings t = new TrainingSettings();
        t.data = "x.csv";
        m.setTraining(t);
        assertFalse(ModelFile.write(m).contains("washout"), "a network trained by gradients keeps its file's shape");
    }

    @Test
    void settingsOutOfRangeAreErrorsOnTheCell() {
        Cell r = new Cell("r", Cell.Kind.RESERVOIR, 10);
        r.setLeakRate(0);
        r.setConnectivity(1.5);
        r.setSpectralRadius(-1);
        r.setInitialState(UnitGroup.InitialStateKind.LEARNED);
        List<Diagnostic> problems = Validator.validate(esn(r));
        assertEquals(4, problems.stream().filter(d -> d.severity() == Diagnostic.Severity.ERROR && "r".equals(d.elementId())).count(),
                problems.toString());
    }

    @Test
    void itExpandsToALeakyTanhLayerWhoseWeightsAreFrozen() {
        Cell r = new Cell("r", Cell.Kind.RESERVOIR, 10);
        r.setLeakRate(0.3);
        r.setBiasScaling(0.5);
        Model parts = CellExpansion.expand(esn(r));
        assertFalse(parts.connection("r.recurrent").trainable());
        assertFalse(parts.connection("in-r.candidate").trainable(), "the input weights are the reservoir's");
        assertTrue(parts.connection("r-out").trainable(), "the readout learns");
        assertEquals(0.3, parts.connection("r.candidate-h").scale());
        assertEquals(0.7, parts.connection("r.leak").scale(), 1e-15);
        assertEquals(1, parts.connection("r.leak").delay());
        assertTrue(parts.group("r.candidate").fixedBias());
        assertEquals(List.of(), Validator.validate(esn(r)));
    }
}
