package org.rnnstudio.ui.tests.workbench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import javax.xml.parsers.DocumentBuilderFactory;

import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.MenuItem;
import org.rnnstudio.ui.training.ChartMenus;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/** What every chart and picture's context menu offers, and what its Save as SVG writes, read back as XML. */
final class PictureMenus {

    static final List<String> ENTRIES = List.of(ChartMenus.COPY, ChartMenus.SAVE_PNG, ChartMenus.SAVE_SVG, ChartMenus.EXPORT_CSV);
    /** a picture of a structure, not of numbers */
    static final List<String> PICTURE_ENTRIES = List.of(ChartMenus.COPY, ChartMenus.SAVE_PNG, ChartMenus.SAVE_SVG);

    private PictureMenus() {
    }

    static List<String> entries(Control control) {
        assertNotNull(control.getMenu(), "a context menu");
        return Arrays.stream(control.getMenu().getItems()).map(MenuItem::getText).filter(t -> !t.isEmpty()).toList();
    }

    /**
     * Checks the menu's entries, saves the SVG as Save as SVG does, beside the screenshots under this name, and
     * parses it: it must be well-formed SVG.
     */
    static Document svg(Control control, String name) throws Exception {
        return svg(control, name, ENTRIES);
    }

    /** As {@link #svg(Control, String)}, for a menu with these entries. */
    static Document svg(Control control, String name, List<String> menu) throws Exception {
        assertEquals(menu, entries(control));
        Path dir = Path.of(System.getProperty("rnnstudio.screenshots", "target/screenshots"));
        Files.createDirectories(dir);
        Path file = dir.resolve(name);
        ChartMenus.saveSvg(control, file);
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        Document document = factory.newDocumentBuilder().parse(file.toFile());
        assertEquals("svg", document.getDocumentElement().getLocalName());
        assertEquals("http://www.w3.org/2000/svg", document.getDocumentElement().getNamespaceURI());
        return document;
    }

    /** The names of the SVG's groups (series, axes, legend), in order. */
    static List<String> groups(Document svg) {
        List<String> names = new ArrayList<>();
        NodeList titles = svg.getElementsByTagNameNS("*", "title");
        for (int i = 0; i < titles.getLength(); i++) {
            names.add(titles.item(i).getTextContent());
        }
        return names;
    }

    static int count(Document svg, String element) {
        return svg.getElementsByTagNameNS("*", element).getLength();
    }

    /** The x, y pairs of the polyline of the group with this name. */
    static int points(Document svg, String group) {
        NodeList titles = svg.getElementsByTagNameNS("*", "title");
        for (int i = 0; i < titles.getLength(); i++) {
            if (group.equals(titles.item(i).getTextContent())) {
                NodeList lines = ((org.w3c.dom.Element) titles.item(i).getParentNode()).getElementsByTagNameNS("*", "polyline");
                return lines.getLength() == 0 ? 0 : lines.item(0).getAttributes().getNamedItem("points").getNodeValue().trim().split("\\s+").length;
            }
        }
        return -1;
    }

    /** All the SVG's text, its tspans joined by spaces. */
    static String text(Document svg) {
        StringBuilder out = new StringBuilder();
        NodeList spans = svg.getElementsByTagNameNS("*", "tspan");
        for (int i = 0; i < spans.getLength(); i++) {
            out.append(spans.item(i).getTextContent()).append(' ');
        }
        return out.toString();
    }
}
