package org.rnnstudio.engine.tests.ctc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.rnnstudio.engine.ctc.CtcDecoder;
import org.rnnstudio.engine.ctc.ErrorRates;

class CtcDecoderTest {

    @Test
    void bestPathMergesRepeatsAndDropsBlanks() {
        // argmax per step: 1 1 0 1 2 2 0 -> "1 1 2"
        double[][] p = {
            {0.1, 0.8, 0.1}, {0.2, 0.7, 0.1}, {0.9, 0.05, 0.05}, {0.3, 0.6, 0.1},
            {0.1, 0.2, 0.7}, {0.1, 0.1, 0.8}, {0.5, 0.2, 0.3}};
        assertArrayEquals(new int[] {1, 1, 2}, CtcDecoder.bestPath(p, 7));
        assertArrayEquals(new int[] {1}, CtcDecoder.bestPath(p, 2));
    }

    @Test
    void prefixSearchSumsAlignmentsWhereTheBestPathCannot() {
        // the best path is blank, blank (0.36), but "1" has three alignments: 0.16 + 0.24 + 0.24 = 0.64
        double[][] p = {{0.6, 0.4}, {0.6, 0.4}};
        assertArrayEquals(new int[] {}, CtcDecoder.bestPath(p, 2));
        assertArrayEquals(new int[] {1}, CtcDecoder.prefixBeamSearch(p, 2, 4));
    }

    @Test
    void prefixSearchKeepsARepeatedLabelOnlyAcrossABlank() {
        double[][] p = {{0.05, 0.9, 0.05}, {0.9, 0.05, 0.05}, {0.05, 0.9, 0.05}};
        assertArrayEquals(new int[] {1, 1}, CtcDecoder.prefixBeamSearch(p, 3, 8));
        double[][] noBlank = {{0.05, 0.9, 0.05}, {0.05, 0.9, 0.05}, {0.05, 0.9, 0.05}};
        assertArrayEquals(new int[] {1}, CtcDecoder.prefixBeamSearch(noBlank, 3, 8));
    }

    @Test
    void errorRatesCountEditsOverTheTruthsLength() {
        assertEquals(3, ErrorRates.editDistance("kitten".chars().toArray(), "sitting".chars().toArray()));
        assertEquals(0.5, ErrorRates.characterErrorRate("kitten", "sitting"));
        assertEquals(0, ErrorRates.characterErrorRate("same", "same"));
        assertEquals(1.0 / 3, ErrorRates.wordErrorRate("the cat sat", "the cat sat down"), 1e-15);
        assertEquals(1.0, ErrorRates.wordErrorRate("a b", "b a"));
        assertEquals(2, ErrorRates.characterErrorRate("", "ab"));
    }
}
