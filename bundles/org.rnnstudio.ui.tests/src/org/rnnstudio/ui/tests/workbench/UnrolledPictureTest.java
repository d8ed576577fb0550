package org.rnnstudio.ui.tests.workbench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.swt.SWT;
import org.eclipse.swt.dnd.Clipboard;
import org.eclipse.swt.dnd.ImageTransfer;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.widgets.MenuItem;
import org.junit.jupiter.api.Test;
import org.rnnstudio.ui.editor.RnnEditor;
import org.rnnstudio.ui.tests.Ui;
import org.rnnstudio.ui.training.ChartMenus;
import org.rnnstudio.ui.unrolled.UnrolledView;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/** Unrolled in Time's context menu: the picture of the whole unrolling, copied or saved as PNG or SVG. */
class UnrolledPictureTest extends WorkbenchFixture {

    @Override
    String projectName() {
        return "unrolled-picture-test";
    }

    @Test
    void theUnrolledAdderIsCopiedAndSavedWhole() throws Exception {
        RnnEditor editor = open("binary-adder.rnn", adderText());
        UnrolledView view = (UnrolledView) page.showView(UnrolledView.ID);
        page.activate(editor);
        view.setSteps(5);
        Ui.spin(display, 300);

        Document svg = PictureMenus.svg(view.canvas(), "unrolled-adder.svg", PictureMenus.PICTURE_ENTRIES);
        List<String> texts = texts(svg);
        // five steps; the adder reads its input and its hidden state one step late, so both have an initial state
        for (int t = 0; t < 5; t++) {
            assertTrue(texts.contains("t = " + t), "the header of step " + t + ": " + texts);
        }
        assertTrue(!texts.contains("t = 5") && texts.contains("initial"), texts.toString());
        // named as the view names them, not by their ids (input, hidden, output)
        assertEquals(6, texts.stream().filter("two bits"::equals).count(), texts.toString());
        assertEquals(6, texts.stream().filter("hidden"::equals).count(), texts.toString());
        assertEquals(5, texts.stream().filter("sum bit"::equals).count(), texts.toString());

        // Copy Image puts the whole unrolling on the clipboard, wider than the part of it the view scrolls to
        view.setSteps(20);
        Ui.spin(display, 300);
        MenuItem copy = item(view, ChartMenus.COPY);
        copy.notifyListeners(SWT.Selection, null);
        Clipboard clipboard = new Clipboard(display);
        try {
            ImageData copied = (ImageData) clipboard.getContents(ImageTransfer.getInstance());
            assertNotNull(copied, "an image on the clipboard");
            assertTrue(copied.width > view.canvas().getClientArea().width && copied.width >= 20 * 150,
                    "20 steps of 150 px each: " + copied.width + " px, the view " + view.canvas().getClientArea().width);
        } finally {
            clipboard.dispose();
        }
        Ui.screenshot(page.getWorkbenchWindow().getShell(), "unrolled-menu.png");

        // no picture to save while the view shows a message
        page.closeAllEditors(false);
        Ui.spin(display, 300);
        assertNull(view.diagram());
        assertNull(view.canvas().getMenu(), "no menu on a message");
    }

    private static MenuItem item(UnrolledView view, String text) {
        for (MenuItem item : view.canvas().getMenu().getItems()) {
            if (text.equals(item.getText())) {
                return item;
            }
        }
        throw new AssertionError("no " + text + " in the menu");
    }

    private static List<String> texts(Document svg) {
        List<String> found = new ArrayList<>();
        NodeList texts = svg.getElementsByTagNameNS("*", "text");
        for (int i = 0; i < texts.getLength(); i++) {
            found.add(texts.item(i).getTextContent());
        }
        return found;
    }
}
