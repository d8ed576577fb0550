package org.rnnstudio.ui.tests.swt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

import org.eclipse.gef.editparts.ScalableFreeformRootEditPart;
import org.eclipse.gef.editparts.ZoomManager;
import org.eclipse.gef.palette.PaletteGroup;
import org.eclipse.gef.palette.PaletteRoot;
import org.eclipse.gef.palette.SelectionToolEntry;
import org.eclipse.gef.ui.parts.ScrollingGraphicalViewer;
import org.eclipse.jface.resource.JFaceResources;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.FillLayout;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.Test;

/**
 * The two compatibility fragments put back what GEF 3.2.100 links against and Eclipse 4.38 no longer has.
 * Without them the calls below fail with NoClassDefFoundError.
 */
class CompatFragmentsTest {

    @Test
    void jfaceAssertIsBackAndDelegatesToTheRuntimesAssert() throws Exception {
        Class<?> jfaceAssert = Class.forName("org.eclipse.jface.util.Assert", true, JFaceResources.class.getClassLoader());
        Method isLegal = jfaceAssert.getMethod("isLegal", boolean.class, String.class);
        assertEquals(Boolean.TRUE, isLegal.invoke(null, true, "fine"));
        InvocationTargetException thrown = assertThrows(InvocationTargetException.class, () -> isLegal.invoke(null, false, "broken"));
        assertTrue(thrown.getCause() instanceof IllegalArgumentException);
        assertEquals("broken", thrown.getCause().getMessage());
    }

    @Test
    void gefPaletteEntriesAndZoomWorkThroughIt() {
        Shell shell = new Shell(Display.getDefault());
        shell.setLayout(new FillLayout());
        try {
            // PaletteContainer.add checks the child's type through jface.util.Assert
            PaletteRoot root = new PaletteRoot();
            PaletteGroup tools = new PaletteGroup("Tools");
            SelectionToolEntry selection = new SelectionToolEntry();
            tools.add(selection);
            root.add(tools);
            root.setDefaultEntry(selection);
            assertSame(selection, root.getDefaultEntry());
            assertThrows(IllegalArgumentException.class, () -> root.add(new SelectionToolEntry()),
                    "a tool straight under the root is refused by the delegated Assert");

            ScrollingGraphicalViewer viewer = new ScrollingGraphicalViewer();
            viewer.createControl(shell);
            ScalableFreeformRootEditPart rootPart = new ScalableFreeformRootEditPart();
            viewer.setRootEditPart(rootPart);
            ZoomManager zoom = rootPart.getZoomManager();
            zoom.setZoom(2.0);
            assertEquals(2.0, zoom.getZoom(), 0.0);
        } finally {
            shell.dispose();
        }
    }

    @Test
    void workbenchDragCursorsAreBack() throws Exception {
        Class<?> cursors = Class.forName("org.eclipse.ui.internal.DragCursors", true, PlatformUI.class.getClassLoader());
        int left = cursors.getField("LEFT").getInt(null);
        Object cursor = cursors.getMethod("getCursor", int.class).invoke(null, left);
        assertSame(Display.getDefault().getSystemCursor(SWT.CURSOR_SIZEW), cursor);
    }
}
