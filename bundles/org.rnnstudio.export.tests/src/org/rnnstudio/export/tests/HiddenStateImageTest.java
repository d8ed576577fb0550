package org.rnnstudio.export.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnstudio.export.HiddenStateImage;
import org.rnnstudio.model.Model;
import org.rnnstudio.model.ModelFile;

/** The LDS drawn as the lecture's figure 7-1-2 and the HMM as its state graph, as SVG and PNG files. */
class HiddenStateImageTest {

    @TempDir
    Path dir;

    private static Model example(String path) throws Exception {
        return ModelFile.read(TestModels.examples().resolve(path)).model();
    }

    private static Model read(Path dir, String json) throws Exception {
        Path file = Files.writeString(dir.resolve("m.rnn"), json);
        return ModelFile.read(file).model();
    }

    private static int count(String text, String part) {
        return text.split(Pattern.quote(part), -1).length - 1;
    }

    /** Written to a file and read back: SVG of the given size, and a PNG ImageIO reads at that size. */
    private String svgAndPng(Model model, Map<String, double[][]> parameters) throws Exception {
        Path svg = Files.write(dir.resolve("picture.svg"), HiddenStateImage.write(model, parameters, true));
        Path png = Files.write(dir.resolve("picture.png"), HiddenStateImage.write(model, parameters, false));
        String text = Files.readString(svg, StandardCharsets.UTF_8);
        assertTrue(text.startsWith("<?xml") && text.contains("<svg xmlns=\"http://www.w3.org/2000/svg\""), text);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(Files.readAllBytes(png)));
        assertNotNull(image, "a PNG");
        assertTrue(text.contains("width=\"" + image.getWidth() + "\" height=\"" + image.getHeight() + "\""), "same size as the SVG");
        return text;
    }

    @Test
    void theCasinoIsItsStateGraphWithProbabilitiesAndEmissions() throws Exception {
        Model casino = example("hmm-casino/casino.rnn");
        String svg = svgAndPng(casino, casino.hmm().parameters());
        assertTrue(svg.contains(">fair</text>") && svg.contains(">loaded</text>"), svg);
        assertEquals(2, count(svg, "<circle"), "one node per state");
        assertEquals(4, count(svg, "<polygon"), "four transitions, each an arrow");
        assertEquals(2, count(svg, ">0.90</text>"));
        assertEquals(2, count(svg, ">0.10</text>"));
        assertTrue(svg.contains(">6: 0.25</text>") && svg.contains(">1: 0.17</text>"), "the likeliest faces on each state");
        assertEquals(2, count(svg, ">start 0.50</text>"));
    }

    @Test
    void givenParametersAreDrawnAndUnlikelyTransitionsLeftOut() throws Exception {
        Model casino = example("hmm-casino/casino.rnn");
        double[][] b = casino.hmm().parameters().get("B");
        String svg = svgAndPng(casino, Map.of("pi", new double[][] {{1, 0}}, "A", new double[][] {{0.7, 0.3}, {0.001, 0.999}}, "B", b));
        assertTrue(svg.contains(">0.70</text>") && svg.contains(">0.30</text>") && svg.contains(">1.00</text>") && svg.contains(">start 1</text>"), svg);
        assertFalse(svg.contains(">0.00</text>"), "a transition of probability 0.001 is not drawn");
        assertEquals(3, count(svg, "<polygon"));
    }

    @Test
    void aGaussianHmmShowsMeansAndVariancesAndManyStatesAreCut() throws Exception {
        Model hmm = read(dir, "{\"format\": \"rnnstudio-model/1\", \"kind\": \"hmm\", \"hmm\": {\"states\": 12, \"emission\": \"gaussian\", \"dimensions\": 1}}");
        double[][] a = new double[12][12];
        double[][] means = new double[12][1];
        double[][] variances = new double[12][1];
        for (int i = 0; i < 12; i++) {
            a[i][(i + 1) % 12] = 1;
            means[i][0] = i + 0.5;
            variances[i][0] = 2;
        }
        String svg = svgAndPng(hmm, Map.of("A", a, "means", means, "variances", variances));
        assertTrue(svg.contains("12 states, gaussian emissions (the first 10 drawn)"), svg);
        assertEquals(10, count(svg, "<circle"));
        assertTrue(svg.contains(">\u03bc 3.50</text>") && svg.contains(">\u03c3\u00b2 2</text>"), svg);
        assertTrue(svg.contains(">state 1</text>") && svg.contains(">state 10</text>") && !svg.contains(">state 11</text>"), svg);
    }

    @Test
    void theTrackingLdsIsFigure712() throws Exception {
        Model tracking = example("lds-tracking/tracking.rnn");
        String svg = svgAndPng(tracking, tracking.lds().parameters());
        for (String t : new String[] {"t-1", "t", "t+1"}) {
            assertTrue(svg.contains(">x(" + t + ")</text>") && svg.contains(">y(" + t + ")</text>"), t + " in " + svg);
        }
        assertEquals(2, count(svg, ">A</text>"), "the transition to the next step, twice over three steps");
        assertEquals(3, count(svg, ">C</text>"), "a 2x4 C is too large to write out");
        assertEquals(3, count(svg, "+ w ~ N(0, Q), full</text>"), "the state noise on every hidden state");
        assertEquals(3, count(svg, "+ v ~ N(0, R), diagonal</text>"), "the observation noise on every observation");
        assertFalse(svg.contains("u(t)"), "no driving inputs");
    }

    @Test
    void drivingInputsComeInThroughBAndD() throws Exception {
        Model lds = read(dir, "{\"format\": \"rnnstudio-model/1\", \"kind\": \"lds\", \"lds\": {\"state\": 1, \"observation\": 1, \"input\": 1}}");
        String svg = svgAndPng(lds, Map.of("A", new double[][] {{0.95}}, "B", new double[][] {{0.5}}));
        assertTrue(svg.contains(">u(t)</text>") && svg.contains("driving input, 1 dim<"), svg);
        assertEquals(2, count(svg, ">A = [0.95]</text>"));
        assertEquals(3, count(svg, ">B = [0.50]</text>"));
        assertEquals(3, count(svg, ">D</text>"));
        assertTrue(svg.contains("x(t) = A x(t-1) + B u(t) + w"), svg);
    }
}
