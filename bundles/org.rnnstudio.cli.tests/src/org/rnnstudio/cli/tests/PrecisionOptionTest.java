package org.rnnstudio.cli.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * train --precision: the products' precision, from the model's settings or overriding them, named on the
 * run's first line and in the settings it records; anything else refused in one line.
 */
class PrecisionOptionTest {

    @TempDir
    Path dir;
    private Path adder;

    @BeforeEach
    void copyTheAdder() throws Exception {
        adder = Cli.adderIn(dir);
    }

    private Cli.Run train(String... extra) throws Exception {
        String[] args = new String[] {"train", adder.toString(), "--data", "binary-adder:bits=4,count=64", "--epochs", "2"};
        String[] all = java.util.Arrays.copyOf(args, args.length + extra.length);
        System.arraycopy(extra, 0, all, args.length, extra.length);
        Cli.Run run = Cli.run(all);
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("Done in"), run.out());
        return run;
    }

    private String recordedSettings() throws Exception {
        return Files.readString(dir.resolve("binary-adder.training.json"));
    }

    /** The adder with 32 hidden units: too wide for the lanes of tiny nets, so its products can run in float. */
    private void widenTheHiddenGroup() throws Exception {
        JsonObject model = JsonParser.parseString(Files.readString(adder)).getAsJsonObject();
        for (var group : model.getAsJsonArray("groups")) {
            if (group.getAsJsonObject().get("id").getAsString().equals("hidden")) {
                group.getAsJsonObject().addProperty("size", 32);
            }
        }
        Files.writeString(adder, model.toString());
    }

    @Test
    void float32IsCarriedToTheRunAndRecorded() throws Exception {
        widenTheHiddenGroup();
        Cli.Run run = train("--precision", "float32");
        assertTrue(run.out().lines().anyMatch(l -> l.startsWith("Training binary-adder.rnn on 64 sequences: ") && l.endsWith(", products in float32")),
                run.out());
        assertTrue(recordedSettings().contains("\"precision\": \"float32\""), recordedSettings());
        assertTrue(Files.isRegularFile(dir.resolve("binary-adder.weights.json")));
    }

    /** The adder as it is runs on the lanes of tiny nets, in double whatever the setting: its first line says so. */
    @Test
    void aTinyNetSaysItsProductsRunInDouble() throws Exception {
        Cli.Run run = train("--precision", "float32");
        assertTrue(run.out().contains(", products in float64 (float32 asked: a net this small runs on its lanes, in double)"), run.out());
    }

    @Test
    void theModelsSettingIsTheDefaultAndTheOptionOverridesIt() throws Exception {
        widenTheHiddenGroup();
        JsonObject model = JsonParser.parseString(Files.readString(adder)).getAsJsonObject();
        model.getAsJsonObject("training").addProperty("precision", "float32");
        Files.writeString(adder, model.toString());
        assertTrue(train().out().contains(", products in float32"), "the model's own setting");
        Cli.Run overridden = train("--precision", "float64");
        assertTrue(overridden.out().contains(", products in float64"), overridden.out());
        assertFalse(recordedSettings().contains("precision"), "float64, the default, is not written: " + recordedSettings());
    }

    @Test
    void anythingElseIsRefusedInOneLineNamingTheChoices() throws Exception {
        for (String bad : new String[] {"float16", "", "32"}) {
            Cli.Run run = Cli.run("train", adder.toString(), "--precision", bad, "--epochs", "1");
            assertEquals(2, run.code(), "a usage error, as other options' bad values: " + run.err());
            assertEquals("rnnstudio: train: --precision is one of float64, float32, not '" + bad + "'", run.err().strip());
        }
        assertFalse(Files.exists(dir.resolve("binary-adder.weights.json")), "nothing trained");
    }

    @Test
    void aModelFileWithAnotherPrecisionIsInvalid() throws Exception {
        JsonObject model = JsonParser.parseString(Files.readString(adder)).getAsJsonObject();
        model.getAsJsonObject("training").addProperty("precision", "float16");
        Files.writeString(adder, model.toString());
        Cli.Run run = Cli.run("validate", adder.toString());
        assertEquals(1, run.code(), run.out());
        assertTrue(run.out().contains("error in 'training': unknown precision \"float16\"; expected one of float64, float32"), run.out());
        assertFalse(run.out().contains("\tat ") || run.err().contains("\tat "), "no stack trace");
    }
}
