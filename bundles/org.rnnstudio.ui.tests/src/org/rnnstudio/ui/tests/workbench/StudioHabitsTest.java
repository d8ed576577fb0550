package org.rnnstudio.ui.tests.workbench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.eclipse.core.commands.Command;
import org.eclipse.core.runtime.ILogListener;
import org.eclipse.core.runtime.Platform;
import org.eclipse.draw2d.geometry.Point;
import org.eclipse.draw2d.geometry.Rectangle;
import org.eclipse.gef.GraphicalEditPart;
import org.eclipse.gef.RequestConstants;
import org.eclipse.gef.palette.ConnectionCreationToolEntry;
import org.eclipse.gef.palette.PaletteContainer;
import org.eclipse.gef.palette.PaletteRoot;
import org.eclipse.gef.tools.ConnectionCreationTool;
import org.eclipse.gef.tools.SelectionTool;
import org.eclipse.jface.action.IAction;
import org.eclipse.jface.preference.PreferenceDialog;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.ToolBar;
import org.eclipse.swt.widgets.ToolItem;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.IEditorReference;
import org.eclipse.ui.IPageLayout;
import org.eclipse.ui.IViewPart;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.actions.ActionFactory;
import org.eclipse.ui.commands.ICommandService;
import org.eclipse.ui.dialogs.PreferencesUtil;
import org.eclipse.ui.handlers.IHandlerService;
import org.junit.jupiter.api.Test;
import org.rnnstudio.model.Cell;
import org.rnnstudio.model.Model;
import org.rnnstudio.model.ModelFile;
import org.rnnstudio.model.UnitGroup;
import org.rnnstudio.ui.editor.ErrorPage;
import org.rnnstudio.ui.editor.RnnEditor;
import org.rnnstudio.ui.editor.RnnPalette;
import org.rnnstudio.ui.editor.parts.CellPart;
import org.rnnstudio.ui.editor.parts.ConnectionPart;
import org.rnnstudio.ui.editor.parts.GroupPart;
import org.rnnstudio.ui.editor.parts.NodePart;
import org.rnnstudio.ui.figures.ProblemTooltip;
import org.rnnstudio.ui.tests.Ui;
import org.rnnstudio.ui.training.TrainingJob;
import org.rnnstudio.ui.wizards.Templates;

/** The IDE's habits in the editor: tools, routes, cells, the error page, undo, tooltips, Stop and Preferences. */
class StudioHabitsTest extends WorkbenchFixture {

    @Override
    String projectName() {
        return "studio-habits-test";
    }

    private static Point centre(RnnEditor editor, Object model) {
        Rectangle r = ((GraphicalEditPart) part(editor, model)).getFigure().getBounds().getCopy();
        ((GraphicalEditPart) part(editor, model)).getFigure().translateToAbsolute(r);
        return r.getCenter();
    }

    private static ConnectionCreationToolEntry connectionEntry(int index) {
        PaletteRoot root = RnnPalette.create();
        for (Object c : root.getChildren()) {
            if (c instanceof PaletteContainer container && "Connections".equals(container.getLabel())) {
                return (ConnectionCreationToolEntry) container.getChildren().get(index);
            }
        }
        throw new AssertionError("no connections drawer");
    }

