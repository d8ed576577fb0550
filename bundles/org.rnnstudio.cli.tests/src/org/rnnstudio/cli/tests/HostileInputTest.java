package org.rnnstudio.cli.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hostile-input corpus: model files, weights files, CSVs, data specs and portable models that are
 * broken, lying, huge or in the wrong encoding (resources/hostile; the large ones are made here, in a
 * temporary folder). Each goes through the command line's entry point and must end in one line on standard
 * error that says what is wrong, a non-zero exit, no stack trace, within seconds and without running out of
 * memory.
 */
class HostileInputTest {

    /** A case that takes longer reads without a bound somewhere. */
    private static final double SECONDS = 10;
    /** Quotes are a few dozen characters; a line longer than this echoes what it should not. */
    private static final int LONGEST_LINE = 400;

    @TempDir
    Path dir;
    private Path adder;
    private Path goodWeights;
    private String structure;
    private final List<String[]> cases = new ArrayList<>();

    @BeforeEach
    void corpus() throws Exception {
        adder = Cli.adderIn(dir);
        Cli.Run trained = Cli.run("train", adder.toString(), "--data", "binary-adder:bits=3,count=20", "--epochs", "1");
        assertEquals(0, trained.code(), trained.err());
        Matcher hash = Pattern.compile("\"structure\": \"(\\w+)\"").matcher(Files.readString(dir.resolve("binary-adder.weights.json")));
        assertTrue(hash.find());
        structure = hash.group(1);
        goodWeights = weights("good.json");
    }

    private Path resource(String name) throws Exception {
        Path file = dir.resolve(name.replace('/', '-'));
        try (InputStream in = HostileInputTest.class.getResourceAsStream("/hostile/" + name)) {
            assertTrue(in != null, "no resource " + name);
            Files.write(file, in.readAllBytes());
        }
        return file;
    }

    /** A weights template with the structure hash of this build's binary adder (UTF-8 ones; others are refused before). */
    private Path weights(String name) throws Exception {
        Path file = resource("weights/" + name);
        byte[] bytes = Files.readAllBytes(file);
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (text.contains("@STRUCTURE@") && Arrays.equals(text.getBytes(StandardCharsets.UTF_8), bytes)) {
            Files.writeString(file, text.replace("@STRUCTURE@", structure));
        }
        return file;
    }

