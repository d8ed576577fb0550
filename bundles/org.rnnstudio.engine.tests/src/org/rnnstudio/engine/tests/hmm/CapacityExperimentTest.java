package org.rnnstudio.engine.tests.hmm;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import org.rnnstudio.engine.CapacityExperiment;

/** The log N limit on a small scale: a 2-state HMM cannot carry 2 bits across a gap, a small LSTM can. */
class CapacityExperimentTest {

    @Test
    void anHmmStaysUnderLogNBitsAndAnLstmGoesPast() throws Exception {
        CapacityExperiment experiment = new CapacityExperiment(new CapacityExperiment.Settings(2, 2, 600, 300, 40, 1, 8, 20, 1));
        for (int states : new int[] {2, 4}) {
            CapacityExperiment.Row hmm = experiment.hmm(states);
            double bound = Math.log(states) / Math.log(2);
            // a finite test set lets the estimate stray a little above the bound, never far
            assertTrue(hmm.recoveredBits() <= bound + 0.1, hmm.toString());
        }
        CapacityExperiment.Row twoStates = experiment.hmm(2);
        CapacityExperiment.Row lstm = experiment.lstm();
        assertTrue(lstm.recoveredBits() > 1.5 && lstm.recoveredBits() > twoStates.recoveredBits() + 0.5, lstm + " vs " + twoStates);
    }
}
