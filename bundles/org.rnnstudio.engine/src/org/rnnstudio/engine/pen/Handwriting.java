package org.rnnstudio.engine.pen;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Words written with a Hershey script font as a person would write them: glyphs set side by side by their
 * margins, the strokes that meet within a word joined so the pen stays down, the whole word slanted, scaled
 * and rotated by the writer's style, the path resampled at the pen's speed and shaken a little.
 */
public final class Handwriting {

    /** Strokes whose ends are closer than this (font units; a small letter is about 9 high) are written without lifting the pen. */
    static final double JOIN = 4.0;

    /**
     * How a writer writes: slant (shear, x += slant * y), scale, rotation in radians, the distance the pen
     * travels per step (font units before scaling) and the standard deviation of the jitter added to each point.
     */
    public record Style(double slant, double scale, double rotation, double spacing, double jitter) {

        /** The font as drawn, one step per font unit. */
        public static final Style PLAIN = new Style(0, 1, 0, 1, 0);

        /** A writer drawn at random around {@link #PLAIN}: variation 0 is plain, 1 is a wide spread. */
        public static Style random(Random random, double variation) {
            return new Style(variation * 0.4 * (random.nextDouble() - 0.3), 1 + variation * 0.3 * (random.nextDouble() - 0.5),
                    variation * 0.1 * random.nextGaussian(), 1 + variation * 0.5 * (random.nextDouble() - 0.5), variation * 0.15);
        }
    }

    private Handwriting() {
    }

    /** The word's strokes in the font as drawn: glyphs side by side, no style. Characters the font lacks are refused. */
    public static List<List<double[]>> strokes(HersheyFont font, String word) {
        List<List<double[]>> strokes = new ArrayList<>();
        double x = 0;
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            HersheyFont.Glyph glyph = font.glyph(c);
            if (glyph == null) {
                throw new IllegalArgumentException("the font '" + font.name() + "' has no glyph for '" + c + "'");
            }
            double shift = x - glyph.left();
            for (List<double[]> stroke : glyph.strokes()) {
                List<double[]> placed = new ArrayList<>();
                for (double[] p : stroke) {
                    placed.add(new double[] {p[0] + shift, p[1]});
                }
                strokes.add(placed);
            }
            x += glyph.width();
        }
        return joined(strokes);
    }

    /** A stroke that starts where the one before ended goes on from it: the pen is not lifted between letters. */
    static List<List<double[]>> joined(List<List<double[]>> strokes) {
        List<List<double[]>> joined = new ArrayList<>();
        for (List<double[]> stroke : strokes) {
            if (!joined.isEmpty()) {
                List<double[]> last = joined.get(joined.size() - 1);
                double[] end = last.get(last.size() - 1);
                double[] start = stroke.get(0);
                if (Math.hypot(start[0] - end[0], start[1] - end[1]) < JOIN) {
                    last.addAll(stroke);
                    continue;
                }
            }
            joined.add(new ArrayList<>(stroke));
        }
        return joined;
    }

    /** The word in a writer's style, resampled at the style's pen speed and jittered: the pen's steps (dx, dy, pen). */
    public static double[][] write(HersheyFont font, String word, Style style, Random random) {
        List<List<double[]>> resampled = PenTrajectory.resample(styled(font, word, style), style.spacing() * style.scale());
        jitter(resampled, style.jitter(), random);
        return PenTrajectory.encode(resampled);
    }

    /** The word's strokes slanted, scaled and rotated by the writer's style, not yet resampled. */
    public static List<List<double[]>> styled(HersheyFont font, String word, Style style) {
        List<List<double[]>> styled = new ArrayList<>();
        double cos = Math.cos(style.rotation());
        double sin = Math.sin(style.rotation());
        for (List<double[]> stroke : strokes(font, word)) {
            List<double[]> points = new ArrayList<>();
            for (double[] p : stroke) {
                double x = (p[0] + style.slant() * p[1]) * style.scale();
                double y = p[1] * style.scale();
                points.add(new double[] {cos * x - sin * y, sin * x + cos * y});
            }
            styled.add(points);
        }
        return styled;
    }

    /** Each point moved by Gaussian noise of this standard deviation: a hand is never quite steady. */
    static void jitter(List<List<double[]>> strokes, double deviation, Random random) {
        if (deviation <= 0) {
            return;
        }
        for (List<double[]> stroke : strokes) {
            for (double[] p : stroke) {
                p[0] += deviation * random.nextGaussian();
                p[1] += deviation * random.nextGaussian();
            }
        }
    }
}
