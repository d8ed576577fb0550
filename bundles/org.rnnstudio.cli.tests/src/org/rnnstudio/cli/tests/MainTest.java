package org.rnnstudio.cli.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as a person uses it: exit codes, one-line errors, and the files it writes. */
class MainTest {

    @TempDir
    Path dir;
    private Path adder;
    private String out;
    private String err;

    @BeforeEach
    void copyTheAdder() throws Exception {
        adder = dir.resolve("binary-adder.rnn");
        Files.copy(Paths.get(System.getProperty("rnnstudio.examples", "../../examples"), "binary-adder", "binary-adder.rnn"), adder);
    }

    /** Runs Main with captured output. */
    private int run(String... args) throws Exception {
        Cli.Run r = Cli.run(args);
        out = r.out();
        err = r.err();
        return r.code();
    }

    @Test
    void validateSaysValidOrNamesTheProblem() throws Exception {
        assertEquals(0, run("validate", adder.toString()));
        assertTrue(out.contains("valid (3 groups, 3 connections, 25 parameters)"), out);

        Files.writeString(adder, Files.readString(adder).replace("\"delay\": 1,\n      \"trainable\": true\n    },\n    {\n      \"id\": \"hidden-output\"",
                "\"delay\": 0,\n      \"trainable\": true\n    },\n    {\n      \"id\": \"hidden-output\""));
        assertEquals(1, run("validate", adder.toString()));
        assertTrue(out.contains("error in 'hidden-hidden': cycle with no delay"), out);
        assertTrue(out.endsWith("invalid\n"), out);

        Files.writeString(adder, "{ \"format\": \"rnnstudio-model/1\",\n  \"groups\": [ oops ] }");
        assertEquals(1, run("validate", adder.toString()));
        assertTrue(out.contains("error at line 2, column"), out);
    }

    @Test
    void trainWritesWeightsAndMetricsAndEvalAddsEveryEightBitPair() throws Exception {
        assertEquals(0, run("train", adder.toString(), "--data", "binary-adder:bits=6,count=1000,seed=1", "--epochs", "30",
                "--init", "small-uniform", "--seed", "1"), err);
        assertTrue(out.contains("epoch 30/30 [####################]"), out);
        assertTrue(out.contains("Done in"), out);
        Path weights = dir.resolve("binary-adder.weights.json");
        Path metrics = dir.resolve("binary-adder.metrics.csv");
        assertTrue(Files.isRegularFile(weights));
        List<String> rows = Files.readAllLines(metrics);
        assertEquals("epoch,loss,accuracy,validation_loss,validation_accuracy,seconds,character_error_rate,validation_character_error_rate",
                rows.get(1));
        assertEquals(32, rows.size(), "settings, header and one row per epoch");
        double first = Double.parseDouble(rows.get(2).split(",")[1]);
        double last = Double.parseDouble(rows.get(31).split(",")[1]);
        assertTrue(last < first / 5, "loss fell: " + first + " -> " + last);

        assertEquals(0, run("eval", adder.toString(), "--weights", weights.toString(), "--data", "binary-adder:bits=8,all"), err);
        assertTrue(out.contains("65536 sequences") && out.contains("accuracy 100.00%"), out);
    }

    @Test
    void evalRefusesWeightsOfAChangedModel() throws Exception {
        assertEquals(0, run("train", adder.toString(), "--data", "binary-adder:bits=3,count=20", "--epochs", "1"), err);
        Files.writeString(adder, Files.readString(adder).replace("\"size\": 3,", "\"size\": 4,"));
        assertEquals(1, run("eval", adder.toString(), "--weights", dir.resolve("binary-adder.weights.json").toString(), "--data", "binary-adder"));
        assertTrue(err.startsWith("rnnstudio: ") && err.contains("another structure"), err);
        assertEquals(1, err.strip().lines().count(), "one line: " + err);
    }