    private Path sparse(String name, long size) throws Exception {
        Path file = dir.resolve(name);
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(size);
        }
        return file;
    }

    private Path pack(String name, Object... entries) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (int i = 0; i < entries.length; i += 2) {
                zip.putNextEntry(new ZipEntry((String) entries[i]));
                zip.write(entries[i + 1] instanceof Path p ? Files.readAllBytes(p) : (byte[]) entries[i + 1]);
                zip.closeEntry();
            }
        }
        return Files.write(dir.resolve(name), bytes.toByteArray());
    }

    /** One case: what the message must say, then the command line. */
    private void expect(String says, Object... args) {
        String[] words = new String[args.length + 1];
        words[0] = says;
        for (int i = 0; i < args.length; i++) {
            words[i + 1] = args[i].toString();
        }
        cases.add(words);
    }

    private void model(String says, Path model) {
        expect(says, "gradcheck", model);
    }

    private void weightsCase(String says, Path weights) {
        expect(says, "eval", adder, "--weights", weights, "--data", "binary-adder:bits=2,all");
    }

    private void data(String says, Path csv) {
        expect(says, "eval", adder, "--weights", goodWeights, "--data", csv);
    }

    private void spec(String says, String spec) {
        expect(says, "train", adder, "--data", spec, "--epochs", "1");
    }

    @Test
    void everyHostileInputEndsInOneClearLine() throws Exception {
        modelFiles();
        weightsFiles();
        csvFiles();
        specs();
        packs();
        labels();
        trajectories();
        assertTrue(cases.size() >= 40, cases.size() + " cases");
        List<String> wrong = new ArrayList<>();
        for (String[] c : cases) {
            String[] args = Arrays.copyOfRange(c, 1, c.length);
            String command = String.join(" ", args).replace(dir.toString(), "DIR");
            long start = System.nanoTime();
            Cli.Run r;
            try {
                r = Cli.run(args);
            } catch (Exception | OutOfMemoryError | StackOverflowError e) {
                wrong.add(command + "\n    threw " + (e instanceof InvocationTargetException thrown ? thrown.getCause() : e));
                continue;
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            String err = r.err();
            List<String> problems = new ArrayList<>();
            if (r.code() == 0) {
                problems.add("exit 0");
            }
            if (!err.startsWith("rnnstudio: ") || err.strip().lines().count() != 1) {
                problems.add("not one line on standard error");
            }
            if (err.contains("Exception") || err.contains("\tat ") || err.contains("LENIENT")) {
                problems.add("a stack trace or the JSON library's words");
            }
            if (err.length() > LONGEST_LINE) {
                problems.add(err.length() + " characters");
            }
            if (!err.contains(c[0])) {
                problems.add("does not say \"" + c[0] + "\"");
            }
            if (seconds > SECONDS) {
                problems.add(String.format("took %.1f s", seconds));
            }
            if (!problems.isEmpty()) {
                wrong.add(command + "\n    " + problems + ": " + err.substring(0, Math.min(err.length(), 2 * LONGEST_LINE)).strip());
            }
        }
        assertEquals("", String.join("\n", wrong), wrong.size() + " of " + cases.size() + " cases");
    }

    private void modelFiles() throws Exception {
        model("the key \"name\" appears twice in one object", resource("models/repeated-key.rnn"));
        model("\"size\" is '1000000000000', out of range", resource("models/size-a-trillion.rnn"));
        model("the number '1e400' is out of range", resource("models/size-1e400.rnn"));
        model("not JSON here: 'NaN'", resource("models/nan-size.rnn"));
        model("\"units\" must be a list of unit indices", resource("models/units-out-of-range.rnn"));
        model("error at line 1, column 2: malformed JSON: not JSON here", resource("models/comment.rnn"));
        model("malformed JSON: not JSON here", resource("models/single-quotes.rnn"));
        model("the text ends before the JSON value does", resource("models/truncated.rnn"));
        model("more text after the end of the JSON value", resource("models/trailing-text.rnn"));
        model("a model file holds one JSON object", resource("models/not-an-object.rnn"));
        model("latin1.rnn line 3, column 15: not UTF-8 text (byte 0xE9)", resource("models/latin1.rnn"));
        model("utf16.rnn is UTF-16 text, not UTF-8 text", resource("models/utf16.rnn"));
        model("line 1, column 2: not UTF-8 text (a NUL byte", resource("models/utf16le-no-bom.rnn"));
        model("not UTF-8 text", resource("models/binary.rnn"));
        model("the text ends before the JSON value does", resource("models/empty-file.rnn"));
        model("a string has an invalid escape", resource("models/bad-escape.rnn"));
        model("a string has a line break or another control character", resource("models/unterminated-string.rnn"));
        String small = Files.readString(resource("models/size-a-trillion.rnn"));
        model("a number of 100000 characters is too long", Files.writeString(dir.resolve("long-number.rnn"),
                small.replace("1000000000000", "1".repeat(100_000))));
        model("nested too deep", Files.writeString(dir.resolve("deep.rnn"), "[".repeat(100_000)));
        model("\"name\" must be a string, not '", Files.writeString(dir.resolve("huge-value.rnn"),
                small.replace("\"name\": \"x\"", "\"name\": [\"" + "\\u0007".repeat(1_000_000) + "\"]")));
        model("is larger than 16 MB", sparse("huge.rnn", (16L << 20) + 1));
        if (Files.exists(Paths.get("/dev/zero"))) {
            model("/dev/zero is larger than 16 MB", Paths.get("/dev/zero"));
        }
    }

    private void weightsFiles() throws Exception {
        String set = "value 0 of connection:hidden-hidden ";
        Path tooBig = weights("1e309.json");
        weightsCase(set + "is '1e309', beyond the range of a double", tooBig);
        weightsCase(set + "is '-1e400', beyond the range of a double", weights("minus-1e400.json"));
        weightsCase(set + "is not a number RNN Studio writes", weights("nan.json"));
        weightsCase(set + "is not a number RNN Studio writes", weights("infinity.json"));
        weightsCase(set + "is not a number", weights("nan-string.json"));
        weightsCase(set + "is not a number RNN Studio writes", Files.writeString(dir.resolve("long-number.weights.json"),
                Files.readString(tooBig).replace("1e309", "1" + "0".repeat(100_000))));
        weightsCase("the key \"rows\" appears twice in one object", weights("repeated-key.json"));
        weightsCase("connection:input-hidden should be 2x3 = 6 values, but there are more", weights("extra-values.json"));
        weightsCase("is not valid JSON", weights("truncated.json"));
        weightsCase("more text after the end of the weights", weights("trailing-text.json"));
        weightsCase("holds weights for another structure", weights("other-structure.json"));
        weightsCase("has weights for 'connection:ghost', which this model does not have", weights("unknown-parameter.json"));
        weightsCase("has format 'rnnstudio-weights/9'", weights("format-9.json"));
        weightsCase("is not UTF-8 text", weights("latin1.json"));
        weightsCase("is not UTF-8 text", weights("utf16.json"));
        Path csv = Files.writeString(dir.resolve("sums.csv"), "sequence,input.0,input.1\na,1,1\na,0,0\n");
        expect(set + "is '1e309'", "run", adder, "--weights", tooBig, "--input", csv, "--output", dir.resolve("outputs.csv"));
        expect(set + "is '1e309'", "export", adder, "--weights", tooBig, "--format", "npz", "--out", dir.resolve("adder.npz"));
        expect(set + "is '1e309'", "export", adder, "--weights", tooBig, "--format", "onnx", "--out", dir.resolve("adder.onnx"));
    }

    private void csvFiles() throws Exception {
        data("output group 'output' has no target anywhere in the data", resource("data/no-target-column.csv"));
        data("output group 'output' has no target anywhere in the data", resource("data/empty-targets.csv"));
        data("line 3: target 'output.0' is 2.0; under logistic cross-entropy a target is a probability, from 0 to 1", resource("data/target-two.csv"));
        data("line 2: target 'output.0' is -0.5", resource("data/target-negative.csv"));
        expect("line 3: the targets of 'out' are not one-hot", "train", resource("models/softmax.rnn"), "--data", resource("data/not-one-hot.csv"),
                "--epochs", "1");
        data("latin1.csv line 1, column 7: not UTF-8 text (byte 0xE9)", resource("data/latin1.csv"));
        data("utf16.csv is UTF-16 text, not UTF-8 text", resource("data/utf16.csv"));
        data("line 2: 'input.1' is 'x\\u0001\\u001b[31m\\u00e9', not a number", resource("data/binary-cell.csv"));
        data("output group 'output' has no target anywhere", resource("data/bom-header-no-target.csv"));
        data("line 2: 3 cells, but the header names 4 columns", resource("data/cells-missing.csv"));
        data("has a header but no rows", resource("data/header-only.csv"));
        data("column 'hidden.0' is not GROUP.UNIT", resource("data/unknown-column.csv"));
        data("... (2000000 characters), not a number", Files.writeString(dir.resolve("long-cell.csv"),
                "sequence,input.0,input.1,output.0\na,1," + "7".repeat(1_000_000) + "x".repeat(1_000_000) + ",1\n"));
        data("is larger than 256 MB", sparse("huge.csv", (256L << 20) + 1));
        data("line 2 is longer than 16 MB", Files.writeString(dir.resolve("long-line.csv"),
                "sequence,input.0,input.1,output.0\n" + "1".repeat((16 << 20) + 1)));
    }

    private void specs() throws Exception {
        spec("binary-adder: 'count' is set twice; give each setting once", "binary-adder:count=5,count=7");
        spec("count=1000000000000 must be a whole number from 1 to 10000000: 1000000000000 is out of range", "binary-adder:count=1000000000000");
        spec("bits='9999999999", "binary-adder:bits=" + "9".repeat(100_000));
        spec("text: /dev/zero is larger than 32 MB", "text:file=/dev/zero");
        spec("is larger than 32 MB", "text:file=" + sparse("big.txt", (32L << 20) + 1));
        spec("latin1.txt line 1, column 4: not UTF-8 text (byte 0xE9)", "text:file=" + resource("data/latin1.txt"));
    }

    /** A ctc output's label column: every cell that is not a class of the output, named with its file and line. */
    private void labels() throws Exception {
        Path reader = Files.writeString(dir.resolve("ctc.rnn"), """
                { "format": "rnnstudio-model/1", "name": "ctc of the logits",
                  "groups": [
                    { "id": "logits", "role": "input", "size": 4 },
                    { "id": "letters", "role": "output", "size": 4, "activation": "softmax", "bias": false, "target": { "loss": "ctc" } }
                  ],
                  "connections": [ { "id": "copy", "from": "logits", "to": "letters", "kind": "identity" } ] }
                """);
        String[][] cells = {{"9", "holds '9', not a class from 1 to 3 (0 is the blank)"}, {"1 0 2", "holds '0', not a class from 1 to 3"},
                {"-1", "holds '-1', not a class"}, {"a b", "holds 'a', not a class"}, {"1.5", "holds '1.5', not a class"},
                {"NaN", "holds 'NaN', not a class"}, {"99999999999999999999", "holds '99999999999999999999', not a class"},
                {"1 1 1 1 1 1", "its 6 labels for 'letters' need at least 11 steps"}};
        for (int i = 0; i < cells.length; i++) {
            StringBuilder csv = new StringBuilder("sequence,logits.0,logits.1,logits.2,logits.3,letters.labels\n");
            for (int t = 0; t < 5; t++) {
                csv.append("w,0.1,0.2,0.3,0.4,").append(t == 0 ? cells[i][0] : "").append('\n');
            }
            expect(cells[i][1], "train", reader, "--data", Files.writeString(dir.resolve("labels-" + i + ".csv"), csv), "--epochs", "1");
        }
        expect("line 3: 'letters.labels' is given on the sequence's first row only", "train", reader, "--data",
                Files.writeString(dir.resolve("labels-twice.csv"), "sequence,logits.0,logits.1,logits.2,logits.3,letters.labels\n"
                        + "w,0.1,0.2,0.3,0.4,1 2\nw,0.1,0.2,0.3,0.4,3\n"), "--epochs", "1");
    }

    /** Recorded pen trajectories for `read`: broken, lying and huge ones, before and after they are normalised. */
    private void trajectories() throws Exception {
        Path model = dir.resolve("handwriting.rnn");
        Files.copy(Paths.get(System.getProperty("rnnstudio.examples", "../../examples"), "handwriting", "handwriting.rnn"), model);
        Cli.Run trained = Cli.run("train", model.toString(), "--data", "handwriting:count=2", "--epochs", "1");
        assertEquals(0, trained.code(), trained.err());
        Path weights = dir.resolve("handwriting.weights.json");
        String[][] files = {{"1,0,0\n1,NaN,1\n", "line 3: 'NaN' is not a finite number"}, {"1,0,0\n1,1e309,1\n", "line 3: '1e309' is not a finite number"},
                {"1,0\n", "line 2: 3 values (stroke, x, y) expected, found 2"}, {"", "the trajectory has no points"},
                // a path of 1e300 at 1.5 steps per unit of height: counted, never resampled
                {"1,0,0\n1,1e300,1\n1,-1e300,2\n", "times the pen's spacing; what is written is at most"},
                {"1,-1e308,0\n1,1e308,1\n", "the trajectory's points lie further apart than a double can measure"},
                // a line 8,000 long beside a dot: little ink height, so millions of steps once normalised
                {"1,0,0\n1,8000,0\n2,0,2\n", "what is written is at most 20000"}};
        for (int i = 0; i < files.length; i++) {
            expect(files[i][1], "read", model, "--weights", weights, "--input", Files.writeString(dir.resolve("pen-" + i + ".csv"), "stroke,x,y\n" + files[i][0]));
        }
        StringBuilder zigzag = new StringBuilder("stroke,x,y\n");
        for (int i = 0; i < 30_000; i++) {
            zigzag.append("1,").append(i % 2 * 1000).append(',').append(i % 3).append('\n');
        }
        expect("what is written is at most 1000000", "read", model, "--weights", weights, "--input", Files.writeString(dir.resolve("pen-zigzag.csv"), zigzag));
        expect("latin1.csv line 1, column 7: not UTF-8 text (byte 0xE9)", "read", model, "--weights", weights, "--input", resource("data/latin1.csv"));
        expect("is larger than 16 MB", "read", model, "--weights", weights, "--input", sparse("pen-huge.csv", (16L << 20) + 1));
        if (Files.exists(Paths.get("/dev/zero"))) {
            expect("/dev/zero line 1 is longer than 1000 bytes", "read", model, "--weights", weights, "--input", Paths.get("/dev/zero"));
        }
    }

    private void packs() throws Exception {
        Path out = Files.createDirectories(dir.resolve("imported"));
        expect("has two entries named 'model.rnn'", "import", resource("packs/duplicate-entries.rnnpack"), "--out", out);
        expect("is not a portable model: it has no weights.json", "import", resource("packs/no-weights.rnnpack"), "--out", out);
        expect("is not a portable model (not a zip file)", "import", resource("packs/not-a-zip.rnnpack"), "--out", out);
        byte[] spaces = new byte[200 << 20];
        Arrays.fill(spaces, (byte) ' ');
        byte[] start = "{\"format\": \"rnnstudio-weights/1\",".getBytes(StandardCharsets.UTF_8);
        System.arraycopy(start, 0, spaces, 0, start.length);
        expect("bomb.rnnpack!weights.json expands to more than", "import", pack("bomb.rnnpack", "model.rnn", adder, "weights.json", spaces), "--out", out);
        byte[] bigModel = new byte[(16 << 20) + 1];
        Arrays.fill(bigModel, (byte) ' ');
        expect("big.rnnpack!model.rnn expands to more than 16 MB", "import", pack("big.rnnpack", "model.rnn", bigModel, "weights.json", goodWeights),
                "--out", out);
        expect("value 0 of connection:hidden-hidden is '1e309'", "import", pack("inf.rnnpack", "model.rnn", adder, "weights.json", weights("1e309.json")),
                "--out", out);
        Path good = pack("adder.rnnpack", "model.rnn", adder, "weights.json", goodWeights);
        Cli.Run first = Cli.run("import", good.toString(), "--out", out.toString());
        assertEquals(0, first.code(), first.err());
        expect("adder.rnn exists; import again with --force to replace the model and its weights", "import", good, "--out", out);
    }

    /** What is not wrong is accepted, and what is odd but usable warns: a byte order mark, an empty model, a group off the canvas. */
    @Test
    void oddButUsableInputsWorkOrWarn() throws Exception {
        Cli.Run bom = Cli.run("validate", resource("models/bom.rnn").toString());
        assertEquals(0, bom.code(), bom.out() + bom.err());
        Cli.Run bomWeights = Cli.run("eval", adder.toString(), "--weights", weights("bom.json").toString(), "--data", "binary-adder:bits=2,all");
        assertEquals(0, bomWeights.code(), bomWeights.err());
        Path bomCsv = dir.resolve("bom.csv");
        Files.write(bomCsv, "\ufeffsequence,input.0,input.1,output.0\na,1,1,\na,0,0,1\n".getBytes(StandardCharsets.UTF_8));
        Cli.Run csv = Cli.run("eval", adder.toString(), "--weights", goodWeights.toString(), "--data", bomCsv.toString());
        assertEquals(0, csv.code(), csv.err());
        assertTrue(csv.out().startsWith("1 sequences: loss"), csv.out());

        Cli.Run empty = Cli.run("validate", resource("models/empty-model.rnn").toString());
        assertTrue(empty.out().contains("warning: the model is empty: it has no groups to train or run"), empty.out());
        Cli.Run lonely = Cli.run("validate", resource("models/output-without-input.rnn").toString());
        assertTrue(lonely.out().contains("warning in 'out': no connection goes into output group 'out'"), lonely.out());
        Cli.Run far = Cli.run("validate", resource("models/layout-far-away.rnn").toString());
        assertTrue(far.out().contains("warning in 'in': layout \"x\" 2147483647 is outside -1000000 to 1000000; 1000000 is used"), far.out());
        assertTrue(far.out().contains("warning in 'c': a bend point is [x, y]"), far.out());
        assertEquals(0, far.code());
    }
}
