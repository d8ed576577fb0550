package org.rnnstudio.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** RNNSTUDIO_BENCH_CASES: which configurations the training-step benchmark runs. */
class BenchCasesTest {

    @Test
    void noneNamedRunsThemAll() throws Exception {
        assertEquals(List.of(Bench.Case.values()), Bench.cases(null));
        assertEquals(List.of(Bench.Case.values()), Bench.cases(" "));
    }

    @Test
    void theNamedOnesInTheirOrder() throws Exception {
        assertEquals(List.of(Bench.Case.ADDER_64, Bench.Case.ADDER_1), Bench.cases("adder-64, adder-1"));
    }

    @Test
    void anUnknownNameIsOneLineNamingTheCases() {
        Main.Failure f = assertThrows(Main.Failure.class, () -> Bench.cases("adder-1,adder-2"));
        assertEquals(Main.USAGE, f.code);
        assertTrue(f.getMessage().contains("'adder-2'") && f.getMessage().contains("adder-64") && !f.getMessage().contains("\n"), f.getMessage());
    }
}
