package org.rnnstudio.engine.tests.ctc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.rnnstudio.engine.ctc.Ctc;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The CTC loss and its gradient against PyTorch's ctc_loss in float64 (resources/conformance/ctc.json, copied
 * from the project's conformance data), against a brute-force sum over every alignment, and against finite
 * differences.
 */
class CtcTest {

    private static JsonObject reference() throws Exception {
        try (InputStream in = CtcTest.class.getResourceAsStream("/conformance/ctc.json")) {
            return JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject();
        }
    }

    @Test
    void matchesPyTorchLossAndGradient() throws Exception {
        JsonObject ref = reference();
        JsonArray logits = ref.getAsJsonArray("logits");
        int steps = logits.size();
        int batch = logits.get(0).getAsJsonArray().size();
        int classes = logits.get(0).getAsJsonArray().get(0).getAsJsonArray().size();
        double worstLoss = 0;
        double worstGradient = 0;
        for (int n = 0; n < batch; n++) {
            double[][] x = new double[steps][classes];
            for (int t = 0; t < steps; t++) {
                for (int c = 0; c < classes; c++) {
                    x[t][c] = logits.get(t).getAsJsonArray().get(n).getAsJsonArray().get(c).getAsDouble();
                }
            }
            int length = ref.getAsJsonArray("input_lengths").get(n).getAsInt();
            JsonArray target = ref.getAsJsonArray("targets").get(n).getAsJsonArray();
            int[] labels = new int[target.size()];
            for (int i = 0; i < labels.length; i++) {
                labels[i] = target.get(i).getAsInt();
            }
            double[][] gradient = new double[steps][classes];
            double loss = Ctc.loss(x, length, labels, gradient);
            double expected = ref.getAsJsonArray("loss").get(n).getAsDouble();
            assertEquals(expected, loss, 1e-9, "loss of sequence " + n);
            worstLoss = Math.max(worstLoss, Math.abs(expected - loss));
            for (int t = 0; t < steps; t++) {
                for (int c = 0; c < classes; c++) {
                    double g = ref.getAsJsonArray("grad_logits").get(t).getAsJsonArray().get(n).getAsJsonArray().get(c).getAsDouble();
                    assertEquals(g, gradient[t][c], 1e-9, "gradient of sequence " + n + " at step " + t + ", class " + c);
                    worstGradient = Math.max(worstGradient, Math.abs(g - gradient[t][c]));
                }
            }
        }
        System.out.printf("CTC against PyTorch: largest loss difference %.1e, largest gradient difference %.1e%n", worstLoss, worstGradient);
    }

    /** Every path of classes over the steps; the ones that collapse to the labels add up to p(labels). */
    private static double bruteForceLoss(double[][] logits, int[] labels) {
        int steps = logits.length;
        int classes = logits[0].length;
        double[][] p = new double[steps][classes];
        for (int t = 0; t < steps; t++) {
            double sum = 0;
            for (int c = 0; c < classes; c++) {
                sum += Math.exp(logits[t][c]);
            }
            for (int c = 0; c < classes; c++) {
                p[t][c] = Math.exp(logits[t][c]) / sum;
            }
        }
        double total = 0;
        int[] path = new int[steps];
        int paths = (int) Math.pow(classes, steps);
        for (int k = 0; k < paths; k++) {
            int rest = k;
            double probability = 1;
            for (int t = 0; t < steps; t++) {
                path[t] = rest % classes;
                rest /= classes;
                probability *= p[t][path[t]];
            }
            if (java.util.Arrays.equals(collapse(path), labels)) {
                total += probability;
            }
        }
        return -Math.log(total);
    }