    @Test
    void afterAConnectionTheSelectionToolIsBackAndOppositeConnectionsRunApart() throws Exception {
        RnnEditor editor = open("tool.rnn", adderText());
        Ui.spin(display, 200);
        org.eclipse.gef.EditDomain domain = editor.getGraphicalViewer().getEditDomain();
        domain.setActiveTool(connectionEntry(0).createTool());
        assertTrue(domain.getActiveTool() instanceof ConnectionCreationTool);
        Point output = centre(editor, editor.group("output"));
        Point hidden = centre(editor, editor.group("hidden"));
        Ui.click(editor.getGraphicalViewer(), output.x, output.y);
        Ui.click(editor.getGraphicalViewer(), hidden.x, hidden.y);
        assertEquals(4, editor.document().model().connections().size(), "the tool drew output -> hidden");
        assertTrue(domain.getActiveTool() instanceof SelectionTool, "the selection tool is back: " + domain.getActiveTool());

        // hidden -> output and output -> hidden: two routes, each visible on its own
        ConnectionPart up = (ConnectionPart) part(editor, editor.connection("hidden-output"));
        ConnectionPart down = (ConnectionPart) part(editor, editor.connection("output-hidden"));
        assertNotNull(down);
        settle(editor);
        Point upMiddle = up.getConnectionFigure().getPoints().getMidpoint();
        Point downMiddle = down.getConnectionFigure().getPoints().getMidpoint();
        assertTrue(upMiddle.getDistance(downMiddle) >= 20, "the two routes are apart: " + upMiddle + " and " + downMiddle);
        assertSame(down, editor.getGraphicalViewer().findObjectAt(downMiddle), "the new connection can be picked at its middle");
        assertSame(up, editor.getGraphicalViewer().findObjectAt(upMiddle), "and so can the old one");
        Ui.screenshot(page.getWorkbenchWindow().getShell(), "editor-opposite-connections.png");

        // Ctrl held as the connection is finished keeps the tool
        domain.setActiveTool(connectionEntry(0).createTool());
        Point input = centre(editor, editor.group("input"));
        Ui.click(editor.getGraphicalViewer(), input.x, input.y, SWT.MOD1);
        Ui.click(editor.getGraphicalViewer(), output.x, output.y, SWT.MOD1);
        assertEquals(5, editor.document().model().connections().size(), "the tool drew input -> output");
        assertTrue(domain.getActiveTool() instanceof ConnectionCreationTool, "with Ctrl the tool stays: " + domain.getActiveTool());
    }

    @Test
    void anOpenedCellMakesRoomInOneUndoableStepAndLabelsItsDelays() throws Exception {
        Model model = Templates.LSTM.create("make room");
        model.bounds().put("input", new Model.Bounds(40, 300, -1, -1));
        model.addGroup(new UnitGroup("side", UnitGroup.Role.INPUT, 2));
        model.bounds().put("side", new Model.Bounds(300, 180, -1, -1));
        RnnEditor editor = open("room.rnn", ModelFile.write(model));
        settle(editor);
        Cell memory = editor.document().model().cell("memory");
        CellPart cell = (CellPart) part(editor, memory);
        Rectangle inputBefore = ((GraphicalEditPart) part(editor, editor.group("input"))).getFigure().getBounds().getCopy();
        Rectangle sideBefore = ((GraphicalEditPart) part(editor, editor.group("side"))).getFigure().getBounds().getCopy();
        Rectangle outputBefore = ((GraphicalEditPart) part(editor, editor.group("output"))).getFigure().getBounds().getCopy();

        cell.performRequest(new org.eclipse.gef.Request(RequestConstants.REQ_OPEN));
        settle(editor);
        assertTrue(cell.cellFigure().isOpen());
        Rectangle opened = cell.getFigure().getBounds();
        for (Object child : editor.getGraphicalViewer().getContents().getChildren()) {
            if (child != cell) {
                Rectangle r = ((NodePart) child).getFigure().getBounds();
                assertFalse(r.intersects(opened), "the open cell " + opened + " covers " + ((NodePart) child).id() + " " + r);
            }
        }
        assertEquals(outputBefore, ((GraphicalEditPart) part(editor, editor.group("output"))).getFigure().getBounds(),
                "what is above stays where it was");
        Map<String, String> delays = cell.cellFigure().delayLabels();
        assertEquals("t-1", delays.get("cell-kept"), "the memory kept through the keep gate is labelled: " + delays);
        assertEquals("t-1", delays.get("recurrent.keep"), "the recurrent h into a gate is labelled: " + delays);
        Ui.screenshot(page.getWorkbenchWindow().getShell(), "editor-cell-opened-with-room.png");

        assertTrue(editor.getCommandStack().canUndo(), "opening with room is one command");
        editor.getCommandStack().undo();
        settle(editor);
        assertFalse(cell.cellFigure().isOpen(), "undo closes the cell");
        assertEquals(inputBefore, ((GraphicalEditPart) part(editor, editor.group("input"))).getFigure().getBounds());
        assertEquals(sideBefore, ((GraphicalEditPart) part(editor, editor.group("side"))).getFigure().getBounds(), "and puts the neighbours back");
    }

