package org.rnnstudio.ui.tests;

import java.io.File;
import java.util.function.BooleanSupplier;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.ImageLoader;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Scrollable;
import org.eclipse.swt.widgets.Shell;

/** What every UI test needs: let the display run, wait for a condition, and keep a picture of the screen. */
public final class Ui {

    private Ui() {
    }

    /**
     * Runs the event loop for a while. Display.sleep() can block forever under Xvfb when no event comes, so
     * this polls with a short sleep instead.
     */
    public static void spin(Display display, long millis) {
        long end = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < end) {
            if (!display.readAndDispatch()) {
                pause();
            }
        }
    }

    /** Runs the event loop until the condition holds or the time is up; returns whether it holds. */
    public static boolean waitUntil(Display display, long timeoutMillis, BooleanSupplier condition) {
        long end = System.currentTimeMillis() + timeoutMillis;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > end) {
                return false;
            }
            if (!display.readAndDispatch()) {
                pause();
            }
        }
        return true;
    }

    /** Saves what the shell shows on screen, window frame included, as PNG under -Drnnstudio.screenshots. */
    public static ImageData screenshot(Shell shell, String name) {
        spin(shell.getDisplay(), 200);
        ImageData data = capture(shell.getDisplay(), shell.getBounds());
        File dir = new File(System.getProperty("rnnstudio.screenshots", "target/screenshots"));
        dir.mkdirs();
        ImageLoader loader = new ImageLoader();
        loader.data = new ImageData[] {data};
        loader.save(new File(dir, name).getAbsolutePath(), SWT.IMAGE_PNG);
        return data;
    }

    /** What a control's client area shows on screen; pixel (x, y) is the control's own (x, y). */
    public static ImageData capture(Scrollable control) {
        Point origin = control.toDisplay(0, 0);
        Rectangle area = control.getClientArea();
        return capture(control.getDisplay(), new Rectangle(origin.x, origin.y, area.width, area.height));
    }

    /** The colour of one pixel of an image taken by {@link #capture}. */
    public static RGB rgb(ImageData image, int x, int y) {
        return image.palette.getRGB(image.getPixel(x, y));
    }

    private static ImageData capture(Display display, Rectangle onScreen) {
        Image image = new Image(display, onScreen.width, onScreen.height);
        GC gc = new GC(display);
        try {
            gc.copyArea(image, onScreen.x, onScreen.y);
            return image.getImageData();
        } finally {
            gc.dispose();
            image.dispose();
        }
    }

    /** A left click at (x, y) of a GEF viewer's canvas, delivered to its edit domain as the tools receive it. */
    public static void click(org.eclipse.gef.EditPartViewer viewer, int x, int y) {
        click(viewer, x, y, 0);
    }

    /** The same with keys held down: SWT.MOD1 (Ctrl), SWT.SHIFT, ... */
    public static void click(org.eclipse.gef.EditPartViewer viewer, int x, int y, int keys) {
        org.eclipse.gef.EditDomain domain = viewer.getEditDomain();
        domain.mouseMove(mouse(viewer, x, y, keys), viewer);
        domain.mouseDown(mouse(viewer, x, y, keys), viewer);
        domain.mouseUp(mouse(viewer, x, y, keys), viewer);
        spin(viewer.getControl().getDisplay(), 100);
    }

    private static org.eclipse.swt.events.MouseEvent mouse(org.eclipse.gef.EditPartViewer viewer, int x, int y, int keys) {
        org.eclipse.swt.widgets.Event e = new org.eclipse.swt.widgets.Event();
        e.widget = viewer.getControl();
        e.display = viewer.getControl().getDisplay();
        e.x = x;
        e.y = y;
        e.button = 1;
        e.stateMask = keys;
        e.time = (int) System.currentTimeMillis();
        return new org.eclipse.swt.events.MouseEvent(e);
    }

    private static void pause() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