    private static int[] collapse(int[] path) {
        List<Integer> out = new ArrayList<>();
        int previous = Ctc.BLANK;
        for (int c : path) {
            if (c != Ctc.BLANK && c != previous) {
                out.add(c);
            }
            previous = c;
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    private static double[][] random(Random random, int steps, int classes) {
        double[][] x = new double[steps][classes];
        for (double[] row : x) {
            for (int c = 0; c < classes; c++) {
                row[c] = 2 * random.nextGaussian();
            }
        }
        return x;
    }

    @Test
    void equalsTheSumOverEveryAlignment() {
        Random random = new Random(7);
        int[][] labelSets = {{}, {1}, {2}, {1, 2}, {1, 1}, {2, 1, 2}, {1, 1, 2}, {3, 3, 3}};
        for (int steps = 1; steps <= 6; steps++) {
            for (int[] labels : labelSets) {
                double[][] x = random(random, steps, 4);
                double expected = bruteForceLoss(x, labels);
                double loss = Ctc.loss(x, steps, labels, null);
                if (Double.isInfinite(expected)) {
                    assertEquals(Double.POSITIVE_INFINITY, loss, "labels " + java.util.Arrays.toString(labels) + " in " + steps + " steps");
                } else {
                    assertEquals(expected, loss, 1e-10 * Math.max(1, expected), "labels " + java.util.Arrays.toString(labels) + " in " + steps + " steps");
                }
            }
        }
    }

    @Test
    void repeatedLabelsNeedABlankBetweenThem() {
        assertTrue(Ctc.feasible(new int[] {1, 2}, 2));
        assertFalse(Ctc.feasible(new int[] {1, 1}, 2));
        assertTrue(Ctc.feasible(new int[] {1, 1}, 3));
        assertEquals(6, Ctc.stepsNeeded(new int[] {1, 1, 2, 2}));
        double[][] x = random(new Random(3), 3, 3);
        double[][] p = new double[3][3];
        for (int t = 0; t < 3; t++) {
            double sum = 0;
            for (int c = 0; c < 3; c++) {
                sum += Math.exp(x[t][c]);
            }
            for (int c = 0; c < 3; c++) {
                p[t][c] = Math.exp(x[t][c]) / sum;
            }
        }
        // in three steps "1 1" has one alignment only: 1, blank, 1
        assertEquals(-Math.log(p[0][1] * p[1][0] * p[2][1]), Ctc.loss(x, 3, new int[] {1, 1}, null), 1e-12);
    }

    @Test
    void anImpossibleTargetHasAnInfiniteLossAndNoNaNInItsGradient() {
        double[][] x = random(new Random(5), 4, 3);
        double[][] gradient = new double[4][3];
        for (double[] row : gradient) {
            java.util.Arrays.fill(row, 99);
        }
        assertEquals(Double.POSITIVE_INFINITY, Ctc.loss(x, 4, new int[] {1, 2, 1, 2, 1}, gradient));
        for (double[] row : gradient) {
            assertArrayEquals(new double[3], row);
        }
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        Random random = new Random(11);
        double[][] x = random(random, 9, 5);
        int[] labels = {3, 3, 1, 4};
        int length = 8;
        double[][] gradient = new double[9][5];
        Ctc.loss(x, length, labels, gradient);
        double h = 1e-5;
        for (int t = 0; t < 9; t++) {
            for (int c = 0; c < 5; c++) {
                double keep = x[t][c];
                x[t][c] = keep + h;
                double up = Ctc.loss(x, length, labels, null);
                x[t][c] = keep - h;
                double down = Ctc.loss(x, length, labels, null);
                x[t][c] = keep;
                assertEquals((up - down) / (2 * h), gradient[t][c], 1e-8, "step " + t + ", class " + c);
            }
        }
        // steps past the sequence's length do not count
        assertArrayEquals(new double[5], gradient[8]);
    }

    @Test
    void longSequencesStayFinite() {
        double[][] x = random(new Random(13), 5000, 6);
        int[] labels = new int[400];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = 1 + i % 5;
        }
        double[][] gradient = new double[5000][6];
        double loss = Ctc.loss(x, 5000, labels, gradient);
        assertTrue(Double.isFinite(loss) && loss > 0, "loss " + loss);
        for (double[] row : gradient) {
            double sum = 0;
            for (double g : row) {
                assertTrue(Double.isFinite(g));
                sum += g;
            }
            // softmax minus a posterior distribution: each step's gradient sums to 0
            assertEquals(0, sum, 1e-9);
        }
    }

    @Test
    void refusesTheBlankAsALabelAndLabelsOutOfRange() {
        double[][] x = random(new Random(1), 3, 3);
        assertThrows(IllegalArgumentException.class, () -> Ctc.loss(x, 3, new int[] {0}, null));
        assertThrows(IllegalArgumentException.class, () -> Ctc.loss(x, 3, new int[] {3}, null));
        assertThrows(IllegalArgumentException.class, () -> Ctc.loss(x, 4, new int[] {1}, null));
    }
}
