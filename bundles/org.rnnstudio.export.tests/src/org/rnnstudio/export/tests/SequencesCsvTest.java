package org.rnnstudio.export.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnstudio.engine.CsvData;
import org.rnnstudio.engine.Plan;
import org.rnnstudio.engine.Sequence;
import org.rnnstudio.export.SequencesCsv;
import org.rnnstudio.model.ModelFile;

/** The data command's CSV read back by the loader: the same sequences, their labels, their names apart. */
class SequencesCsvTest {

    @Test
    void handwritingLabelsAndRepeatedWordsComeBackAsWritten(@TempDir Path dir) throws Exception {
        Plan plan = Plan.compile(ModelFile.read(TestModels.examples().resolve("handwriting/handwriting.rnn")).model());
        // the handwriting generator names each sequence by its word, and a word may come twice
        List<Sequence> written = List.of(word("did", 3, new int[] {4, 9, 4}), word("it", 2, new int[] {9, 20}), word("did", 4, new int[] {4, 9, 4}));
        Path csv = dir.resolve("words.csv");
        Files.writeString(csv, SequencesCsv.write(plan, written));
        List<Sequence> read = CsvData.read(csv, plan, true);
        assertEquals(List.of("did", "it", "did~2"), read.stream().map(Sequence::id).toList());
        for (int i = 0; i < written.size(); i++) {
            assertEquals(written.get(i).length(), read.get(i).length(), read.get(i).id());
            assertArrayEquals(written.get(i).labels().get("letters"), read.get(i).labels().get("letters"), read.get(i).id());
            for (int t = 0; t < written.get(i).length(); t++) {
                assertArrayEquals(written.get(i).inputs().get("pen")[t], read.get(i).inputs().get("pen")[t], read.get(i).id());
            }
        }
    }

    private static Sequence word(String word, int steps, int[] letters) {
        double[][] pen = new double[steps][3];
        for (int t = 0; t < steps; t++) {
            pen[t] = new double[] {0.25 * t, -0.5 * t, t % 2};
        }
        return new Sequence(steps, Map.of("pen", pen), Map.of(), word).labelled(Map.of("letters", letters));
    }
}