    @Test
    void openInTextEditorOnTheErrorPageOpensTheTextEditor() throws Exception {
        String broken = "{\n  \"format\": \"rnnstudio-model/1\",\n  \"groups\": [ { \"id\": \"a\" ]\n}\n";
        org.eclipse.core.resources.IFile f = project.getFile("broken.rnn");
        f.create(new java.io.ByteArrayInputStream(broken.getBytes(java.nio.charset.StandardCharsets.UTF_8)), true, null);
        RnnEditor editor = (RnnEditor) org.eclipse.ui.ide.IDE.openEditor(page, f);
        Ui.spin(display, 200);
        assertNotNull(editor.errorPage());
        editor.errorPage().openInTextEditor();
        Ui.spin(display, 300);
        IEditorPart active = page.getActiveEditor();
        assertNotNull(active, "an editor is open");
        assertEquals(ErrorPage.TEXT_EDITOR, active.getSite().getId(), "the text editor");
        assertEquals(f, active.getEditorInput().getAdapter(org.eclipse.core.resources.IFile.class), "on the file");
        for (IEditorReference ref : page.getEditorReferences()) {
            assertFalse(RnnEditor.ID.equals(ref.getId()), "the diagram editor has made way");
        }
        Ui.screenshot(page.getWorkbenchWindow().getShell(), "error-page-text-editor.png");
    }

    @Test
    void undoWorksWhileThePropertiesViewHasFocus() throws Exception {
        RnnEditor editor = open("undo.rnn", adderText());
        GroupPart hidden = (GroupPart) part(editor, editor.group("hidden"));
        editor.getGraphicalViewer().setSelection(new org.eclipse.jface.viewers.StructuredSelection(hidden));
        IViewPart properties = page.showView(IPageLayout.ID_PROP_SHEET);
        editor.getCommandStack().execute(new org.rnnstudio.ui.editor.commands.ChangeCommand<Integer>("Size", editor.document(),
                editor.group("hidden")::setSize, 3, 6));
        page.activate(properties);
        Ui.spin(display, 300);
        assertSame(properties, page.getActivePart());
        IAction undo = properties.getViewSite().getActionBars().getGlobalActionHandler(ActionFactory.UNDO.getId());
        assertNotNull(undo, "the Properties view has an Undo");
        assertTrue(undo.isEnabled(), "and it is enabled");
        undo.run();
        assertEquals(3, editor.group("hidden").size(), "Undo in the Properties view undid the editor's change");
    }

    private static List<ToolItem> toolItems(Control control) {
        List<ToolItem> items = new ArrayList<>();
        if (control instanceof ToolBar bar) {
            items.addAll(List.of(bar.getItems()));
        }
        if (control instanceof org.eclipse.swt.widgets.Composite composite) {
            for (Control child : composite.getChildren()) {
                items.addAll(toolItems(child));
            }
        }
        return items;
    }