    @Test
    void theModelsTrainingSettingsAreTheDefaultsAndFlagsOverrideThem() throws Exception {
        // the example's settings: binary-adder:bits=6,count=1000, 30 epochs, small-uniform, lr 0.1
        assertEquals(0, run("train", adder.toString(), "--epochs", "2", "--optimizer", "adam", "--lr", "0.01", "--clip", "1",
                "--validation", "0.1", "--patience", "5"), err);
        assertTrue(out.contains("Training binary-adder.rnn on 1000 sequences: adam, epochs 2,"), out);
        assertTrue(out.contains("clip 1.0") && out.contains("validation 0.1") && out.contains("data binary-adder:bits=6,count=1000"), out);
        // a tenth held out: every epoch's row, the first too, has that epoch's validation loss
        List<String> rows = Files.readAllLines(dir.resolve("binary-adder.metrics.csv"));
        assertTrue(Double.isFinite(Double.parseDouble(rows.get(2).split(",")[3])), rows.get(2));
        assertEquals(2, run("train", adder.toString(), "--optimizer", "newton"));
        assertTrue(err.contains("--optimizer is one of sgd, rmsprop, adam"), err);
    }

    /** hf prints CG iterations, lambda and rho per epoch and adds them to the metrics; an unmatched output is refused by name. */
    @Test
    void hessianFreeReportsItsStepsAndRefusesAnOutputUnmatchedToItsLoss() throws Exception {
        assertEquals(0, run("train", adder.toString(), "--optimizer", "hf", "--epochs", "3", "--batch", "200", "--data",
                "binary-adder:bits=4,count=200", "--hf-lambda", "0.01", "--hf-cg-iterations", "30", "--hf-curvature", "0.5"), err);
        assertTrue(out.contains("hf (lambda 0.01, structural damping 0.3, CG at most 30, curvature on 0.5 of a batch)"), out);
        assertTrue(out.contains("CG ") && out.contains("lambda ") && out.contains("rho "), out);
        List<String> rows = Files.readAllLines(dir.resolve("binary-adder.metrics.csv"));
        assertEquals("epoch,loss,accuracy,validation_loss,validation_accuracy,seconds,character_error_rate,validation_character_error_rate,cg_iterations,lambda,rho", rows.get(1));
        String[] last = rows.get(4).split(",");
        int iterations = Integer.parseInt(last[8]);
        assertTrue(iterations >= 1 && iterations <= 30 && Double.parseDouble(last[9]) > 0, rows.get(4));

        Files.writeString(adder, Files.readString(adder).replace("\"loss\": \"logistic-cross-entropy\"", "\"loss\": \"squared-error\""));
        assertEquals(1, run("train", adder.toString(), "--optimizer", "hf", "--epochs", "1"));
        assertTrue(err.contains("output group 'output' is logistic with squared-error") && err.lines().count() == 1, err);
        assertEquals(2, run("train", adder.toString(), "--optimizer", "hf", "--hf-curvature", "2"));
    }

    @Test
    void runWritesEveryOutputPerStepInTheLoadersShape() throws Exception {
        assertEquals(0, run("train", adder.toString()), err);
        Path in = dir.resolve("sums.csv");
        // 3 + 1 = 4 with 2-bit numbers: columns (1,1), (1,0), then the carry column (0,0), then 2 steps of lag
        Files.writeString(in, "sequence,input.0,input.1\na,1,1\na,1,0\na,0,0\na,0,0\na,0,0\n");
        Path outFile = dir.resolve("out.csv");
        assertEquals(0, run("run", adder.toString(), "--weights", dir.resolve("binary-adder.weights.json").toString(),
                "--input", in.toString(), "--output", outFile.toString()), err);
        List<String> rows = Files.readAllLines(outFile);
        assertEquals("sequence,output.0", rows.get(0));
        assertEquals(6, rows.size(), "a header and one row per step");
        double[] sum = new double[5];
        for (int t = 0; t < 5; t++) {
            sum[t] = Double.parseDouble(rows.get(t + 1).split(",")[1]);
        }
        // 4 = 100 in binary, least significant first, two steps late: outputs at steps 2, 3, 4 are 0, 0, 1
        assertTrue(sum[2] < 0.5 && sum[3] < 0.5 && sum[4] > 0.5, java.util.Arrays.toString(sum));
        // the written file reads back with the same loader (outputs as GROUP.UNIT columns of the model's output)
        Files.writeString(in, "sequence,input.1\na,1\n");
        assertEquals(1, run("run", adder.toString(), "--weights", dir.resolve("binary-adder.weights.json").toString(),
                "--input", in.toString(), "--output", outFile.toString()));
        assertTrue(err.contains("input unit 'input.0' has no column"), err);
    }

