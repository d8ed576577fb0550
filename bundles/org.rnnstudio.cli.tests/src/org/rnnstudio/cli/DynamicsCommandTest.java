package org.rnnstudio.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnstudio.engine.Network;
import org.rnnstudio.engine.Plan;
import org.rnnstudio.engine.WeightsFile;
import org.rnnstudio.engine.dynamics.Drive;
import org.rnnstudio.engine.dynamics.Orbit;
import org.rnnstudio.engine.dynamics.StepMap;
import org.rnnstudio.model.ModelFile;

/** ./rnnstudio dynamics on the examples, as the README runs it, and on bad input. */
class DynamicsCommandTest {

    private static final Path EXAMPLES = Paths.get(System.getProperty("rnnstudio.examples", "../../examples"));
    private static final Path DYNAMICS = EXAMPLES.resolve("dynamics");

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

    private String verdict() {
        return out.lines().filter(l -> l.startsWith("Verdict: ")).findFirst().orElseThrow(() -> new AssertionError("no verdict in " + out));
    }

    @Test
    void oscillatorOscillatesRoundAnUnstableSpiral() {
        assertEquals(0, run("dynamics", DYNAMICS.resolve("oscillator/oscillator.rnn").toString()), err);
        assertTrue(verdict().startsWith("Verdict: The network oscillates"), out);
        assertTrue(out.contains("1  unstable, rotating 18.0 degrees per step (period 20.0 steps); spectral radius 1.300; at (0.0000, 0.0000)"), out);
    }

    @Test
    void sineGeneratorOscillatesOnItsOwn() {
        assertEquals(0, run("dynamics", DYNAMICS.resolve("sine-generator/sine-generator.rnn").toString()), err);
        assertTrue(verdict().startsWith("Verdict: The network oscillates"), out);
    }

    @Test
    void hopfieldNetworkSettlesToPoints() {
        assertEquals(0, run("dynamics", DYNAMICS.resolve("point-attractors/hopfield.rnn").toString()), err);
        assertTrue(verdict().startsWith("Verdict: The network settles to a point"), out);
        assertTrue(out.contains("stable;"), out);
    }

    /** g = 1.5 is chaotic, g = 0.5 settles to the origin: the same model with two weights files. */
    @Test
    void randomNetworkIsChaoticAtGainOneAndAHalfAndSettlesAtAHalf() {
        Path model = DYNAMICS.resolve("chaos/random-tanh.rnn");
        assertEquals(0, run("dynamics", model.toString(), "--starts", "4"), err);
        assertTrue(verdict().startsWith("Verdict: The network is chaotic"), out);
        assertEquals(0, run("dynamics", model.toString(), "--weights", DYNAMICS.resolve("chaos/random-tanh-g0.5.weights.json").toString(),
                "--starts", "4"), err);
        assertTrue(verdict().startsWith("Verdict: The network settles to a point: all 4 runs end at the same point."), out);
        assertTrue(out.contains("Largest Lyapunov exponent: -0.6"), out);
    }

    @Test
    void adderReadAsTheLecturesAutomaton() {
        assertEquals(0, run("dynamics", EXAMPLES.resolve("binary-adder/binary-adder.rnn").toString(), "--weights",
                DYNAMICS.resolve("adder-automaton/binary-adder.weights.json").toString(), "--automaton", "binary-adder:bits=4,all",
                "--picture", dir.resolve("adder.png").toString()), err);
        assertTrue(out.contains(": 4 states from 1792 steps"), out);
        assertEquals(16, out.lines().filter(l -> l.contains("-->")).count(), "4 states x 4 inputs, each one transition: " + out);
        assertTrue(Files.exists(dir.resolve("adder.png")));
    }

    /** A stored pattern with 4 of its 32 units flipped settles back to the pattern (each unit's sign). */
    @Test
    void hopfieldNetworkRecallsStoredPatternsFromCorruptedStarts() throws Exception {
        Network network = new Network(Plan.compile(ModelFile.read(DYNAMICS.resolve("point-attractors/hopfield.rnn")).model()));
        WeightsFile.load(network, DYNAMICS.resolve("point-attractors/hopfield.weights.json"));
        StepMap map = StepMap.of(network);
        Random random = new Random(1);
        for (double[] pattern : DynamicsExamples.patterns()) {
            for (int trial = 0; trial < 5; trial++) {
                double[] start = pattern.clone();
                for (int flipped = 0; flipped < 4; flipped++) {
                    int u = random.nextInt(start.length);
                    start[u] = -pattern[u];
                }
                double[] end = Orbit.run(map, Drive.zero(0), start, 100, 50, random).last();
                for (int u = 0; u < pattern.length; u++) {
                    assertEquals(pattern[u], Math.signum(end[u]), "unit " + u + " after recall");
                }
            }
        }
    }

    @Test
    void writesTrajectoriesAndAPortrait() throws Exception {
        Path csv = dir.resolve("runs.csv");
        Path png = dir.resolve("portrait.png");
        assertEquals(0, run("dynamics", DYNAMICS.resolve("oscillator/oscillator.rnn").toString(), "--steps", "50", "--starts", "grid:3",
                "--output", csv.toString(), "--picture", png.toString()), err);
        List<String> lines = Files.readAllLines(csv);
        assertEquals("run,step,hidden.0,hidden.1", lines.get(0));
        assertEquals(1 + 9 * 51, lines.size());
        assertTrue(lines.get(1).startsWith("1,0,-1.0,-1.0"), lines.get(1));
        assertTrue(Files.size(png) > 1000);
    }

    @Test
    void badInputEndsInOneLine() throws Exception {
        Path model = DYNAMICS.resolve("oscillator/oscillator.rnn");
        assertEquals(2, run("dynamics", model.toString(), "--input", "constant:1,2"));
        assertEquals("rnnstudio: dynamics: --input constant: needs 0 values (one per input unit), not 2", err.trim());
        assertEquals(2, run("dynamics", model.toString(), "--units", "hidden.0,hidden.7"));
        assertTrue(err.startsWith("rnnstudio: dynamics: 'hidden.7' is not a state unit"), err);
        assertEquals(2, run("dynamics", model.toString(), "--starts", "many"));
        assertEquals(1, err.lines().count(), err);
        assertEquals(2, run("dynamics", DYNAMICS.resolve("chaos/random-tanh.rnn").toString(), "--starts", "1000", "--steps", "1000"));
        assertEquals("rnnstudio: dynamics: 1000 runs of 1000 steps of 100 units are more than 20000000 numbers to keep: lower --steps or --starts",
                err.trim());

        Path copy = dir.resolve("oscillator.rnn");
        Files.copy(model, copy);
        assertEquals(1, run("dynamics", copy.toString()));
        assertTrue(err.startsWith("rnnstudio: dynamics: no weights beside the model"), err);

        Files.writeString(copy, Files.readString(model).replace("\"delay\": 1", "\"delay\": 2"));
        Network network = new Network(Plan.compile(ModelFile.read(copy).model()));
        WeightsFile.save(network, dir.resolve("oscillator.weights.json"));
        assertEquals(1, run("dynamics", copy.toString()));
        assertTrue(err.contains("connection 'recurrent' has delay 2: the dynamics reads one step back only"), err);
        assertEquals(1, err.lines().count(), err);
        assertFalse(err.contains("Exception"), err);
    }
}
