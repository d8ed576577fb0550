package org.rnnstudio.engine.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Paths;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.rnnstudio.engine.DataSpec;
import org.rnnstudio.engine.Network;
import org.rnnstudio.engine.Plan;
import org.rnnstudio.engine.Sequence;
import org.rnnstudio.engine.Trainer;
import org.rnnstudio.model.Model;
import org.rnnstudio.model.ModelFile;

/**
 * The adding problem with T = 50 (Hochreiter and Schmidhuber 1997), as examples/adding-problem trains it:
 * an LSTM cell must keep two values for up to 50 steps. Predicting the mean gives a mean squared error of
 * about 0.17; the trained cell must get below 0.01 on sequences it has not seen.
 */
class AddingProblemTest {

    @Test
    void anLstmLearnsTheAddingProblemWithFiftySteps() throws Exception {
        Model model = ModelFile.read(Paths.get(System.getProperty("rnnstudio.examples", "../../examples"), "adding-problem",
                "adding-problem.rnn")).model();
        Plan plan = Plan.compile(model);
        Network network = new Network(plan);
        Trainer.Settings stored = Trainer.Settings.of(model.training());
        network.initialize(model.training().init(), model.training().initScale, stored.seed());
        // the example's settings, for 12 of its 30 epochs: enough here, and a fifth of a minute
        Trainer.Settings settings = new Trainer.Settings(12, stored.batchSize(), stored.learningRate(), stored.momentum(), stored.nesterov(),
                stored.seed(), stored.truncation(), stored.optimization());
        long start = System.nanoTime();
        Trainer trainer = new Trainer(network);
        trainer.train(DataSpec.load(model.training().data, plan), settings, new Trainer.Listener() { }, () -> false);
        List<Sequence> unseen = DataSpec.load("adding:length=50,count=1000,seed=77", plan);
        // the loss is half the squared error, per sequence, with one target per sequence
        double mse = 2 * trainer.evaluate(unseen, 250)[0];
        System.out.printf("adding problem, T = 50: test mean squared error %.5f after 12 epochs of 4000 sequences, %.1f s%n", mse,
                (System.nanoTime() - start) / 1e9);
        assertTrue(mse < 0.01, "mean squared error " + mse);
    }
}