    @Test
    void aTextModelTrainsSavesItsVocabularyAndSamples() throws Exception {
        Path text = dir.resolve("text.txt");
        Files.writeString(text, "the cat sat on the mat. the cat sat on the hat. ".repeat(8));
        // 11 distinct characters: space, '.', a, c, e, h, m, n, o, s, t
        Path model = dir.resolve("lm.rnn");
        Files.writeString(model, "{\"format\": \"rnnstudio-model/1\", \"groups\": ["
                + "{\"id\": \"c\", \"role\": \"input\", \"size\": 11},"
                + "{\"id\": \"n\", \"role\": \"output\", \"size\": 11, \"activation\": \"softmax\","
                + " \"target\": {\"loss\": \"cross-entropy\", \"schedule\": \"every-step\"}}],"
                + "\"cells\": [{\"id\": \"m\", \"kind\": \"lstm\", \"size\": 12}],"
                + "\"connections\": [{\"id\": \"c-m\", \"from\": \"c\", \"to\": \"m\"}, {\"id\": \"m-n\", \"from\": \"m\", \"to\": \"n\"}]}");
        assertEquals(0, run("train", model.toString(), "--data", "text:file=" + text + ",length=16", "--epochs", "3",
                "--optimizer", "adam", "--lr", "0.01"), err);
        Path weights = dir.resolve("lm.weights.json");
        assertTrue(Files.readString(weights).contains("\"vocabulary\": \" .acehmnost\""), "the vocabulary is saved with the weights");
        assertEquals(0, run("sample", model.toString(), "--weights", weights.toString(), "--prime", "the ", "--length", "40", "--seed", "3"), err);
        String sampled = out.strip();
        assertTrue(sampled.startsWith("the "), sampled);
        assertEquals(44, sampled.length(), sampled);
        assertTrue(sampled.chars().allMatch(ch -> " .acehmnost".indexOf(ch) >= 0), "only characters of the text: " + sampled);
        String again = sampled;
        assertEquals(0, run("sample", model.toString(), "--weights", weights.toString(), "--prime", "the ", "--length", "40", "--seed", "3"));
        assertEquals(again, out.strip(), "the same seed writes the same text");
        assertEquals(2, run("sample", model.toString(), "--weights", weights.toString(), "--prime", "dog"));
        assertTrue(err.contains("'d' is not among the 11 characters"), err);
        assertEquals(1, run("train", model.toString(), "--data", "text:file=" + dir.resolve("none.txt")));
        assertTrue(err.contains("text: cannot read"), err);
    }

    @Test
    void exportWritesEveryFormatAndImportBringsThePortableModelBack() throws Exception {
        assertEquals(0, run("train", adder.toString()), err);
        Path weights = dir.resolve("binary-adder.weights.json");
        for (String format : List.of("onnx", "model", "npz", "png", "svg")) {
            Path file = dir.resolve("out/adder." + (format.equals("model") ? "rnnpack" : format));
            assertEquals(0, run("export", adder.toString(), "--weights", weights.toString(), "--format", format, "--out", file.toString()), err);
            assertTrue(Files.size(file) > 100, format);
            assertEquals("", err, "a trained model exports without a warning");
        }
        assertTrue(Files.readString(dir.resolve("out/adder.svg")).contains(">hidden</text>"));
        byte[] png = Files.readAllBytes(dir.resolve("out/adder.png"));
        assertEquals("PNG", new String(png, 1, 3, StandardCharsets.US_ASCII));

        assertEquals(0, run("import", dir.resolve("out/adder.rnnpack").toString(), "--out", dir.resolve("back").toString()), err);
        assertEquals(Files.readString(weights), Files.readString(dir.resolve("back/adder.weights.json")));
        assertEquals(0, run("eval", dir.resolve("back/adder.rnn").toString(), "--weights", dir.resolve("back/adder.weights.json").toString(),
                "--data", "binary-adder:bits=8,all"), err);
        assertTrue(out.contains("accuracy 100.00%"), out);
    }

