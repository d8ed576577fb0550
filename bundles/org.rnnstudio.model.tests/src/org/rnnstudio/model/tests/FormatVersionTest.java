package org.rnnstudio.model.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.rnnstudio.model.Activation;
import org.rnnstudio.model.FormatVersion;

class FormatVersionTest {

    @Test
    void currentStampIsRead() {
        assertNull(FormatVersion.check("rnnstudio-model/1"));
    }

    @Test
    void newerStampIsRefusedWithTheUsersWords() {
        String message = FormatVersion.check("rnnstudio-model/2");
        assertTrue(message.contains("made by a newer RNN Studio"), message);
    }

    @Test
    void foreignAndBrokenStampsAreNamed() {
        assertTrue(FormatVersion.check(null).contains("missing"));
        assertTrue(FormatVersion.check("keras/2").contains("not an RNN Studio model"));
        assertTrue(FormatVersion.check("rnnstudio-model/x").contains("not a number"));
        assertTrue(FormatVersion.check("rnnstudio-model/0").contains("no such version"));
    }

    @Test
    void activationNamesRoundTrip() {
        for (Activation a : Activation.values()) {
            assertEquals(a, Activation.fromFileName(a.fileName()));
        }
        assertEquals("logistic", Activation.LOGISTIC.fileName());
        assertNull(Activation.fromFileName("sigmoid"));
    }
}
