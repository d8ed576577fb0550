package org.eclipse.ui.internal;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Cursor;
import org.eclipse.swt.widgets.Display;

/**
 * The 3.x workbench's drag cursors, gone from the 4.x workbench. GEF 3.2.100's flyout palette asks for them
 * while the palette is dragged to another side of the editor; the system cursors of the same shape do.
 */
public final class DragCursors {

    public static final int INVALID = 0;
    public static final int LEFT = 1;
    public static final int RIGHT = 2;
    public static final int TOP = 3;
    public static final int BOTTOM = 4;
    public static final int CENTER = 5;
    public static final int OFFSCREEN = 6;
    public static final int FASTVIEW = 7;

    private DragCursors() {
    }

    public static Cursor getCursor(int which) {
        Display display = Display.getCurrent() != null ? Display.getCurrent() : Display.getDefault();
        return display.getSystemCursor(systemCursor(which));
    }

    private static int systemCursor(int which) {
        switch (which) {
        case INVALID:
            return SWT.CURSOR_NO;
        case LEFT:
            return SWT.CURSOR_SIZEW;
        case RIGHT:
            return SWT.CURSOR_SIZEE;
        case TOP:
            return SWT.CURSOR_SIZEN;
        case BOTTOM:
            return SWT.CURSOR_SIZES;
        default:
            return SWT.CURSOR_SIZEALL;
        }
    }
}
