package org.rnnstudio.ui.tests.workbench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.draw2d.IFigure;
import org.eclipse.draw2d.ScrollPane;
import org.eclipse.draw2d.geometry.Rectangle;
import org.eclipse.gef.GraphicalEditPart;
import org.eclipse.gef.internal.ui.palette.editparts.DrawerEditPart;
import org.eclipse.gef.palette.PaletteDrawer;
import org.eclipse.gef.palette.ToolEntry;
import org.eclipse.gef.ui.palette.PaletteViewer;
import org.eclipse.swt.widgets.Shell;
import org.junit.jupiter.api.Test;
import org.rnnstudio.ui.editor.RnnEditor;
import org.rnnstudio.ui.tests.Ui;

/**
 * The palette beside the diagram in the RNN Studio perspective at 1600x1000: every tool of an open drawer is
 * shown whole, none cut off by the palette's edge or hidden under a drawer's scroll arrows.
 */
class PaletteLayoutTest extends WorkbenchFixture {

    @Override
    String projectName() {
        return "palette-test";
    }

    @Test
    void everyToolOfAnOpenDrawerIsShownWhole() throws Exception {
        Shell shell = page.getWorkbenchWindow().getShell();
        shell.setBounds(0, 0, 1600, 1000);
        page.resetPerspective();
        RnnEditor editor = open("binary-adder.rnn", adderText());
        Ui.spin(display, 500);
        PaletteViewer palette = editor.getGraphicalViewer().getEditDomain().getPaletteViewer();
        List<DrawerEditPart> drawers = drawers((GraphicalEditPart) palette.getRootEditPart().getContents());
        assertEquals(4, drawers.size(), "the palette's drawers");

        List<String> problems = new ArrayList<>();
        hiddenTools(palette, problems);
        assertTrue(problems.isEmpty(), "as the palette opens: " + problems);
        assertTrue(palette.isExpanded(drawer(drawers.get(0))), "Unit groups is open at first: drawing starts with it");
        Ui.screenshot(shell, "palette-as-it-opens.png");

        // each drawer opened as its header's click opens it (GEF has no public API for that click)
        for (DrawerEditPart drawer : drawers) {
            drawer.setExpanded(true);
            Ui.spin(display, 600);
            palette.getControl().update();
            assertTrue(palette.isExpanded(drawer(drawer)), drawer(drawer).getLabel() + " opened");
            hiddenTools(palette, problems);
            assertTrue(problems.isEmpty(), "with " + drawer(drawer).getLabel() + " open: " + problems);
        }
        Ui.screenshot(shell, "palette-last-drawer-open.png");
    }

    private static PaletteDrawer drawer(DrawerEditPart part) {
        return (PaletteDrawer) part.getModel();
    }

    private static List<DrawerEditPart> drawers(GraphicalEditPart parent) {
        List<DrawerEditPart> found = new ArrayList<>();
        for (Object child : parent.getChildren()) {
            if (child instanceof DrawerEditPart drawer) {
                found.add(drawer);
            }
        }
        return found;
    }

    /** Adds a line for each tool of an open drawer (and of the tools group) that is not wholly in sight. */
    private static void hiddenTools(PaletteViewer palette, List<String> problems) {
        org.eclipse.swt.graphics.Rectangle canvas = palette.getControl().getBounds();
        Rectangle seen = new Rectangle(0, 0, canvas.width, canvas.height);
        for (Object part : palette.getEditPartRegistry().values()) {
            if (!(part instanceof GraphicalEditPart tool) || !(tool.getModel() instanceof ToolEntry entry)) {
                continue;
            }
            if (entry.getParent() instanceof PaletteDrawer drawer && !palette.isExpanded(drawer)) {
                continue;
            }
            String problem = hidden(tool.getFigure(), seen);
            if (problem != null) {
                problems.add(entry.getLabel() + " " + problem);
            }
        }
    }

    /** Why a figure is not wholly in sight within the canvas area {@code seen}, or null when it is. */
    private static String hidden(IFigure figure, Rectangle seen) {
        Rectangle bounds = figure.getBounds().getCopy();
        figure.getParent().translateToAbsolute(bounds);
        if (bounds.isEmpty()) {
            return "has no room at all";
        }
        Rectangle visible = seen.getCopy();
        for (IFigure ancestor = figure.getParent(); ancestor != null; ancestor = ancestor.getParent()) {
            Rectangle clip = ancestor.getClientArea().getCopy();
            ancestor.translateToAbsolute(clip);
            visible.intersect(clip);
            if (ancestor instanceof ScrollPane scrolled && scrolled.getVerticalScrollBar().isShowing()) {
                Rectangle arrows = scrolled.getVerticalScrollBar().getBounds().getCopy();
                scrolled.getVerticalScrollBar().getParent().translateToAbsolute(arrows);
                if (arrows.intersects(bounds)) {
                    return "at " + bounds + " is in a drawer too short for it, under its scroll bar at " + arrows;
                }
            }
        }
        return visible.contains(bounds) ? null : "at " + bounds + " is cut to " + visible.getIntersection(bounds);
    }
}
