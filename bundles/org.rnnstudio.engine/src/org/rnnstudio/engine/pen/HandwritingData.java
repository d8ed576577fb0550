package org.rnnstudio.engine.pen;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.rnnstudio.engine.Sequence;

/**
 * Handwritten words as training data for a network that reads them: the input is the pen's steps (dx, dy, pen)
 * of a word written in a Hershey script font by a random writer, normalised in size and resampled at an even
 * pen speed ({@link #steps}); the labels are the word's letters as classes 1 .. 26 ('a' .. 'z'), class 0 being
 * the blank of connectionist temporal classification. The word list is the project's own ({@code words.txt}):
 * every fifth word is held out for testing.
 */
public final class HandwritingData {

    /** The letters a network reads, class c + 1 for character c of this string. */
    public static final String LETTERS = "abcdefghijklmnopqrstuvwxyz";

    /** The output's classes: the blank and the letters. */
    public static final int CLASSES = LETTERS.length() + 1;

    /** The pen's steps per unit of the normalised height (the standard deviation of the ink's y). */
    public static final double STEPS_PER_HEIGHT = 1.5;

    /** The most steps a network reads of one trajectory: about a thousand letters, a line of words many times over. */
    public static final int MAX_STEPS = 20_000;

    /** How finely the ink is sampled for its statistics: points per height of the word. */
    private static final int INK_SAMPLES = 200;

    /** The script fonts of hershey-fonts-data. */
    public static final List<String> FONTS = List.of("cursive", "scripts", "scriptc");

    private HandwritingData() {
    }

    /** The project's word list: all words, or the training or the held-out test words. */
    public static List<String> words(String which) throws IOException {
        List<String> all = new ArrayList<>();
        try (InputStream in = HandwritingData.class.getResourceAsStream("words.txt")) {
            if (in == null) {
                throw new IOException("the word list words.txt is missing from the engine bundle");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    all.add(line.strip());
                }
            }
        }
        if (which.equals("all")) {
            return all;
        }
        boolean test = which.equals("test");
        if (!test && !which.equals("train")) {
            throw new IllegalArgumentException("words=" + which + ": train, test or all");
        }
        List<String> chosen = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            if ((i % 5 == 4) == test) {
                chosen.add(all.get(i));
            }
        }
        return chosen;
    }

    /** The word as classes: 'a' is 1, 'z' is 26. */
    public static int[] labels(String word) {
        int[] labels = new int[word.length()];
        for (int i = 0; i < labels.length; i++) {
            int c = LETTERS.indexOf(word.charAt(i));
            if (c < 0) {
                throw new IllegalArgumentException("'" + word.charAt(i) + "' in '" + word + "' is not a letter from a to z");
            }
            labels[i] = c + 1;
        }
        return labels;
    }

    /** Classes back to text, the blank and unknown classes left out. */
    public static String text(int[] labels) {
        StringBuilder text = new StringBuilder();
        for (int label : labels) {
            if (label >= 1 && label <= LETTERS.length()) {
                text.append(LETTERS.charAt(label - 1));
            }
        }
        return text.toString();
    }

    /**
     * Strokes as a network reads them, whoever wrote them: moved and scaled so that the ink's y has mean 0 and
     * standard deviation 1 (a word's size and place on the page say nothing of its letters), resampled at
     * {@link #STEPS_PER_HEIGHT} steps per unit, as (dx, dy, pen). The generator, a recorded file and the writing pad
     * all go through here.
     */
    public static double[][] steps(List<List<double[]>> strokes) {
        return PenTrajectory.encode(PenTrajectory.resample(normalised(strokes), 1 / STEPS_PER_HEIGHT, MAX_STEPS));
    }

    /** A generated word: normalised, resampled at the writer's own speed and shaken by the writer's hand. */
    private static double[][] written(List<List<double[]>> strokes, Handwriting.Style style, Random random) {
        List<List<double[]>> resampled = PenTrajectory.resample(normalised(strokes), style.spacing() / STEPS_PER_HEIGHT);
        // the style's jitter is in font units, about a fifth of the ink's standard deviation in y
        Handwriting.jitter(resampled, style.jitter() / 5, random);
        return PenTrajectory.encode(resampled);
    }

    /**
     * The strokes with the ink's y at mean 0 and standard deviation 1, x scaled alike and starting at 0. The
     * statistics are taken along the ink (over the path finely resampled), not over the given points: a mouse
     * gives many points where it lingers, a font a few at its corners, and both must come out the same.
     */
    public static List<List<double[]>> normalised(List<List<double[]>> strokes) {
        double top = Double.NEGATIVE_INFINITY;
        double bottom = Double.POSITIVE_INFINITY;
        double left = Double.POSITIVE_INFINITY;
        double right = Double.NEGATIVE_INFINITY;
        for (List<double[]> stroke : strokes) {
            for (double[] p : stroke) {
                top = Math.max(top, p[1]);
                bottom = Math.min(bottom, p[1]);
                left = Math.min(left, p[0]);
                right = Math.max(right, p[0]);
            }
        }
        if (left == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException("the trajectory has no points");
        }
        if (!Double.isFinite(top - bottom) || !Double.isFinite(right - left)) {
            throw new IllegalArgumentException("the trajectory's points lie further apart than a double can measure");
        }
        double sum = 0;
        double squares = 0;
        int n = 0;
        for (List<double[]> stroke : PenTrajectory.resample(strokes, extent(top - bottom, right - left) / INK_SAMPLES)) {
            for (double[] p : stroke) {
                sum += p[1];
                squares += p[1] * p[1];
                n++;
            }
        }
        double mean = sum / n;
        double deviation = Math.sqrt(Math.max(0, squares / n - mean * mean));
        // a flat line (one stroke along x) keeps its size: there is no height to scale by
        double scale = deviation > 1e-9 ? 1 / deviation : 1;
        List<List<double[]>> out = new ArrayList<>();
        for (List<double[]> stroke : strokes) {
            List<double[]> points = new ArrayList<>();
            for (double[] p : stroke) {
                points.add(new double[] {(p[0] - left) * scale, (p[1] - mean) * scale});
            }
            out.add(points);
        }
        return out;
    }

    /** The size the ink is sampled by: its height, else its width (a flat line), else 1 (a dot). */
    private static double extent(double height, double width) {
        return height > 1e-9 ? height : width > 1e-9 ? width : 1;
    }

    /**
     * {@code count} words drawn at random from {@code words}, each in a font drawn from {@code fonts} by a random
     * writer of the given variation (0: the font as drawn), as sequences named by their word with the input group's
     * steps and the output group's labels.
     */
    public static List<Sequence> generate(List<HersheyFont> fonts, List<String> words, int count, long seed, double variation,
            String input, String output) {
        Random random = new Random(seed);
        List<Sequence> sequences = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String word = words.get(random.nextInt(words.size()));
            HersheyFont font = fonts.get(random.nextInt(fonts.size()));
            Handwriting.Style style = Handwriting.Style.random(random, variation);
            double[][] steps = written(Handwriting.styled(font, word, style), style, random);
            sequences.add(new Sequence(steps.length, Map.of(input, steps), Map.of(), word, Map.of(output, labels(word))));
        }
        return sequences;
    }
}
