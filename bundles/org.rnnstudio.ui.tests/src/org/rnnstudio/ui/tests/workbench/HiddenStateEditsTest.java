package org.rnnstudio.ui.tests.workbench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.rnnstudio.engine.ObservationData;
import org.rnnstudio.engine.ObservedSequence;
import org.rnnstudio.model.HmmDescription;
import org.rnnstudio.model.Model;
import org.rnnstudio.model.ModelFile;
import org.rnnstudio.model.Validator;
import org.rnnstudio.ui.editor.hidden.HmmEdits;
import org.rnnstudio.ui.wizards.Templates;

/** The editor's changes to an HMM keep it a valid model; the hidden-state templates are valid and come with their data. */
class HiddenStateEditsTest {

    private static HmmDescription casino() {
        HmmDescription h = new HmmDescription();
        h.setSymbols(3);
        h.parameters().put("pi", new double[][] {{0.25, 0.75}});
        h.parameters().put("A", new double[][] {{0.9, 0.1}, {0.2, 0.8}});
        h.parameters().put("B", new double[][] {{0.5, 0.25, 0.25}, {0.1, 0.1, 0.8}});
        return h;
    }

    private static Model model(HmmDescription h) {
        Model m = new Model();
        m.setName("edited");
        m.setKind(Model.Kind.HMM);
        m.setHmm(h);
        return m;
    }

    @Test
    void aStateAddedTakesAThirdOfEveryRowAndTheModelStaysValid() {
        HmmDescription h = casino();
        HmmEdits.addState(h);
        assertEquals(3, h.states());
        assertArrayEquals(new double[] {0.6, 0.2 / 3, 1.0 / 3}, h.parameters().get("A")[0], 1e-15);
        assertArrayEquals(new double[] {1.0 / 3, 1.0 / 3, 1.0 / 3}, h.parameters().get("A")[2], 1e-15);
        assertArrayEquals(new double[] {1.0 / 6, 0.5, 1.0 / 3}, h.parameters().get("pi")[0], 1e-15);
        assertFalse(Validator.hasErrors(Validator.validate(model(h))), Validator.validate(model(h)).toString());
    }

    @Test
    void aStateRemovedLeavesTheOthersRowsRenormalised() {
        HmmDescription h = casino();
        HmmEdits.removeState(h, 0);
        assertEquals(1, h.states());
        assertArrayEquals(new double[][] {{1.0}}, h.parameters().get("A"));
        assertArrayEquals(new double[] {0.1, 0.1, 0.8}, h.parameters().get("B")[0], 0.0);
        assertFalse(Validator.hasErrors(Validator.validate(model(h))));
        assertThrows(IllegalArgumentException.class, () -> HmmEdits.removeState(h, 0), "an HMM keeps one state");
    }

    @Test
    void settingAProbabilityAndSettingItBackRestoresTheRow() {
        HmmDescription h = casino();
        h.parameters().put("A", new double[][] {{0.5, 0.3, 0.2}, {0.2, 0.3, 0.5}, {0.1, 0.1, 0.8}});
        h.setStates(3);
        HmmEdits.setTransition(h, 0, 1, 0.6);
        assertArrayEquals(new double[] {0.5 * 0.4 / 0.7, 0.6, 0.2 * 0.4 / 0.7}, h.parameters().get("A")[0], 1e-15);
        HmmEdits.setTransition(h, 0, 1, 0.3);
        assertArrayEquals(new double[] {0.5, 0.3, 0.2}, h.parameters().get("A")[0], 1e-15, "what undo does");
        HmmEdits.setTransition(h, 2, 2, 1.0);
        HmmEdits.setTransition(h, 2, 2, 0.5);
        assertArrayEquals(new double[] {0.25, 0.25, 0.5}, h.parameters().get("A")[2], 1e-15, "from a certain stay, the rest spread evenly");
    }

    @Test
    void theHiddenStateTemplatesAreValidAndTheirDataReads() throws Exception {
        Path dir = Files.createTempDirectory("templates");
        for (Templates t : List.of(Templates.LDS_TRACKING, Templates.HMM_CASINO)) {
            Model m = t.create("sample");
            assertFalse(Validator.hasErrors(Validator.validate(m)), t + ": " + Validator.validate(m));
            Model reread = ModelFile.read(ModelFile.write(m)).model();
            Path csv = Files.writeString(dir.resolve(Templates.dataFile("sample")), t.data());
            assertEquals("sample.csv", reread.training().data);
            List<ObservedSequence> data = ObservationData.read(reread, csv.toString());
            assertEquals(t == Templates.HMM_CASINO ? 20 : 10, data.size());
            assertEquals(t == Templates.HMM_CASINO ? 300 : 100, data.get(0).length());
        }
        long sixes = Templates.HMM_CASINO.data().lines().filter(l -> l.matches("\\d+,5,1")).count();
        long loaded = Templates.HMM_CASINO.data().lines().filter(l -> l.matches("\\d+,\\d,1")).count();
        assertTrue(Math.abs((double) sixes / loaded - 0.5) < 0.05, "the loaded die shows a six half the time: " + sixes + " of " + loaded);
    }
}
