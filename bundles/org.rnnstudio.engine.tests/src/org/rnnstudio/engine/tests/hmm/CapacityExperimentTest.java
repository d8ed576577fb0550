package org.rnnstudio.engine.tests.hmm;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CancellationException;

import org.junit.jupiter.api.Test;

import org.rnnstudio.engine.CapacityExperiment;

/** The log N limit on a small scale: 3-bit numbers across a gap of 2 unobserved steps. */
class CapacityExperimentTest {

    private final CapacityExperiment experiment = new CapacityExperiment(new CapacityExperiment.Settings(3, 2, 600, 200, 40, 3, 8, 20, 1));

    /** On a balanced test set the bound holds on the measured numbers themselves, not only in expectation. */
    @Test
    void anHmmNeverCarriesMoreThanLog2NBits() {
        for (int states : new int[] {1, 2, 3, 4}) {
            CapacityExperiment.Row hmm = experiment.hmm(states, () -> false);
            assertTrue(hmm.recoveredBits() <= Math.log(states) / Math.log(2) + 1e-9, hmm.toString());
        }
    }

    /** Baum-Welch from the experiment's starts finds the models that fill their states (it stopped at 0 bits with 2 states). */
    @Test
    void anHmmComesCloseToItsBound() {
        for (int states : new int[] {2, 4}) {
            CapacityExperiment.Row hmm = experiment.hmm(states, () -> false);
            assertTrue(hmm.recoveredBits() >= 0.9 * Math.log(states) / Math.log(2), hmm.toString());
        }
    }

    @Test
    void anLstmCarriesMoreThanTwoStates() throws Exception {
        CapacityExperiment.Row lstm = experiment.lstm(() -> false);
        CapacityExperiment.Row twoStates = experiment.hmm(2, () -> false);
        assertTrue(lstm.recoveredBits() > 2 && lstm.recoveredBits() > twoStates.recoveredBits() + 0.5, lstm + " vs " + twoStates);
    }

    @Test
    void aCancelledRunScoresNothing() {
        assertThrows(CancellationException.class, () -> experiment.hmm(2, () -> true));
        assertThrows(CancellationException.class, () -> experiment.lstm(() -> true));
    }
}
