package org.rnnstudio.ui.tests.workbench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.runtime.jobs.IJobChangeEvent;
import org.eclipse.core.runtime.jobs.IJobChangeListener;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.core.runtime.jobs.JobChangeAdapter;
import org.eclipse.draw2d.geometry.Point;
import org.eclipse.draw2d.geometry.PointList;
import org.eclipse.draw2d.geometry.Rectangle;
import org.eclipse.gef.RequestConstants;
import org.eclipse.gef.commands.Command;
import org.eclipse.gef.requests.ChangeBoundsRequest;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.ui.actions.ActionFactory;
import org.eclipse.ui.ide.IDE;
import org.eclipse.ui.views.properties.IPropertySource;
import org.junit.jupiter.api.Test;
import org.rnnstudio.model.Connection;
import org.rnnstudio.model.Model;
import org.rnnstudio.model.ModelFile;
import org.rnnstudio.model.UnitGroup;
import org.rnnstudio.ui.editor.MarkerUpdater;
import org.rnnstudio.ui.editor.ModelDocument;
import org.rnnstudio.ui.editor.RnnEditor;
import org.rnnstudio.ui.editor.parts.CellPart;
import org.rnnstudio.ui.editor.parts.ConnectionPart;
import org.rnnstudio.ui.editor.parts.GroupPart;
import org.rnnstudio.ui.editor.parts.NodePart;
import org.rnnstudio.ui.tests.Ui;
import org.rnnstudio.ui.unrolled.UnrolledView;
import org.rnnstudio.ui.wizards.Templates;

/**
 * The editor does only the work a change needs (a move repaints; a change to the network validates, marks
 * and unrolls again), finds connections through an index, acts on the model it shows now, and draws what a
 * file's layout or a marker names wherever it points.
 */
class EditorChangesTest extends WorkbenchFixture {

    @Override
    String projectName() {
        return "editor-changes-test";
    }

    /** Counts the marker jobs scheduled while it listens. */
    private static final class MarkerJobs extends JobChangeAdapter {
        final AtomicInteger scheduled = new AtomicInteger();

        @Override
        public void scheduled(IJobChangeEvent event) {
            if (event.getJob().belongsTo(MarkerUpdater.FAMILY)) {
                scheduled.incrementAndGet();
            }
        }
    }

    @Test
    void aMoveRepaintsWithoutValidatingMarkingOrUnrolling() throws Exception {
        RnnEditor editor = open("moved.rnn", adderText());
        UnrolledView view = (UnrolledView) page.showView(UnrolledView.ID);
        page.activate(editor);
        Ui.spin(display, 200);
        Job.getJobManager().join(MarkerUpdater.FAMILY, null);
        ModelDocument document = editor.document();
        GroupPart hidden = (GroupPart) part(editor, editor.group("hidden"));
        int x = hidden.getFigure().getBounds().x;
        MarkerJobs markers = new MarkerJobs();
        IJobChangeListener listener = markers;
        Job.getJobManager().addJobChangeListener(listener);
        try {
            int validations = document.validations();
            int unrollings = view.unrollings();

            // a move as the selection tool asks for it
            ChangeBoundsRequest move = new ChangeBoundsRequest(RequestConstants.REQ_MOVE);
            move.setEditParts(hidden);
            move.setMoveDelta(new Point(60, 0));
            Command command = hidden.getCommand(move);
            assertNotNull(command, "the group can be moved");
            editor.getCommandStack().execute(command);
            assertEquals(x + 60, document.model().bounds().get("hidden").x(), "the group moved");
            settle(editor);
            assertTrue(Ui.waitUntil(display, 2000, () -> hidden.getFigure().getBounds().x == x + 60),
                    "the group is drawn at its new place: " + hidden.getFigure().getBounds());
            assertEquals(validations, document.validations(), "a move does not validate the model");
            assertEquals(unrollings, view.unrollings(), "a move does not unroll the model again");
            assertEquals(0, markers.scheduled.get(), "a move does not reschedule the markers");
            editor.getCommandStack().undo();
            assertTrue(Ui.waitUntil(display, 2000, () -> hidden.getFigure().getBounds().x == x), "and back: " + hidden.getFigure().getBounds());
            assertEquals(validations, document.validations(), "nor does its undo");

            // a change to the network: once each
            IPropertySource source = (IPropertySource) hidden.getAdapter(IPropertySource.class);
            source.setPropertyValue("size", "5");
            Ui.spin(display, 100);
            assertEquals(validations + 1, document.validations(), "a change of size validates once");
            assertEquals(unrollings + 1, view.unrollings(), "and unrolls once");
            assertEquals(1, markers.scheduled.get(), "and marks once");
            assertEquals(5, hidden.groupFigure().unitsDrawn());

            // a new name: validated, but the network and its unrolling are the same
            source.setPropertyValue("name", "carry");
            assertEquals(validations + 2, document.validations());
            assertEquals(unrollings + 1, view.unrollings(), "a name does not unroll the model again");
        } finally {
            Job.getJobManager().removeJobChangeListener(listener);
        }
    }

