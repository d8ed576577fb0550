package org.rnnstudio.export.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.rnnstudio.export.DiagramImage;
import org.rnnstudio.export.TrainedModel;
import org.rnnstudio.model.Model;
import org.rnnstudio.model.ModelFile;

/** Pictures of the diagram and of the unrolled view: their size, and what is drawn where. */
class ImageExportTest {

    private static TrainedModel adder() throws Exception {
        Path file = TestModels.examples().resolve("binary-adder/binary-adder.rnn");
        return TrainedModel.untrained(ModelFile.read(file).model(), "binary-adder.rnn", "a picture needs no weights");
    }

    private static List<double[]> rects(String svg) {
        List<double[]> rects = new ArrayList<>();
        Matcher m = Pattern.compile("<rect x=\"([-0-9.]+)\" y=\"([-0-9.]+)\" width=\"([0-9.]+)\" height=\"([0-9.]+)\"").matcher(svg);
        while (m.find()) {
            rects.add(new double[] {Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2)), Double.parseDouble(m.group(3)),
                Double.parseDouble(m.group(4))});
        }
        return rects;
    }

    private static int count(String text, String part) {
        return text.split(Pattern.quote(part), -1).length - 1;
    }

    @Test
    void theDiagramKeepsTheLayoutAndShowsEveryGroupAndDelay() throws Exception {
        TrainedModel adder = adder();
        Model model = adder.model();
        String svg = new String(DiagramImage.write(adder, DiagramImage.View.DIAGRAM, 4, true), StandardCharsets.UTF_8);
        int[] size = DiagramImage.size(adder, DiagramImage.View.DIAGRAM, 4);
        assertTrue(svg.contains("width=\"" + size[0] + "\" height=\"" + size[1] + "\""), svg);
        for (String id : List.of("input", "hidden", "output")) {
            assertTrue(svg.contains(">" + model.group(id).name() + "</text>"), id + " is labelled");
        }
        assertEquals(3, count(svg, ">t-1</text>"), "the adder's three connections are all delayed by one step");
        assertEquals(3, count(svg, "stroke-dasharray"), "and drawn dashed");
        assertEquals(2 + 3 + 1, count(svg, "<circle"), "one circle per unit");

        // the boxes sit where the layout puts them, relative to each other
        List<double[]> boxes = rects(svg);
        assertEquals(3, boxes.size(), "three group boxes (the background is width 100%)");
        Model.Bounds in = model.bounds().get("input");
        Model.Bounds out = model.bounds().get("output");
        assertEquals(out.x() - in.x(), boxes.get(2)[0] - boxes.get(0)[0]);
        assertEquals(out.y() - in.y(), boxes.get(2)[1] - boxes.get(0)[1]);
        for (double[] b : boxes) {
            assertTrue(b[0] >= 0 && b[1] >= 0 && b[0] + b[2] <= size[0] && b[1] + b[3] <= size[1], "inside the picture");
        }

        // the PNG: same size; inside each box its role's colour, at each unit's centre the unit colour
        BufferedImage png = ImageIO.read(new ByteArrayInputStream(DiagramImage.write(adder, DiagramImage.View.DIAGRAM, 4, false)));
        assertEquals(size[0], png.getWidth());
        assertEquals(size[1], png.getHeight());
        int[] roleColours = {0xe1f2de, 0xfafafa, 0xdee9f8};
        for (int i = 0; i < 3; i++) {
            double[] b = boxes.get(i);
            assertEquals(roleColours[i], png.getRGB((int) (b[0] + b[2] - 6), (int) (b[1] + b[3] / 2)) & 0xffffff, "box " + i);
        }
        Matcher unit = Pattern.compile("<circle cx=\"([0-9.]+)\" cy=\"([0-9.]+)\" r=\"8\"").matcher(svg);
        int units = 0;
        while (unit.find()) {
            int rgb = png.getRGB((int) Double.parseDouble(unit.group(1)), (int) Double.parseDouble(unit.group(2))) & 0xffffff;
            assertEquals(0xffecb3, rgb, "unit at " + unit.group(1) + "," + unit.group(2));
            units++;
        }
        assertEquals(6, units);
    }

    @Test
    void theUnrolledViewHasAColumnPerStepAndANodePerGroupAndStep() throws Exception {
        TrainedModel adder = adder();
        String svg = new String(DiagramImage.write(adder, DiagramImage.View.UNROLLED, 4, true), StandardCharsets.UTF_8);
        // as Plan.unroll(4) lists it: 3 groups x 4 steps + the initial states of hidden and input (read one step later)
        assertEquals(14, rects(svg).size());
        assertEquals(12, count(svg, "<polyline"), "12 edges");
        for (int t = 0; t < 4; t++) {
            assertTrue(svg.contains(">t = " + t + "</text>"));
        }
        assertTrue(svg.contains(">initial</text>"));
        assertEquals(4, count(svg, ">sum bit</text>"), "the output at every step, named as the editor names it");
        int[] size = DiagramImage.size(adder, DiagramImage.View.UNROLLED, 4);
        BufferedImage png = ImageIO.read(new ByteArrayInputStream(DiagramImage.write(adder, DiagramImage.View.UNROLLED, 4, false)));
        assertEquals(size[0], png.getWidth());
        assertEquals(size[1], png.getHeight());
        int[] wider = DiagramImage.size(adder, DiagramImage.View.UNROLLED, 8);
        assertEquals(4 * 150, wider[0] - size[0], "four more columns of 150 pixels");

        Path keep = Paths.get(System.getProperty("rnnstudio.screenshots", "target/screenshots"));
        Files.createDirectories(keep);
        Files.write(keep.resolve("export-unrolled.png"), DiagramImage.write(adder, DiagramImage.View.UNROLLED, 4, false));
        Files.write(keep.resolve("export-diagram.svg"), DiagramImage.write(adder, DiagramImage.View.DIAGRAM, 4, true));
    }
}
