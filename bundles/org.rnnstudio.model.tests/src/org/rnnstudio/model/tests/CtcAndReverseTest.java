package org.rnnstudio.model.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.rnnstudio.model.Activation;
import org.rnnstudio.model.Cell;
import org.rnnstudio.model.CellExpansion;
import org.rnnstudio.model.Connection;
import org.rnnstudio.model.Diagnostic;
import org.rnnstudio.model.Model;
import org.rnnstudio.model.ModelFile;
import org.rnnstudio.model.UnitGroup;
import org.rnnstudio.model.Validator;

/** The ctc loss and reversed connections and cells in files, in the validator and in the cells' expansion. */
class CtcAndReverseTest {

    private static final String MODEL = """
            { "format": "rnnstudio-model/1",
              "groups": [
                { "id": "pen", "role": "input", "size": 3 },
                { "id": "letters", "role": "output", "size": 4, "activation": "softmax", "target": { "loss": "ctc" } }
              ],
              "cells": [ { "id": "back", "kind": "lstm", "size": 2, "reverse": true } ],
              "connections": [
                { "id": "pen-back", "from": "pen", "to": "back" },
                { "id": "back-letters", "from": "back", "to": "letters" },
                { "id": "ahead", "from": "pen", "to": "letters", "delay": 2, "reverse": true }
              ] }
            """;

    @Test
    void ctcAndReverseAreSpeltInFilesAndWrittenBack() {
        Model m = ModelFile.read(MODEL).model();
        assertEquals(UnitGroup.Loss.CTC, m.group("letters").loss());
        assertTrue(m.cell("back").reverse());
        assertTrue(m.connection("ahead").reverse());
        assertFalse(m.connection("pen-back").reverse());
        assertTrue(Validator.validate(m).isEmpty(), Validator.validate(m).toString());
        String written = ModelFile.write(m);
        assertTrue(written.contains("\"loss\": \"ctc\""), written);
        Model again = ModelFile.read(written).model();
        assertTrue(again.cell("back").reverse() && again.connection("ahead").reverse());
        assertFalse(again.connection("back-letters").reverse());
        assertFalse(ModelFile.write(ModelFile.read(MODEL.replace(", \"reverse\": true", "")).model()).contains("reverse"),
                "written only when true");
    }

    /** A reversed cell reverses its own delayed connections, and only those: the gates still read the same step. */
    @Test
    void aReversedCellReversesItsRecurrentConnections() {
        Model expanded = CellExpansion.expand(ModelFile.read(MODEL).model());
        for (Connection c : expanded.connections()) {
            if (c.id().startsWith("back.")) {
                assertEquals(c.delay() > 0, c.reverse(), c.id());
            }
        }
        assertTrue(expanded.connection("back.recurrent.keep").reverse());
        assertFalse(expanded.connection("pen-back.keep").reverse());
    }

    @Test
    void ctcIsTheLossOfASoftmaxOutputWithABlankAndALabel() {
        Model m = ModelFile.read(MODEL).model();
        m.group("letters").setActivation(Activation.LOGISTIC);
        List<Diagnostic> errors = Validator.validate(m);
        assertEquals(1, errors.size(), errors.toString());
        assertEquals("letters", errors.get(0).elementId());
        assertTrue(errors.get(0).message().contains("softmax"), errors.get(0).message());
        m.group("letters").setActivation(Activation.SOFTMAX);
        m.group("letters").setSize(1);
        assertTrue(Validator.validate(m).stream().anyMatch(d -> d.severity() == Diagnostic.Severity.ERROR && d.message().contains("blank")));
    }

    @Test
    void reverseWithoutADelayIsAWarning() {
        Model m = ModelFile.read(MODEL).model();
        m.connection("back-letters").setReverse(true);
        List<Diagnostic> found = Validator.validate(m);
        assertEquals(1, found.size(), found.toString());
        assertEquals(Diagnostic.Severity.WARNING, found.get(0).severity());
        assertEquals("back-letters", found.get(0).elementId());
    }

    @Test
    void aReversedCellSaysSoInItsSummary() {
        Cell cell = new Cell("c", Cell.Kind.GRU, 3);
        cell.setReverse(true);
        assertTrue(cell.summary().startsWith("\u2190 GRU"), cell.summary());
    }
}
