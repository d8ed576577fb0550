package org.rnnstudio.cli.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * forecast through the command line: a linear autoregressive model set by hand, x(t+1) = 0.5 x(t) + 0.25 x(t-1) + 1,
 * on the series 2, 4, 0, 8, 4, 2 after 3 true terms. Worked by hand, one step ahead: 0.5*0 + 0.25*4 + 1 = 2 (truth 8),
 * 0.5*8 + 0.25*0 + 1 = 5 (truth 4), 0.5*4 + 0.25*8 + 1 = 5 (truth 2): squared errors 36, 1, 9. Fed back: 2 (truth 8),
 * 0.5*2 + 0.25*0 + 1 = 2 (truth 4), 0.5*2 + 0.25*2 + 1 = 2.5 (truth 2): squared errors 36, 4, 0.25.
 */
class ForecastCommandTest {

    private static final Pattern ERRORS = Pattern.compile("one-step MSE ([0-9.e+-]+), multi-step MSE ([0-9.e+-]+)");

    @TempDir
    Path dir;
    private Path model;
    private Path weights;
    private Path data;

    @BeforeEach
    void handBuiltAutoregressiveModel() throws Exception {
        model = dir.resolve("ar.rnn");
        Files.writeString(model, "{\"format\": \"rnnstudio-model/1\", \"name\": \"AR(2)\", \"groups\": ["
                + "{\"id\": \"series\", \"role\": \"input\", \"size\": 1},"
                + "{\"id\": \"next\", \"role\": \"output\", \"size\": 1, \"activation\": \"linear\","
                + " \"target\": {\"loss\": \"squared-error\", \"schedule\": \"every-step\", \"next\": \"series\"}}],"
                + "\"connections\": [{\"id\": \"tap-0\", \"from\": \"series\", \"to\": \"next\", \"delay\": 0},"
                + "{\"id\": \"tap-1\", \"from\": \"series\", \"to\": \"next\", \"delay\": 1}]}");
        data = dir.resolve("series.csv");
        Files.writeString(data, "sequence,series.0\na,2\na,4\na,0\na,8\na,4\na,2\n");
        Cli.Run train = Cli.run("train", model.toString(), "--data", data.toString(), "--epochs", "1");
        assertEquals(0, train.code(), train.err());
        weights = dir.resolve("ar.weights.json");
        JsonObject file = JsonParser.parseString(Files.readString(weights)).getAsJsonObject();
        JsonObject parameters = file.getAsJsonObject("parameters");
        set(parameters, "connection:tap-0", 0.5);
        set(parameters, "connection:tap-1", 0.25);
        set(parameters, "bias:next", 1);
        Files.writeString(weights, file.toString());
    }

    private static void set(JsonObject parameters, String name, double value) {
        JsonArray values = parameters.getAsJsonObject(name).getAsJsonArray("values");
        assertEquals(1, values.size(), name);
        values.set(0, new JsonPrimitive(value));
    }

    private static double[] errors(Cli.Run run) {
        assertEquals(0, run.code(), run.err());
        Matcher m = ERRORS.matcher(run.out());
        assertTrue(m.find(), run.out());
        return new double[] {Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2))};
    }

    @Test
    void oneStepAndMultiStepErrorsAreTheHandWorkedOnes() throws Exception {
        Cli.Run run = Cli.run("forecast", model.toString(), "--weights", weights.toString(), "--data", data.toString(), "--warmup", "3");
        double[] mse = errors(run);
        assertEquals((36 + 1 + 9) / 3.0, mse[0], 1e-4);
        assertEquals((36 + 4 + 0.25) / 3.0, mse[1], 1e-4);
        assertTrue(run.out().startsWith("1 sequences, 3 predicted values after 3 warm-up steps"), run.out());
    }

    @Test
    void aHorizonCountsOnlyItsSteps() throws Exception {
        double[] mse = errors(Cli.run("forecast", model.toString(), "--weights", weights.toString(), "--data", data.toString(), "--warmup", "3",
                "--horizon", "2"));
        assertEquals((36 + 1) / 2.0, mse[0], 1e-4);
        assertEquals((36 + 4) / 2.0, mse[1], 1e-4);
    }

    @Test
    void aSeriesNoLongerThanTheWarmUpIsOneClearLine() throws Exception {
        Cli.Run run = Cli.run("forecast", model.toString(), "--weights", weights.toString(), "--data", data.toString(), "--warmup", "6");
        assertEquals(1, run.code());
        assertTrue(run.err().startsWith("rnnstudio: ") && run.err().contains("warm-up") && run.err().strip().lines().count() == 1, run.err());
    }

    @Test
    void usageAndUnknownCommandsNameForecast() throws Exception {
        assertTrue(Cli.run().err().contains("forecast"));
        assertTrue(Cli.run("forcast").err().contains("forecast"));
    }
}
