package org.rnnstudio.model.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.rnnstudio.model.Initialization;
import org.rnnstudio.model.Model;
import org.rnnstudio.model.ModelFile;
import org.rnnstudio.model.Optimizer;
import org.rnnstudio.model.Schedule;
import org.rnnstudio.model.TrainingSettings;

/** The training settings' names live in the enums, spelt in files as they always were. */
class TrainingSettingsTest {

    @Test
    void filesSpellTheNamesAsBefore() {
        assertEquals(List.of("sgd", "rmsprop", "adam"), TrainingSettings.OPTIMIZERS);
        assertEquals(List.of("constant", "step", "exponential"), TrainingSettings.SCHEDULES);
        assertEquals(List.of("small-uniform", "glorot", "orthogonal", "scaled-identity"), TrainingSettings.INITIALIZATIONS);
        TrainingSettings defaults = new TrainingSettings();
        assertEquals(Optimizer.SGD, defaults.optimizer());
        assertEquals(Schedule.CONSTANT, defaults.schedule());
        assertEquals(Initialization.GLOROT, defaults.init());
    }

    @Test
    void everyNameReadsBackAsItsEnum() {
        for (Optimizer o : Optimizer.values()) {
            for (Schedule s : Schedule.values()) {
                for (Initialization i : Initialization.values()) {
                    TrainingSettings t = new TrainingSettings();
                    t.optimizer = o.fileName();
                    t.schedule = s.fileName();
                    t.init = i.fileName();
                    Model holder = new Model();
                    holder.setTraining(t);
                    ModelFile.ReadResult read = ModelFile.read(ModelFile.write(holder));
                    assertTrue(read.diagnostics().isEmpty(), read.diagnostics().toString());
                    assertEquals(o, read.model().training().optimizer());
                    assertEquals(s, read.model().training().schedule());
                    assertEquals(i, read.model().training().init());
                }
            }
        }
    }

    /** Seeds are longs: one beyond an int's range is neither refused nor cut to its low 32 bits. */
    @Test
    void aSeedBeyondAnIntIsKeptWhole() {
        TrainingSettings t = new TrainingSettings();
        t.seed = Long.MAX_VALUE - 1;
        Model holder = new Model();
        holder.setTraining(t);
        ModelFile.ReadResult read = ModelFile.read(ModelFile.write(holder));
        assertTrue(read.diagnostics().isEmpty(), read.diagnostics().toString());
        assertEquals(Long.MAX_VALUE - 1, read.model().training().seed);
        assertEquals(t.seed, t.copy().seed);
        ModelFile.ReadResult fraction = ModelFile.read(ModelFile.write(holder).replace(Long.toString(Long.MAX_VALUE - 1), "1.5"));
        assertEquals(1, fraction.diagnostics().size(), fraction.diagnostics().toString());
        assertTrue(fraction.diagnostics().get(0).toString().contains("\"seed\" must be a whole number"), fraction.diagnostics().toString());
    }
}