    @Test
    void toolbarTooltipsSayTheShortcutOnceAndStopIsEnabledOnlyWhileTraining() throws Exception {
        RnnEditor editor = open("stop.rnn", adderText().replace("\"epochs\": 30,", "\"epochs\": 100000,"));
        page.activate(editor);
        Ui.spin(display, 500);
        List<ToolItem> items = toolItems(page.getWorkbenchWindow().getShell());
        ToolItem train = items.stream().filter(i -> i.getToolTipText() != null && i.getToolTipText().startsWith("Train")).findFirst().orElse(null);
        ToolItem stop = items.stream().filter(i -> i.getToolTipText() != null && i.getToolTipText().startsWith("Stop")).findFirst().orElse(null);
        assertNotNull(train, "a Train button");
        assertNotNull(stop, "a Stop button");
        for (ToolItem item : List.of(train, stop)) {
            String tip = item.getToolTipText();
            assertEquals(1, tip.split("Ctrl\\+F", -1).length - 1, "the shortcut once: " + tip);
        }

        Command stopCommand = PlatformUI.getWorkbench().getService(ICommandService.class).getCommand("org.rnnstudio.ui.stop");
        assertFalse(stopCommand.isEnabled(), "nothing trains: Stop is disabled");
        assertTrue(Ui.waitUntil(display, 3000, () -> !stop.isEnabled()), "and looks it");
        Ui.screenshot(page.getWorkbenchWindow().getShell(), "toolbar-stop-disabled.png");

        PlatformUI.getWorkbench().getService(IHandlerService.class).executeCommand("org.rnnstudio.ui.train", null);
        assertTrue(Ui.waitUntil(display, 30_000, stopCommand::isEnabled), "while training Stop is enabled");
        assertTrue(Ui.waitUntil(display, 3000, stop::isEnabled), "and looks it");
        PlatformUI.getWorkbench().getService(IHandlerService.class).executeCommand("org.rnnstudio.ui.stop", null);
        assertTrue(Ui.waitUntil(display, 60_000, () -> org.eclipse.core.runtime.jobs.Job.getJobManager().find(TrainingJob.FAMILY).length == 0));
        assertTrue(Ui.waitUntil(display, 3000, () -> !stopCommand.isEnabled()), "after the run Stop is disabled again");
        assertTrue(Ui.waitUntil(display, 3000, () -> !stop.isEnabled()), "and looks it");
    }

    @Test
    void preferencesOpenWithoutComplaintsInTheLog() throws Exception {
        List<String> logged = new ArrayList<>();
        ILogListener listener = (status, plugin) -> logged.add(status.getMessage());
        Platform.addLogListener(listener);
        try {
            PreferenceDialog dialog = PreferencesUtil.createPreferenceDialogOn(page.getWorkbenchWindow().getShell(), null, null, null);
            dialog.setBlockOnOpen(false);
            dialog.open();
            Ui.spin(display, 500);
            Ui.screenshot(dialog.getShell(), "preferences.png");
            dialog.close();
        } finally {
            Platform.removeLogListener(listener);
        }
        assertTrue(logged.stream().noneMatch(m -> m != null && m.contains("Invalid preference category path")), "logged: " + logged);
    }

    @Test
    void aLongProblemTooltipIsWrapped() throws Exception {
        RnnEditor editor = open("tooltip.rnn", adderText());
        GroupPart hidden = (GroupPart) part(editor, editor.group("hidden"));
        String message = "error: " + "a very long explanation of what is wrong with this group ".repeat(12);
        hidden.groupFigure().setProblem(org.rnnstudio.ui.figures.UnitGroupFigure.ERROR, message);
        org.eclipse.draw2d.IFigure tip = hidden.getFigure().getToolTip();
        assertTrue(tip instanceof ProblemTooltip, "the problem is the tooltip: " + tip);
        tip.setFont(display.getSystemFont());
        org.eclipse.draw2d.geometry.Dimension size = tip.getPreferredSize();
        assertTrue(size.width <= ProblemTooltip.MAX_WIDTH, "the tooltip is at most " + ProblemTooltip.MAX_WIDTH + " px wide: " + size);
        assertTrue(size.height >= 3 * display.getSystemFont().getFontData()[0].getHeight(), "and wraps onto several lines: " + size);
        // a short one stays on one line, as wide as it needs
        hidden.groupFigure().setProblem(org.rnnstudio.ui.figures.UnitGroupFigure.ERROR, "error: short");
        hidden.getFigure().getToolTip().setFont(display.getSystemFont());
        assertTrue(hidden.getFigure().getToolTip().getPreferredSize().width < 200);
    }
}
