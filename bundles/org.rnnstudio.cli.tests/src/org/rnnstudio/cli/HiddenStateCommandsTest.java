package org.rnnstudio.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * validate, train, eval, infer and sample on hidden-state models, through the command line and files only,
 * on the conformance cases (resources/stochastic): every number the reference gives, to 1e-9.
 */
class HiddenStateCommandsTest {

    private static final double TOLERANCE = 1e-9;

    @TempDir
    Path dir;
    private String out;
    private String err;

    private int run(String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int code = new Main(new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8), false).run(args);
        out = o.toString(StandardCharsets.UTF_8);
        err = e.toString(StandardCharsets.UTF_8);
        return code;
    }

    private static JsonObject reference(String name) throws IOException {
        try (InputStream in = HiddenStateCommandsTest.class.getResourceAsStream("/stochastic/" + name + ".json")) {
            return JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject();
        }
    }

    /** A weights file in the documented format, written here by hand from the reference's parameters. */
    private Path weights(String structure, JsonObject parameters) throws IOException {
        JsonObject sets = new JsonObject();
        for (String name : parameters.keySet()) {
            JsonArray rows = parameters.get(name).getAsJsonArray();
            boolean vector = rows.get(0).isJsonPrimitive();
            JsonArray values = new JsonArray();
            for (JsonElement row : rows) {
                if (vector) {
                    values.add(row);
                } else {
                    row.getAsJsonArray().forEach(values::add);
                }
            }
            JsonObject set = new JsonObject();
            set.addProperty("rows", vector ? 1 : rows.size());
            set.addProperty("cols", vector ? rows.size() : rows.get(0).getAsJsonArray().size());
            set.add("values", values);
            sets.add(name, set);
        }
        Path file = dir.resolve("model.weights.json");
        Files.writeString(file, "{\"format\": \"rnnstudio-weights/1\", \"structure\": \"" + structure + "\", \"parameters\": " + sets + "}");
        return file;
    }

    private Path hmmModel(JsonObject json, String extra) throws IOException {
        Path model = dir.resolve("model.rnn");
        Files.writeString(model, "{\"format\": \"rnnstudio-model/1\", \"kind\": \"hmm\", \"name\": \"" + json.get("name").getAsString() + "\",\n"
                + " \"hmm\": {\"states\": " + json.get("pi").getAsJsonArray().size() + ", \"emission\": \"categorical\", \"symbols\": "
                + json.get("symbols").getAsJsonArray().size() + extra + "}}\n");
        return model;
    }

    private Path symbols(JsonObject json) throws IOException {
        StringBuilder csv = new StringBuilder("sequence,y.0\n");
        for (JsonElement symbol : json.get("observations").getAsJsonArray()) {
            csv.append("rolls,").append(symbol.getAsInt()).append('\n');
        }
        return Files.writeString(dir.resolve("observations.csv"), csv);
    }

    private List<double[]> rows(Path csv) throws IOException {
        List<double[]> rows = new ArrayList<>();
        for (String line : Files.readAllLines(csv).subList(1, Files.readAllLines(csv).size())) {
            String[] cells = line.split(",");
            double[] row = new double[cells.length - 1];
            for (int i = 1; i < cells.length; i++) {
                row[i - 1] = Double.parseDouble(cells[i]);
            }
            rows.add(row);
        }
        return rows;
    }

    private static double number(String text, String after) {
        int at = text.indexOf(after) + after.length();
        int end = at;
        while (end < text.length() && " ,()\n".indexOf(text.charAt(end)) < 0) {
            end++;
        }
        return Double.parseDouble(text.substring(at, end));
    }

    @Test
    void hmmInferAndEvalMatchTheReferences() throws IOException {
        for (String name : List.of("hmm-weather", "hmm-casino")) {
            JsonObject json = reference(name);
            Path model = hmmModel(json, "");
            JsonObject parameters = new JsonObject();
            for (String set : List.of("pi", "A", "B")) {
                parameters.add(set, json.get(set));
            }
            Path weights = weights("hmm:states=2,categorical=" + json.get("symbols").getAsJsonArray().size(), parameters);
            Path output = dir.resolve("posterior.csv");
            assertEquals(0, run("infer", model.toString(), "--weights", weights.toString(), "--input", symbols(json).toString(), "--output",
                    output.toString()), err);
            assertEquals("sequence,filtered.0,filtered.1,posterior.0,posterior.1,viterbi.0", Files.readAllLines(output).get(0));
            List<double[]> rows = rows(output);
            JsonArray posterior = json.get("posterior").getAsJsonArray();
            JsonArray viterbi = json.get("viterbi").getAsJsonArray();
            assertEquals(posterior.size(), rows.size());
            // at the last step the filter has seen everything the smoother has
            assertArrayEquals(java.util.Arrays.copyOfRange(rows.get(rows.size() - 1), 0, 2), java.util.Arrays.copyOfRange(rows.get(rows.size() - 1), 2, 4),
                    TOLERANCE);
            for (int t = 0; t < rows.size(); t++) {
                for (int i = 0; i < 2; i++) {
                    assertEquals(posterior.get(t).getAsJsonArray().get(i).getAsDouble(), rows.get(t)[2 + i], TOLERANCE, name + " step " + t);
                }
                assertEquals(viterbi.get(t).getAsInt(), (int) rows.get(t)[4], name + " step " + t);
            }
            assertEquals(json.get("loglik").getAsDouble(), number(out, "log-likelihood "), TOLERANCE, out);
            assertEquals(json.get("viterbi_logp").getAsDouble(), number(out, "Viterbi path log probability "), TOLERANCE, out);

            assertEquals(0, run("eval", model.toString(), "--weights", weights.toString(), "--data", symbols(json).toString()), err);
            assertEquals(json.get("loglik").getAsDouble(), number(out, "rolls: " + posterior.size() + " steps, log-likelihood "), TOLERANCE, out);
        }
    }

    @Test
    void oneTrainingIterationIsOneBaumWelchStep() throws IOException {
        JsonObject json = reference("hmm-casino");
        Path model = hmmModel(json, ", \"parameters\": {\"pi\": " + json.get("pi") + ", \"A\": " + json.get("A") + ", \"B\": " + json.get("B") + "}");
        assertEquals(0, run("validate", model.toString()), out);
        assertTrue(out.contains("valid (hmm:states=2,categorical=6, 18 parameters)"), out);
        assertEquals(0, run("train", model.toString(), "--data", symbols(json).toString(), "--epochs", "1"), err);
        assertTrue(out.contains("iteration 1/1 [####################]"), out);
        JsonObject trained = JsonParser.parseString(Files.readString(dir.resolve("model.weights.json"))).getAsJsonObject().getAsJsonObject("parameters");
        JsonObject expected = json.getAsJsonObject("baum_welch_one_step");
        for (String set : List.of("pi", "A", "B")) {
            JsonArray values = trained.getAsJsonObject(set).getAsJsonArray("values");
            JsonArray rows = expected.getAsJsonArray(set);
            int k = 0;
            for (JsonElement row : rows) {
                for (JsonElement v : row.isJsonArray() ? row.getAsJsonArray() : List.of(row)) {
                    assertEquals(v.getAsDouble(), values.get(k++).getAsDouble(), TOLERANCE, set);
                }
            }
        }
        List<String> metrics = Files.readAllLines(dir.resolve("model.metrics.csv"));
        assertEquals("iteration,log_likelihood,log_likelihood_per_step,seconds", metrics.get(1));
        assertEquals(json.get("loglik").getAsDouble(), Double.parseDouble(metrics.get(2).split(",")[1]), TOLERANCE, "iteration 0 is the start");
        assertTrue(Double.parseDouble(metrics.get(3).split(",")[1]) > json.get("loglik").getAsDouble(), "Baum-Welch improves the fit");
    }

    @Test
    void ldsInferAndEvalMatchStatsmodels() throws IOException {
        JsonObject json = reference("lds");
        Path model = dir.resolve("lds.rnn");
        Files.writeString(model, "{\"format\": \"rnnstudio-model/1\", \"kind\": \"lds\", \"name\": \"reference\", \"lds\": {\"state\": 2, \"observation\": 1}}");
        JsonObject parameters = new JsonObject();
        for (String set : List.of("A", "C", "Q", "R", "mu0", "V0")) {
            parameters.add(set, json.get(set));
        }
        parameters.add("B", JsonParser.parseString("[[], []]"));
        parameters.add("D", JsonParser.parseString("[[]]"));
        Path weights = weights("lds:state=2,observation=1,input=0", parameters);
        StringBuilder csv = new StringBuilder("sequence,y.0\n");
        for (JsonElement y : json.get("y").getAsJsonArray()) {
            csv.append("track,").append(y.getAsJsonArray().get(0).getAsDouble()).append('\n');
        }
        Path input = Files.writeString(dir.resolve("y.csv"), csv);
        Path output = dir.resolve("states.csv");
        assertEquals(0, run("infer", model.toString(), "--weights", weights.toString(), "--input", input.toString(), "--output", output.toString()), err);
        assertEquals("sequence,filtered_mean.0,filtered_mean.1,filtered_var.0,filtered_var.1,smoothed_mean.0,smoothed_mean.1,smoothed_var.0,"
                + "smoothed_var.1", Files.readAllLines(output).get(0));
        List<double[]> rows = rows(output);
        for (int t = 0; t < rows.size(); t++) {
            double[] expected = new double[8];
            for (int i = 0; i < 2; i++) {
                expected[i] = json.getAsJsonArray("filtered_mean").get(t).getAsJsonArray().get(i).getAsDouble();
                expected[2 + i] = json.getAsJsonArray("filtered_cov").get(t).getAsJsonArray().get(i).getAsJsonArray().get(i).getAsDouble();
                expected[4 + i] = json.getAsJsonArray("smoothed_mean").get(t).getAsJsonArray().get(i).getAsDouble();
                expected[6 + i] = json.getAsJsonArray("smoothed_cov").get(t).getAsJsonArray().get(i).getAsJsonArray().get(i).getAsDouble();
            }
            assertArrayEquals(expected, rows.get(t), TOLERANCE, "step " + t);
        }
        assertEquals(0, run("eval", model.toString(), "--weights", weights.toString(), "--data", input.toString()), err);
        assertEquals(json.get("loglik").getAsDouble(), number(out, "track: 12 steps, log-likelihood "), TOLERANCE, out);
    }

    @Test
    void sampledSequencesTrainAModel() throws IOException {
        Path model = dir.resolve("lds.rnn");
        Files.writeString(model, "{\"format\": \"rnnstudio-model/1\", \"kind\": \"lds\", \"lds\": {\"state\": 1, \"observation\": 2, "
                + "\"parameters\": {\"A\": [[0.8]], \"C\": [[1], [-1]]}}, \"training\": {\"epochs\": 5}}");
        assertEquals(0, run("train", model.toString(), "--data", writeNoise().toString()), err);
        Path sampled = dir.resolve("sampled.csv");
        assertEquals(0, run("sample", model.toString(), "--weights", dir.resolve("lds.weights.json").toString(), "--count", "3", "--length", "40",
                "--output", sampled.toString()), err);
        List<String> lines = Files.readAllLines(sampled);
        assertEquals("sequence,y.0,y.1,x.0", lines.get(0));
        assertEquals(121, lines.size());
        assertEquals(0, run("train", model.toString(), "--data", sampled.toString(), "--epochs", "3"), err);
        assertTrue(out.contains("on 3 sequences: EM, iterations 3, seed 1, data " + sampled + " (120 steps)"), out);

        Path npz = dir.resolve("lds.npz");
        assertEquals(0, run("export", model.toString(), "--format", "npz", "--out", npz.toString()), err);
        List<String> arrays = new ArrayList<>();
        try (java.util.zip.ZipInputStream zip = new java.util.zip.ZipInputStream(Files.newInputStream(npz))) {
            for (java.util.zip.ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                String header = new String(zip.readNBytes(128), StandardCharsets.ISO_8859_1);
                arrays.add(e.getName() + header.substring(header.indexOf("'shape': "), header.indexOf(", }")));
            }
        }
        assertEquals(List.of("A.npy'shape': (1, 1)", "B.npy'shape': (1, 0)", "C.npy'shape': (2, 1)", "D.npy'shape': (2, 0)", "Q.npy'shape': (1, 1)",
                "R.npy'shape': (2, 2)", "mu0.npy'shape': (1, 1)", "V0.npy'shape': (1, 1)"), arrays);
        assertEquals(2, run("export", model.toString(), "--format", "onnx", "--out", "x.onnx"));
        assertTrue(err.contains("exported as --format npz"), err);
    }

    /** The log N experiment at a tiny scale: its table, an HMM's bits never above log2 N, and a bad list of states refused. */
    @Test
    void capacityPrintsItsTable() {
        assertEquals(0, run("capacity", "--bits", "2", "--gap", "1", "--states", "1,2", "--sequences", "100", "--iterations", "5", "--restarts", "1",
                "--units", "4", "--epochs", "2"), err);
        assertTrue(out.startsWith("A 2-bit number, a gap of 1 unobserved steps, the number again; 100 training and 100 test sequences."), out);
        Matcher m = Pattern.compile("\\| HMM, (\\d) states? \\| ([0-9.]+) \\| ([0-9.]+) \\|").matcher(out);
        int rows = 0;
        while (m.find()) {
            assertEquals(Math.log(Integer.parseInt(m.group(1))) / Math.log(2), Double.parseDouble(m.group(2)), 0.005, m.group());
            assertTrue(Double.parseDouble(m.group(3)) <= Double.parseDouble(m.group(2)), m.group());
            rows++;
        }
        assertEquals(2, rows, out);
        assertTrue(out.contains("| LSTM, 4 units | none |"), out);
        assertEquals(2, run("capacity", "--states", "2,x"));
        assertTrue(err.contains("--states is a list of numbers of states"), err);
    }

    /** The casino's state graph through export --format svg/png: its starting values, then its trained ones. */
    @Test
    void hiddenStateModelsExportAsPictures() throws IOException {
        Path examples = Paths.get(System.getProperty("rnnstudio.examples", "../../examples"), "hmm-casino");
        Path model = Files.copy(examples.resolve("casino.rnn"), dir.resolve("casino.rnn"));
        Files.copy(examples.resolve("rolls.csv"), dir.resolve("rolls.csv"));
        Path svg = dir.resolve("casino.svg");
        assertEquals(0, run("export", model.toString(), "--format", "svg", "--out", svg.toString()), err);
        assertTrue(out.contains("starting values"), out);
        String picture = Files.readString(svg);
        assertTrue(picture.startsWith("<?xml") && picture.contains("<svg") && picture.contains(">fair</text>") && picture.contains(">loaded</text>"), picture);
        assertEquals(2, picture.split(">0.90</text>", -1).length - 1, "the two self-transitions of the example's A");
        assertEquals(2, picture.split(">0.10</text>", -1).length - 1, "its two switches");
        assertTrue(picture.contains(">6: 0.25</text>"), "the loaded die's likeliest face on its state");

        assertEquals(0, run("train", model.toString(), "--epochs", "3"), err);
        assertEquals(0, run("export", model.toString(), "--format", "svg", "--out", svg.toString()), err);
        assertTrue(out.contains("trained values"), out);
        JsonArray a = JsonParser.parseString(Files.readString(dir.resolve("casino.weights.json"))).getAsJsonObject().getAsJsonObject("parameters")
                .getAsJsonObject("A").getAsJsonArray("values");
        picture = Files.readString(svg);
        for (int i = 0; i < 4; i++) {
            String label = String.format(Locale.ROOT, ">%.2f</text>", a.get(i).getAsDouble());
            assertTrue(picture.contains(label), label + " in " + picture);
        }

        Path png = dir.resolve("casino.png");
        assertEquals(0, run("export", model.toString(), "--format", "png", "--out", png.toString()), err);
        BufferedImage image = ImageIO.read(png.toFile());
        assertTrue(image != null && image.getWidth() > 300 && image.getHeight() > 100, "a PNG ImageIO reads");
        assertEquals(2, run("export", model.toString(), "--format", "onnx", "--out", dir.resolve("x.onnx").toString()));
        assertTrue(err.contains("npz, png or svg"), err);
    }

    private Path writeNoise() throws IOException {
        StringBuilder csv = new StringBuilder("sequence,y.0,y.1\n");
        java.util.Random random = new java.util.Random(1);
        for (int t = 0; t < 50; t++) {
            csv.append("a,").append(random.nextGaussian()).append(',').append(t == 7 ? "" : Double.toString(random.nextGaussian())).append('\n');
        }
        return Files.writeString(dir.resolve("noise.csv"), csv);
    }

    @Test
    void badInputEndsInOneLineNamingTheProblem() throws IOException {
        JsonObject json = reference("hmm-weather");
        Path model = hmmModel(json, "");
        Path data = Files.writeString(dir.resolve("bad.csv"), "sequence,y.0\na,0\na,3\n");
        assertEquals(1, run("train", model.toString(), "--data", data.toString()));
        assertEquals("rnnstudio: bad.csv line 3: 'y.0' is '3', not a symbol 0 to 2\n", err);

        Path weights = weights("hmm:states=3,categorical=3", new JsonObject());
        assertEquals(1, run("eval", model.toString(), "--weights", weights.toString(), "--data", symbols(json).toString()));
        assertTrue(err.startsWith("rnnstudio: ") && err.contains("holds weights for") && err.lines().count() == 1, err);

        JsonObject parameters = new JsonObject();
        parameters.add("pi", JsonParser.parseString("[0.6, 0.6]"));
        parameters.add("A", json.get("A"));
        parameters.add("B", json.get("B"));
        weights = weights("hmm:states=2,categorical=3", parameters);
        assertEquals(1, run("eval", model.toString(), "--weights", weights.toString(), "--data", symbols(json).toString()));
        assertTrue(err.contains("hmm.pi") && err.contains("sum to 1.2"), err);

        Files.writeString(model, Files.readString(model).replace("\"states\": 2", "\"states\": 0"));
        assertEquals(1, run("validate", model.toString()));
        assertTrue(out.contains("error in 'hmm': \"states\" is 0"), out);

        Path network = dir.resolve("network.rnn");
        Files.writeString(network, "{\"format\": \"rnnstudio-model/1\", \"groups\": []}");
        assertEquals(2, run("infer", network.toString(), "--weights", "w", "--input", "i", "--output", "o"));
        assertTrue(err.contains("infer is for models of kind lds and hmm"), err);
    }
}
