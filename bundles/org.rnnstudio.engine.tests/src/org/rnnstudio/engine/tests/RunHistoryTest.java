package org.rnnstudio.engine.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnstudio.engine.RunHistory;
import org.rnnstudio.engine.TrainingSession;

class RunHistoryTest {

    @TempDir
    Path folder;

    private TrainingSession.Outcome outcome(String weights, String metrics) throws Exception {
        Path w = Files.writeString(folder.resolve("adder.weights.json"), weights);
        Path m = Files.writeString(folder.resolve("adder.metrics.csv"), metrics);
        Path s = Files.writeString(folder.resolve("adder.training.json"), "{\"epochs\": 2}");
        return new TrainingSession.Outcome(null, null, null, w, m, s, null);
    }

    @Test
    void everyRunIsKeptBesideTheModelNewestFirst() throws Exception {
        Path model = folder.resolve("adder.rnn");
        RunHistory.keep(model, outcome("{\"first\": 1}", "# settings\n" + TrainingSession.METRICS_COLUMNS + "\n1,0.5,0.25,NaN,NaN,0.1\n"),
                "Done: first", Instant.parse("2026-01-02T03:04:05Z"));
        RunHistory.keep(model, outcome("{\"second\": 2}", TrainingSession.METRICS_COLUMNS + "\n1,0.4,0.5,NaN,NaN,0.1\n2,0.2,0.75,NaN,NaN,0.2\n"),
                "Done: second", Instant.parse("2026-01-02T03:04:05Z"));

        assertEquals(folder.resolve("adder.runs"), RunHistory.folderOf(model));
        List<RunHistory.Run> runs = RunHistory.list(model);
        assertEquals(2, runs.size());
        assertEquals("20260102-030405-2", runs.get(0).name(), "a second run in the same second gets a folder of its own");
        assertEquals("Done: second", runs.get(0).ending());
        assertEquals("{\"second\": 2}", Files.readString(runs.get(0).weights()));
        assertEquals("{\"first\": 1}", Files.readString(runs.get(1).weights()), "the first run's weights are not overwritten");
        assertEquals(2, runs.get(0).metrics().size());
        assertArrayEquals(new double[] {2, 0.2, 0.75, Double.NaN, Double.NaN, 0.2}, runs.get(0).last());
        assertTrue(Files.isRegularFile(runs.get(1).settings()));
    }

    @Test
    void aModelWithoutRunsHasAnEmptyHistory() throws Exception {
        assertTrue(RunHistory.list(folder.resolve("new.rnn")).isEmpty());
        assertFalse(Files.exists(folder.resolve("new.runs")), "listing creates nothing");
    }
}
