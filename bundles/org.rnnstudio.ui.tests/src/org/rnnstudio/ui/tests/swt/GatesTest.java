package org.rnnstudio.ui.tests.swt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.rnnstudio.ui.training.Gates;

/** An LSTM cell's parts are shown together, in the lecture's order and words. */
class GatesTest {

    @Test
    void aCellsGatesAreNamedAsInTheLecture() {
        assertEquals("memory: keep gate", Gates.name("memory.keep"));
        assertEquals("memory: write gate", Gates.name("memory.write"));
        assertEquals("memory: read gate", Gates.name("memory.read"));
        assertEquals("memory: cell state", Gates.name("memory.cell"));
        assertEquals("hidden", Gates.name("hidden"));
        assertEquals("in-memory.keep-x", Gates.name("in-memory.keep-x"));
    }

    @Test
    void aCellsPartsStayTogetherKeepWriteReadFirst() {
        Map<String, Integer> byId = new LinkedHashMap<>();
        for (String id : List.of("input", "memory.cell", "memory.read", "output", "memory.write", "memory", "memory.keep")) {
            byId.put(id, 0);
        }
        assertEquals(List.of("input", "memory.keep", "memory.write", "memory.read", "memory.cell", "memory", "output"),
                List.copyOf(Gates.grouped(byId).keySet()));
    }
}