    /**
     * The property sheet asks for the parameter count after every command; counting compiles the whole plan,
     * which was half of a move's time in a 1,000-element model. A move counts nothing again; a change of size
     * counts once more.
     */
    @Test
    void aMoveDoesNotCountTheParametersAgain() throws Exception {
        RnnEditor editor = open("counted.rnn", adderText());
        ModelDocument document = editor.document();
        org.rnnstudio.engine.ParameterCount before = document.parameterCount();
        GroupPart hidden = (GroupPart) part(editor, editor.group("hidden"));
        ChangeBoundsRequest move = new ChangeBoundsRequest(RequestConstants.REQ_MOVE);
        move.setEditParts(hidden);
        move.setMoveDelta(new Point(40, 0));
        editor.getCommandStack().execute(hidden.getCommand(move));
        assertSame(before, document.parameterCount(), "a move leaves the count as it was");
        int total = before.total();
        ((IPropertySource) hidden.getAdapter(IPropertySource.class)).setPropertyValue("size", "5");
        assertNotSame(before, document.parameterCount());
        assertTrue(document.parameterCount().total() > total, "two more hidden units learn more: " + document.parameterCount().total());
    }

    @Test
    void connectionsAreFoundThroughAnIndexOfTheirEnds() {
        Model model = new Model();
        int n = 20_000;
        for (int i = 0; i <= n; i++) {
            model.addGroup(new UnitGroup("g" + i, i == 0 ? UnitGroup.Role.INPUT : UnitGroup.Role.HIDDEN, 1));
        }
        for (int i = 1; i <= n; i++) {
            model.addConnection(new Connection("c" + i, "g" + (i - 1), "g" + i, Connection.Kind.FULL, 0));
        }
        ModelDocument document = new ModelDocument(model);
        long start = System.nanoTime();
        for (int i = 0; i <= n; i++) {
            assertEquals(i == n ? 0 : 1, document.connectionsFrom("g" + i).size());
            assertEquals(i == 0 ? 0 : 1, document.connectionsTo("g" + i).size());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        // what scanning all connections would cost for the same lookups, from 1% of them, on this machine now
        start = System.nanoTime();
        int found = 0;
        for (int i = 0; i < n / 100; i++) {
            for (Connection c : model.connections()) {
                found += ("g" + i).equals(c.from()) ? 1 : 0;
                found += ("g" + i).equals(c.to()) ? 1 : 0;
            }
        }
        double scan = (System.nanoTime() - start) / 1e9 * 100;
        assertEquals(2 * (n / 100) - 1, found);
        assertTrue(seconds < scan / 10, "the ends of 20,000 connections looked up in " + seconds + " s; a scan would take about " + scan + " s");

        // the index follows the changes the document is told of
        Connection extra = model.addConnection(new Connection("extra", "g5", "g9", Connection.Kind.FULL, 1));
        document.changed(ModelDocument.Change.STRUCTURE);
        assertEquals(List.of(model.connection("c6"), extra), document.connectionsFrom("g5"));
        assertEquals(List.of(model.connection("c9"), extra), document.connectionsTo("g9"));
        document.renameGroup(model.group("g9"), "nine");
        document.changed(ModelDocument.Change.STRUCTURE);
        assertEquals(List.of(), document.connectionsTo("g9"));
        assertEquals(List.of(model.connection("c9"), extra), document.connectionsTo("nine"));
    }

    @Test
    void copyAndPasteActOnTheModelReloadedFromDisk() throws Exception {
        RnnEditor editor = open("reloaded.rnn", adderText());
        UnrolledView view = (UnrolledView) page.showView(UnrolledView.ID);
        page.activate(editor);
        ModelDocument before = editor.document();
        String changed = adderText().replace("\"size\": 3,", "\"size\": 4,");
        editor.file().setContents(new ByteArrayInputStream(changed.getBytes(StandardCharsets.UTF_8)), IResource.FORCE, null);
        assertTrue(Ui.waitUntil(display, 5000, () -> editor.document() != before), "the editor reloaded the file");
        assertEquals(4, editor.group("hidden").size());

        editor.getGraphicalViewer().setSelection(new StructuredSelection(part(editor, editor.group("hidden"))));
        page.activate(editor);
        int unrollings = view.unrollings();
        runAction(editor, ActionFactory.COPY.getId());
        runAction(editor, ActionFactory.PASTE.getId());
        assertEquals(unrollings + 1, view.unrollings(), "the Unrolled view follows the reloaded model");
        assertNotNull(editor.group("hidden2"), "the copy is in the model the editor shows");
        assertEquals(4, editor.group("hidden2").size(), "copied from the reloaded model");
        assertNotNull(part(editor, editor.group("hidden2")), "and on the canvas");
        assertNull(before.model().group("hidden2"), "the old model is left alone");
        assertTrue(editor.isDirty());
        editor.getCommandStack().undo();
        assertNull(editor.group("hidden2"));

        // auto layout too
        runAction(editor, org.rnnstudio.ui.editor.actions.AutoLayoutAction.ID);
        assertTrue(editor.getCommandStack().canUndo(), "auto layout went onto the reloaded model's stack");
    }

    @Test
    void aMarkerOnACellOrOneOfItsPartsSelectsTheCell() throws Exception {
        RnnEditor editor = open("cell-marker.rnn", ModelFile.write(Templates.LSTM.create("cell marker")));
        CellPart cell = (CellPart) part(editor, editor.document().model().cell("memory"));
        assertNotNull(cell);
        for (String element : List.of("memory", "memory.keep")) {
            IMarker marker = editor.file().createMarker(MarkerUpdater.MARKER);
            marker.setAttribute(MarkerUpdater.ELEMENT_ID, element);
            marker.setAttribute(IMarker.MESSAGE, "a problem of " + element);
            editor.getGraphicalViewer().deselectAll();
            IDE.gotoMarker(editor, marker);
            assertEquals(List.of(cell), ((StructuredSelection) editor.getGraphicalViewer().getSelection()).toList(),
                    "a marker on " + element + " selects the cell");
            marker.delete();
        }
    }

    @Test
    void aLayoutAtTheEndOfTheIntegersStaysOnTheCanvas() throws Exception {
        String text = adderText().replaceFirst("\"x\": 40,\\s*\"y\": 150,\\s*\"width\": 140,",
                "\"x\": 2147483647, \"y\": 150, \"width\": 2147483647,");
        assertTrue(text.contains("2147483647"));
        RnnEditor editor = open("far.rnn", text);
        assertNotNull(editor.document(), "the editor opens the file");
        Ui.spin(display, 200);
        GroupPart hidden = (GroupPart) part(editor, editor.group("hidden"));
        Rectangle drawn = hidden.getFigure().getBounds();
        assertTrue(drawn.width > 0 && drawn.height > 0, "the group has a size: " + drawn);
        assertTrue(drawn.x <= NodePart.MAX_COORDINATE && drawn.right() <= NodePart.MAX_COORDINATE + NodePart.MAX_SIZE,
                "the group is where the canvas can draw it: " + drawn);
        ConnectionPart in = (ConnectionPart) part(editor, editor.connection("input-hidden"));
        PointList points = in.getConnectionFigure().getPoints();
        assertTrue(points.getFirstPoint().getDistance(points.getLastPoint()) > 100,
                "the connection into it goes somewhere, not to one point: " + points.getFirstPoint() + " " + points.getLastPoint());
        assertFalse(editor.isDirty(), "nothing changed the file");
    }
}
