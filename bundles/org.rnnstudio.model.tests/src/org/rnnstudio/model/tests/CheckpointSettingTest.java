package org.rnnstudio.model.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.rnnstudio.model.Model;
import org.rnnstudio.model.ModelFile;
import org.rnnstudio.model.TrainingSettings;

/** "checkpoint": steps a segment or "auto", written only when set. */
class CheckpointSettingTest {

    private static String written(int checkpoint) {
        TrainingSettings t = new TrainingSettings();
        t.checkpoint = checkpoint;
        Model holder = new Model();
        holder.setTraining(t);
        return ModelFile.write(holder);
    }

    private static ModelFile.ReadResult readTraining(String checkpoint) {
        return ModelFile.read("{\"format\": \"rnnstudio-model/1\", \"groups\": [], \"connections\": [], \"training\": {\"checkpoint\": " + checkpoint + "}}");
    }

    @Test
    void autoAndStepsReadBackAsWritten() {
        assertTrue(written(TrainingSettings.CHECKPOINT_AUTO).contains("\"checkpoint\": \"auto\""), written(TrainingSettings.CHECKPOINT_AUTO));
        assertEquals(TrainingSettings.CHECKPOINT_AUTO, ModelFile.read(written(TrainingSettings.CHECKPOINT_AUTO)).model().training().checkpoint);
        assertEquals(40, ModelFile.read(written(40)).model().training().checkpoint);
        assertEquals(40, ModelFile.read(written(40)).model().training().copy().checkpoint);
        assertFalse(written(0).contains("checkpoint"), "files of models trained without it stay as they were");
    }

    @Test
    void anythingElseIsRefusedNamingTheSetting() {
        for (String bad : new String[] {"-3", "\"often\"", "1.5"}) {
            ModelFile.ReadResult read = readTraining(bad);
            assertTrue(read.diagnostics().stream().anyMatch(d -> d.isError() && d.message().contains("checkpoint")), bad + ": " + read.diagnostics());
        }
        assertTrue(readTraining("\"auto\"").diagnostics().isEmpty(), readTraining("\"auto\"").diagnostics().toString());
    }
}
