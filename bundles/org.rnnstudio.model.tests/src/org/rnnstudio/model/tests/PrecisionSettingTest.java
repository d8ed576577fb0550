package org.rnnstudio.model.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.rnnstudio.model.Diagnostic;
import org.rnnstudio.model.Model;
import org.rnnstudio.model.ModelFile;
import org.rnnstudio.model.Precision;
import org.rnnstudio.model.TrainingSettings;

/** "precision": the products' precision, spelt "float64" or "float32", written only when not the default. */
class PrecisionSettingTest {

    private static String written(String precision) {
        TrainingSettings t = new TrainingSettings();
        t.precision = precision;
        Model holder = new Model();
        holder.setTraining(t);
        return ModelFile.write(holder);
    }

    private static List<Diagnostic> problems(String precision) {
        return ModelFile.read("{\"format\": \"rnnstudio-model/1\", \"groups\": [], \"connections\": [], \"training\": {\"precision\": "
                + precision + "}}").diagnostics();
    }

    @Test
    void filesSpellTheChoicesInLowerCase() {
        assertEquals(List.of("float64", "float32"), TrainingSettings.PRECISIONS);
        assertEquals(Precision.FLOAT64, new TrainingSettings().precision());
    }

    @Test
    void float32ReadsBackAsWritten() {
        String file = written("float32");
        assertTrue(file.contains("\"precision\": \"float32\""), file);
        ModelFile.ReadResult read = ModelFile.read(file);
        assertTrue(read.diagnostics().isEmpty(), read.diagnostics().toString());
        assertEquals(Precision.FLOAT32, read.model().training().precision());
        assertEquals(Precision.FLOAT32, read.model().training().copy().precision());
    }

    @Test
    void theDefaultIsNotWritten() {
        assertFalse(written("float64").contains("precision"), "the files of models trained in double stay as they were");
        ModelFile.ReadResult read = ModelFile.read(written("float64"));
        assertEquals(Precision.FLOAT64, read.model().training().precision());
        List<Diagnostic> explicit = problems("\"float64\"");
        assertTrue(explicit.isEmpty(), explicit.toString());
    }

    /** One error for each, naming the value and the choices; the setting falls back to the default. */
    @Test
    void aWrongValueIsOneClearError() {
        assertEquals(List.of("error in 'training': unknown precision \"float16\"; expected one of float64, float32"), lines(problems("\"float16\"")));
        assertEquals(List.of("error in 'training': unknown precision \"\"; expected one of float64, float32"), lines(problems("\"\"")));
        assertEquals(List.of("error in 'training': \"precision\" must be one of float64, float32, not 32"), lines(problems("32")));
        assertEquals(List.of("error in 'training': \"precision\" must be one of float64, float32, not [\"float32\"]"),
                lines(problems("[\"float32\"]")));
        ModelFile.ReadResult read = ModelFile.read("{\"format\": \"rnnstudio-model/1\", \"groups\": [], \"connections\": [], "
                + "\"training\": {\"precision\": \"float16\"}}");
        assertEquals(Precision.FLOAT64, read.model().training().precision());
    }

    /**
     * A value of 5,000 characters, or one with a NUL or a quote in it, is shown shortened and escaped, as every
     * value of a file is (Quoted): it printed whole and raw before, a 5,095-character line with the NUL in it.
     */
    @Test
    void aHostileValueIsShownShortAndEscaped() {
        assertEquals(List.of("error in 'training': unknown precision \"" + "x".repeat(40) + "\"... (5000 characters); expected one of float64, float32"),
                lines(problems("\"" + "x".repeat(5000) + "\"")));
        assertEquals(List.of("error in 'training': unknown precision \"float32\\u0000\\\"\"; expected one of float64, float32"),
                lines(problems("\"float32\\u0000\\\"\"")));
        assertEquals(List.of("error in 'training': unknown optimizer \"" + "y".repeat(40) + "\"... (100 characters); expected one of "
                + String.join(", ", TrainingSettings.OPTIMIZERS)),
                lines(ModelFile.read("{\"format\": \"rnnstudio-model/1\", \"groups\": [], \"connections\": [], \"training\": {\"optimizer\": \""
                        + "y".repeat(100) + "\"}}").diagnostics()));
    }

    private static List<String> lines(List<Diagnostic> diagnostics) {
        return diagnostics.stream().map(Diagnostic::toString).toList();
    }
}