    @Test
    void exportWarnsAboutAnUntrainedModelAndRefusesWhatItCannotDo() throws Exception {
        assertEquals(0, run("export", adder.toString(), "--format", "onnx", "--out", dir.resolve("a.onnx").toString()), err);
        assertTrue(err.startsWith("rnnstudio: warning: the model is untrained (binary-adder.weights.json not found)"), err);
        // pictures carry no weights: no warning
        assertEquals(0, run("export", adder.toString(), "--format", "svg", "--view", "unrolled", "--steps", "3", "--out", dir.resolve("a.svg").toString()));
        assertEquals("", err);
        assertTrue(Files.readString(dir.resolve("a.svg")).contains(">t = 2</text>"));

        assertEquals(2, run("export", adder.toString(), "--format", "tflite", "--out", dir.resolve("a.x").toString()));
        assertEquals("rnnstudio: export: --format is one of onnx, model, npz, torch, png, svg, not 'tflite'\n", err);
        assertEquals(2, run("export", adder.toString(), "--format", "onnx", "--view", "unrolled", "--out", dir.resolve("a.x").toString()));
        assertEquals(1, run("export", adder.toString(), "--format", "onnx", "--weights", dir.resolve("none.json").toString(), "--out",
                dir.resolve("a.x").toString()));
        assertEquals("rnnstudio: export: no weights file " + dir.resolve("none.json") + "\n", err);
        assertFalse(Files.exists(dir.resolve("a.x")));

        // an input-less model has no length for the ONNX file's steps: refused, naming the model
        Path free = dir.resolve("free.rnn");
        Files.writeString(free, "{\"format\": \"rnnstudio-model/1\", \"name\": \"oscillator\", \"groups\": [{\"id\": \"h\", \"size\": 2},"
                + " {\"id\": \"y\", \"role\": \"output\", \"size\": 1, \"target\": {\"loss\": \"squared-error\"}}], \"connections\": ["
                + "{\"id\": \"h-h\", \"from\": \"h\", \"to\": \"h\", \"delay\": 1}, {\"id\": \"h-y\", \"from\": \"h\", \"to\": \"y\"}]}");
        assertEquals(1, run("export", free.toString(), "--format", "onnx", "--out", dir.resolve("free.onnx").toString()), err);
        assertTrue(err.contains("model 'oscillator' has no input group"), err);
        assertFalse(Files.exists(dir.resolve("free.onnx")));

        Files.writeString(dir.resolve("junk.rnnpack"), "junk");
        assertEquals(1, run("import", dir.resolve("junk.rnnpack").toString()));
        assertTrue(err.startsWith("rnnstudio: import: ") && err.contains("is not a portable model"), err);
    }

    @Test
    void gradcheckReportsEveryParameterSet() throws Exception {
        assertEquals(0, run("gradcheck", adder.toString()), out + err);
        for (String set : new String[] {"connection:input-hidden", "connection:hidden-hidden", "connection:hidden-output", "bias:hidden",
                "initial:hidden", "bias:output"}) {
            assertTrue(out.contains(set), set + " in\n" + out);
        }
        assertTrue(out.contains("gradients agree"), out);
    }

    @Test
    void badArgumentsGiveOneLineAndAUsageCode() throws Exception {
        String[][] bad = {{}, {"fly"}, {"train"}, {"train", adder.toString(), "--data", "binary-adder", "--epochs", "many"},
            {"train", adder.toString(), "--data", "binary-adder", "--colour", "red"}, {"validate"}, {"eval", adder.toString(), "--data"}};
        for (String[] args : bad) {
            assertEquals(2, run(args), String.join(" ", args));
            assertTrue(err.startsWith("rnnstudio: ") && err.strip().lines().count() == 1, String.join(" ", args) + " -> " + err);
            assertFalse(err.contains("Exception"), err);
        }
        assertEquals(1, run("validate", dir.resolve("missing.rnn").toString()));
        assertEquals("rnnstudio: no model file " + dir.resolve("missing.rnn") + "\n", err);
        assertEquals(1, run("train", adder.toString(), "--data", "binary-adder:bits=99"));
        assertTrue(err.contains("bits=99 must be a whole number from 1 to 30"), err);
    }
}
