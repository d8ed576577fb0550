package org.rnnstudio.engine.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnstudio.engine.DataSpec;
import org.rnnstudio.engine.Forecast;
import org.rnnstudio.engine.Network;
import org.rnnstudio.engine.Plan;
import org.rnnstudio.engine.Sequence;
import org.rnnstudio.model.Model;
import org.rnnstudio.model.ModelFile;
import org.rnnstudio.model.Validator;

/** "Predict the next term": the target at step t is the input at step t + 1, the series written once; forecasting one and many steps ahead. */
class NextTermTest {

    @TempDir
    Path dir;

    /** y(t) = a x(t), its target x(t + 1): an autoregressive model of order 1. */
    private static Model ar1(String next) {
        return ModelFile.read("{\"format\": \"rnnstudio-model/1\", \"groups\": ["
                + "{\"id\": \"x\", \"role\": \"input\", \"size\": 1},"
                + "{\"id\": \"y\", \"role\": \"output\", \"size\": 1, \"activation\": \"linear\", \"bias\": false,"
                + " \"target\": {\"loss\": \"squared-error\", \"next\": \"" + next + "\"}}],"
                + "\"connections\": [{\"id\": \"x-y\", \"from\": \"x\", \"to\": \"y\"}]}").model();
    }

    @Test
    void theTargetIsTheNextInputAndTheLastStepHasNone() throws Exception {
        Model model = ar1("x");
        assertEquals("x", ModelFile.read(ModelFile.write(model)).model().group("y").next(), "written and read back");
        Path csv = Files.writeString(dir.resolve("series.csv"), "sequence,x.0\na,1\na,2\na,4\nb,3\nb,5\n");
        List<Sequence> data = DataSpec.load(csv.toString(), Plan.compile(model));
        double[][] targets = data.get(0).targets().get("y");
        assertEquals(2.0, targets[0][0]);
        assertEquals(4.0, targets[1][0]);
        assertTrue(Double.isNaN(targets[2][0]), "no next term after the last");
        assertEquals(5.0, data.get(1).targets().get("y")[0][0], "within its own sequence");
    }

    @Test
    void nextMustNameAnInputGroupOfTheSameSize() {
        assertTrue(Validator.validate(ar1("y")).stream().anyMatch(d -> d.isError() && d.message().contains("not an input group")));
        assertTrue(Validator.validate(ar1("nowhere")).stream().anyMatch(d -> d.isError() && d.elementId().equals("y")));
    }

    /**
     * x(t) = 0.5^t, and y = 0.5 x predicts it exactly: no error either way. With a = 0.6 instead, one step
     * ahead the error at term t is (0.6 - 0.5) x(t - 1); fed back, the prediction of term t after a warm-up
     * of w terms is 0.6^(t - w + 1) x(w - 1).
     */
    @Test
    void forecastErrorsAreTheClosedFormOnes() throws Exception {
        Model model = ar1("x");
        Plan plan = Plan.compile(model);
        Network network = new Network(plan);
        StringBuilder csv = new StringBuilder("sequence,x.0\n");
        double[] x = new double[8];
        for (int t = 0; t < x.length; t++) {
            x[t] = Math.pow(0.5, t);
            csv.append("s,").append(x[t]).append('\n');
        }
        List<Sequence> data = DataSpec.load(Files.writeString(dir.resolve("halves.csv"), csv).toString(), plan);
        network.value(plan.parameters().get(0)).set(0, 0, 0.5);
        Forecast.Errors exact = Forecast.of(network, data, 3, 100);
        assertEquals(0.0, exact.oneStep(), 1e-30);
        assertEquals(0.0, exact.multiStep(), 1e-30);
        assertEquals(5, exact.predictions());

        network.value(plan.parameters().get(0)).set(0, 0, 0.6);
        Forecast.Errors off = Forecast.of(network, data, 3, 100);
        double oneStep = 0;
        double multiStep = 0;
        for (int t = 3; t < x.length; t++) {
            oneStep += Math.pow(0.1 * x[t - 1], 2);
            multiStep += Math.pow(Math.pow(0.6, t - 2) * x[2] - x[t], 2);
        }
        assertEquals(oneStep / 5, off.oneStep(), 1e-15);
        assertEquals(multiStep / 5, off.multiStep(), 1e-15);
        assertTrue(off.multiStep() > off.oneStep(), "errors compound when predictions are fed back");
        Forecast.Errors twoAhead = Forecast.of(network, data, 3, 2);
        assertEquals(2, twoAhead.predictions(), "the horizon: terms 3 and 4");
        assertEquals((Math.pow(0.1 * x[2], 2) + Math.pow(0.1 * x[3], 2)) / 2, twoAhead.oneStep(), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> Forecast.of(network, data, 8, 100), "nothing left to forecast");
    }
}
