package org.rnnstudio.ui.tests.workbench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.eclipse.jface.resource.ImageDescriptor;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Menu;
import org.eclipse.swt.widgets.MenuItem;
import org.eclipse.swt.widgets.Scrollable;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.handlers.IHandlerService;
import org.junit.jupiter.api.Test;
import org.rnnstudio.ui.tests.Ui;

/** Help > About RNN Studio at 1600x1000: the product's text is there in full, nothing scrolled or cut off. */
class AboutDialogTest {

    @Test
    void theAboutTextFitsItsBox() throws Exception {
        Shell window = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell();
        window.setBounds(0, 0, 1600, 1000);
        var display = window.getDisplay();
        List<String> problems = new ArrayList<>();
        String[] shown = {null};
        display.timerExec(500, new Runnable() {
            @Override
            public void run() {
                Shell about = display.getActiveShell();
                if (about == null || about == window || !about.getText().startsWith("About")) {
                    display.timerExec(200, this);
                    return;
                }
                Ui.spin(display, 300);
                for (StyledText text : styledTexts(about)) {
                    if (text.getCharCount() == 0 || !text.isVisible()) {
                        continue;
                    }
                    shown[0] = text.getText();
                    Rectangle words = text.getTextBounds(0, text.getCharCount() - 1);
                    Rectangle seen = visible(text);
                    Rectangle needed = new Rectangle(text.toDisplay(0, 0).x + words.x, text.toDisplay(0, 0).y + words.y - text.getTopPixel(), words.width,
                            words.height);
                    if (!seen.union(needed).equals(seen)) {
                        problems.add("the text needs " + needed + " on screen, and " + seen + " of it can be seen (" + chain(text) + ")");
                    }
                }
                Rectangle screen = display.getBounds();
                if (!screen.contains(about.getBounds().x, about.getBounds().y)
                        || about.getBounds().y + about.getBounds().height > screen.height) {
                    problems.add("the dialog at " + about.getBounds() + " leaves the screen " + screen);
                }
                Ui.screenshot(about, "about-dialog.png");
                about.close();
            }
        });
        PlatformUI.getWorkbench().getService(IHandlerService.class).executeCommand("org.eclipse.ui.help.aboutAction", null);
        assertNotNull(shown[0], "the About dialog showed the product's text");
        assertTrue(shown[0].contains("RNN Studio") && shown[0].contains("SWTChart"), shown[0]);
        assertFalse(!problems.isEmpty(), String.join("; ", problems));
    }

    /**
     * The menu entry shows an image that exists: not the red square that JFace draws for an image it cannot
     * find (the IDE asks for one that its Eclipse 4.38 bundle no longer has).
     */
    @Test
    void theMenuEntryShowsAnImageThatExists() throws Exception {
        Shell window = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell();
        var display = window.getDisplay();
        Menu help = null;
        for (MenuItem top : window.getMenuBar().getItems()) {
            if (top.getText().replace("&", "").equals("Help")) {
                help = top.getMenu();
            }
        }
        assertNotNull(help, "a Help menu");
        Menu shown = help;
        // the workbench fills a menu when it is about to show
        help.notifyListeners(SWT.Show, new Event());
        MenuItem[] about = {null};
        assertTrue(Ui.waitUntil(display, 20_000, () -> {
            about[0] = Arrays.stream(shown.getItems()).filter(i -> i.getText().replace("&", "").startsWith("About RNN Studio")).findFirst().orElse(null);
            return about[0] != null && about[0].getImage() != null && !isMissingImage(about[0].getImage().getImageData());
        }), "About RNN Studio's image: " + (about[0] == null ? "no entry" : about[0].getImage()));
        ImageData icon = about[0].getImage().getImageData();
        assertEquals(16, icon.width, "a 16 px menu icon");
        help.notifyListeners(SWT.Hide, new Event());
    }

    private static boolean isMissingImage(ImageData data) {
        ImageData missing = ImageDescriptor.getMissingImageDescriptor().getImageData(100);
        if (data.width != missing.width || data.height != missing.height) {
            return false;
        }
        for (int y = 0; y < data.height; y++) {
            for (int x = 0; x < data.width; x++) {
                if (!data.palette.getRGB(data.getPixel(x, y)).equals(missing.palette.getRGB(missing.getPixel(x, y)))) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The part of a control on screen that its ancestors do not clip, in display coordinates. */
    private static Rectangle visible(Scrollable control) {
        Rectangle area = control.getClientArea();
        Rectangle seen = new Rectangle(control.toDisplay(0, 0).x, control.toDisplay(0, 0).y, area.width, area.height);
        for (Composite c = control.getParent(); c != null; c = c.getParent()) {
            Rectangle clip = c.getClientArea();
            seen = seen.intersection(new Rectangle(c.toDisplay(clip.x, clip.y).x, c.toDisplay(clip.x, clip.y).y, clip.width, clip.height));
        }
        return seen;
    }

    private static String chain(Control control) {
        StringBuilder out = new StringBuilder();
        for (Control c = control; c != null; c = c.getParent()) {
            out.append(c.getClass().getSimpleName()).append(c.getBounds()).append(' ').append(c.getLayoutData()).append(" < ");
        }
        return out.toString();
    }

    private static List<StyledText> styledTexts(Composite parent) {
        List<StyledText> found = new ArrayList<>();
        for (Control c : parent.getChildren()) {
            if (c instanceof StyledText t) {
                found.add(t);
            } else if (c instanceof Composite child) {
                found.addAll(styledTexts(child));
            }
        }
        return found;
    }
}
