package org.rnnstudio.ui.tests.workbench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.draw2d.geometry.Point;
import org.eclipse.gef.EditPart;
import org.eclipse.gef.GraphicalEditPart;
import org.eclipse.gef.RequestConstants;
import org.eclipse.gef.commands.Command;
import org.eclipse.gef.commands.CommandStack;
import org.eclipse.gef.palette.CombinedTemplateCreationEntry;
import org.eclipse.gef.palette.ConnectionCreationToolEntry;
import org.eclipse.gef.palette.PaletteContainer;
import org.eclipse.gef.palette.PaletteRoot;
import org.eclipse.gef.requests.CreateConnectionRequest;
import org.eclipse.gef.requests.CreateRequest;
import org.eclipse.gef.requests.CreationFactory;
import org.eclipse.gef.tools.CreationTool;
import org.eclipse.gef.ui.properties.UndoablePropertySheetEntry;
import org.eclipse.jface.viewers.CellEditor;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.jface.wizard.WizardDialog;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.actions.ActionFactory;
import org.eclipse.ui.ide.IDE;
import org.eclipse.ui.views.properties.IPropertyDescriptor;
import org.eclipse.ui.views.properties.IPropertySheetEntry;
import org.eclipse.ui.views.properties.IPropertySource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rnnstudio.engine.Plan;
import org.rnnstudio.model.Connection;
import org.rnnstudio.model.ModelFile;
import org.rnnstudio.model.UnitGroup;
import org.rnnstudio.model.Validator;
import org.rnnstudio.ui.editor.MarkerUpdater;
import org.rnnstudio.ui.editor.RnnEditor;
import org.rnnstudio.ui.editor.RnnPalette;
import org.rnnstudio.ui.editor.actions.AutoLayoutAction;
import org.rnnstudio.ui.editor.parts.ConnectionPart;
import org.rnnstudio.ui.editor.parts.GroupPart;
import org.rnnstudio.ui.tests.Ui;
import org.rnnstudio.ui.unrolled.UnrolledView;
import org.rnnstudio.ui.wizards.NewModelWizard;
import org.rnnstudio.ui.wizards.Templates;

/** The graphical editor inside the RNN Studio workbench, driven through GEF's requests, tools and commands. */
class EditorTest {

    private IProject project;
    private IWorkbenchPage page;
    private Display display;

    @BeforeEach
    void project() throws Exception {
        page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
        display = Display.getCurrent();
        project = Projects.fresh("editor-test");
        page.getWorkbenchWindow().getShell().setSize(1400, 900);
    }

    @AfterEach
    void closeAll() {
        page.closeAllEditors(false);
    }

    private IFile file(String name, String text) throws Exception {
        IFile f = project.getFile(name);
        f.create(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), true, null);
        return f;
    }

    private static String adderText() throws Exception {
        return Files.readString(Paths.get(System.getProperty("rnnstudio.examples"), "binary-adder", "binary-adder.rnn"));
    }

    private RnnEditor open(IFile f) throws Exception {
        IEditorPart part = IDE.openEditor(page, f);
        assertTrue(part instanceof RnnEditor, "the .rnn editor opens: " + part);
        Ui.spin(display, 200);
        return (RnnEditor) part;
    }

    private static String read(IFile f) throws Exception {
        try (InputStream in = f.getContents(true)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static EditPart part(RnnEditor editor, Object model) {
        return (EditPart) editor.getGraphicalViewer().getEditPartRegistry().get(model);
    }

    private static void waitForMarkers() throws Exception {
        Job.getJobManager().join(MarkerUpdater.FAMILY, null);
    }

    private List<IMarker> markers(IFile f) throws Exception {
        waitForMarkers();
        return Arrays.asList(f.findMarkers(MarkerUpdater.MARKER, false, IResource.DEPTH_ZERO));
    }

    private static List<Object> entries(PaletteRoot root, String drawer) {
        for (Object c : root.getChildren()) {
            if (c instanceof PaletteContainer container && drawer.equals(container.getLabel())) {
                return new ArrayList<>(container.getChildren());
            }
        }
        throw new AssertionError("no drawer " + drawer);
    }

    /**
     * Types a value into the Properties view's entry for one property, the way the view does it: GEF's
     * undoable entry turns the change into a command on the editor's stack. Returns the entry's error text
     * (null when the value was taken).
     */
    private String setProperty(RnnEditor editor, EditPart part, String label, Object value) {
        UndoablePropertySheetEntry root = new UndoablePropertySheetEntry(editor.getCommandStack());
        root.setValues(new Object[] {part});
        for (IPropertySheetEntry child : root.getChildEntries()) {
            if (child.getDisplayName().equals(label)) {
                CellEditor cell = child.getEditor(page.getWorkbenchWindow().getShell());
                cell.setValue(value);
                child.applyEditorValue();
                String error = cell.isValueValid() ? null : cell.getErrorMessage();
                root.dispose();
                return error;
            }
        }
        throw new AssertionError("no property " + label);
    }

    private static Command connect(RnnEditor editor, CreationFactory factory, UnitGroup from, UnitGroup to) {
        return connect(editor, factory, from, to, null);
    }

    private static Command connect(RnnEditor editor, CreationFactory factory, Object from, UnitGroup to, Object toOther) {
        EditPart source = part(editor, from);
        EditPart target = part(editor, to != null ? to : toOther);
        CreateConnectionRequest request = new CreateConnectionRequest();
        request.setFactory(factory);
        request.setType(RequestConstants.REQ_CONNECTION_START);
        request.setSourceEditPart(source);
        request.setTargetEditPart(source);
        Command start = source.getCommand(request);
        request.setStartCommand(start);
        request.setType(RequestConstants.REQ_CONNECTION_END);
        request.setTargetEditPart(target);
        return target.getCommand(request);
    }

    @Test
    void everyPaletteElementIsCreatedConnectedUndoneAndRedone() throws Exception {
        RnnEditor editor = open(file("drawn.rnn", "{\"format\": \"rnnstudio-model/1\", \"name\": \"drawn\"}"));
        CommandStack stack = editor.getCommandStack();
        EditPart diagram = editor.getGraphicalViewer().getContents();
        PaletteRoot palette = RnnPalette.create();

        // every unit group of the palette, through a creation request as the creation tool makes it
        int x = 40;
        for (Object entry : entries(palette, "Unit groups")) {
            CreateRequest request = new CreateRequest();
            request.setFactory((CreationFactory) ((CombinedTemplateCreationEntry) entry).getTemplate());
            request.setLocation(new Point(x, 60));
            Command command = diagram.getCommand(request);
            assertNotNull(command, "a command for " + ((CombinedTemplateCreationEntry) entry).getLabel());
            stack.execute(command);
            x += 160;
        }
        assertEquals(8, editor.document().model().groups().size());
        assertEquals(8, diagram.getChildren().size(), "a figure for each");
        for (Object entry : entries(palette, "Cells")) {
            CreateRequest request = new CreateRequest();
            request.setFactory((CreationFactory) ((CombinedTemplateCreationEntry) entry).getTemplate());
            request.setLocation(new Point(x, 500));
            stack.execute(diagram.getCommand(request));
            x += 220;
        }
        assertEquals(4, editor.document().model().cells().size(), "the LSTM, GRU, Elman and reservoir cells");
        assertEquals(12, diagram.getChildren().size());
        org.rnnstudio.model.Cell reservoir = editor.document().model().cell("reservoir");
        assertEquals(org.rnnstudio.model.Cell.Kind.RESERVOIR, reservoir.kind());
        org.rnnstudio.ui.editor.parts.CellPart reservoirPart = (org.rnnstudio.ui.editor.parts.CellPart) part(editor, reservoir);
        reservoirPart.setOpen(true);
        assertEquals(java.util.Set.of("candidate", "h"), reservoirPart.cellFigure().partBoxes().keySet(), "the open reservoir shows its parts");
        assertTrue(reservoirPart.cellFigure().openSize().width > 200, "and room for the picture of its recurrent weights");
        reservoirPart.setOpen(false);
        UnitGroup product = editor.group("product");
        assertEquals(UnitGroup.Combine.PRODUCT, product.combine());
        assertTrue(((GroupPart) part(editor, product)).groupFigure().isProduct(), "product units are marked");

        // the same once through the real creation tool, clicking on the canvas
        CombinedTemplateCreationEntry logistic = (CombinedTemplateCreationEntry) entries(palette, "Unit groups").get(2);
        editor.getGraphicalViewer().getEditDomain().setActiveTool(logistic.createTool());
        assertTrue(editor.getGraphicalViewer().getEditDomain().getActiveTool() instanceof CreationTool);
        Ui.click(editor.getGraphicalViewer(), 300, 300);
        assertEquals(9, editor.document().model().groups().size(), "the creation tool placed a group where it was clicked");
        assertEquals(300, editor.document().model().bounds().get("hidden6").x(), 1.0);

        // every connection kind of the palette
        UnitGroup input = editor.group("input");
        UnitGroup linear = editor.group("hidden");
        UnitGroup output = editor.group("output");
        List<Object> connections = entries(palette, "Connections");
        CreationFactory full = (CreationFactory) ((ConnectionCreationToolEntry) connections.get(0)).getToolProperty(CreationTool.PROPERTY_CREATION_FACTORY);
        stack.execute(connect(editor, full, input, linear));
        for (Object entry : connections.subList(1, connections.size())) {
            CreationFactory f = (CreationFactory) ((ConnectionCreationToolEntry) entry).getToolProperty(CreationTool.PROPERTY_CREATION_FACTORY);
            stack.execute(connect(editor, f, linear, linear));
        }
        stack.execute(connect(editor, full, linear, output));
        List<Connection> made = editor.document().model().connections();
        assertEquals(5, made.size());
        assertEquals(List.of(Connection.Kind.FULL, Connection.Kind.ONE_TO_ONE, Connection.Kind.IDENTITY, Connection.Kind.FULL, Connection.Kind.FULL),
                made.stream().map(Connection::kind).toList());
        assertEquals(1, made.get(3).delay(), "the recurrent tool makes delay 1");
        ConnectionPart recurrent = (ConnectionPart) part(editor, made.get(3));
        assertEquals("t-1", recurrent.connectionFigure().labelText(), "delayed connections say how far back");
        assertEquals(4, ((GraphicalEditPart) part(editor, linear)).getSourceConnections().size(), "three self-connections and one to the output");
        assertEquals(4, ((GraphicalEditPart) part(editor, linear)).getTargetConnections().size(), "three self-connections and one from the input");

        // a connection into an input group is refused while drawing
        Command intoInput = connect(editor, full, output, input);
        assertTrue(intoInput == null || !intoInput.canExecute());

        // undo everything, redo everything
        int commands = 0;
        while (stack.canUndo()) {
            stack.undo();
            commands++;
        }
        assertEquals(18, commands, "9 groups, 4 cells and 5 connections, one command each");
        assertTrue(editor.document().model().groups().isEmpty());
        assertTrue(editor.getGraphicalViewer().getContents().getChildren().isEmpty());
        while (stack.canRedo()) {
            stack.redo();
        }
        assertEquals(9, editor.document().model().groups().size());
        assertEquals(4, editor.document().model().cells().size());
        assertEquals(5, editor.document().model().connections().size());
        assertTrue(editor.isDirty());

        // a cell connects like a group: into all its gates, out of its hidden state
        Command intoCell = connect(editor, full, input, null, editor.document().model().cell("lstm"));
        stack.execute(intoCell);
        assertEquals("lstm", editor.document().model().connections().get(5).to());
        Ui.screenshot(page.getWorkbenchWindow().getShell(), "editor-palette-elements.png");
    }

    @Test
    void propertiesChangeThroughThePropertySourceAndBadValuesAreRefused() throws Exception {
        RnnEditor editor = open(file("adder.rnn", adderText()));
        GroupPart hidden = (GroupPart) part(editor, editor.group("hidden"));
        IPropertySource source = (IPropertySource) hidden.getAdapter(IPropertySource.class);
        assertNull(setProperty(editor, hidden, "Size", "5"));
        assertEquals(5, editor.group("hidden").size());
        assertTrue(editor.getCommandStack().canUndo(), "the change is a command");
        assertEquals(5, hidden.groupFigure().unitsDrawn(), "the figure follows");
        editor.getCommandStack().undo();
        assertEquals(3, editor.group("hidden").size());
        String refused = setProperty(editor, hidden, "Size", "-2");
        assertTrue(refused != null && refused.contains("from 1"), "a bad value is refused with a message: " + refused);
        assertEquals(3, editor.group("hidden").size());

        Shell shell = page.getWorkbenchWindow().getShell();
        for (IPropertyDescriptor d : source.getPropertyDescriptors()) {
            if (d.getId().equals("size")) {
                CellEditor cell = d.createPropertyEditor(shell);
                assertNull(cell.getValidator().isValid("7"));
                assertTrue(cell.getValidator().isValid("0").contains("from 1"), "size 0 is refused with a message");
                assertTrue(cell.getValidator().isValid("three").contains("whole number"));
                cell.dispose();
            }
            if (d.getId().equals("id")) {
                CellEditor cell = d.createPropertyEditor(shell);
                assertTrue(cell.getValidator().isValid("output").contains("already the id"), "ids stay unique");
                cell.dispose();
            }
        }

        // renaming an id moves the connections and the layout with it, and undoes as one step
        assertNull(setProperty(editor, hidden, "Id", "memory"));
        assertEquals("memory", editor.connection("hidden-hidden").from());
        assertNotNull(editor.document().model().bounds().get("memory"));
        editor.getCommandStack().undo();
        assertEquals("hidden", editor.connection("hidden-hidden").from());
    }

    @Test
    void saveCloseReopenGivesTheSameModel() throws Exception {
        IFile f = file("saved.rnn", adderText());
        RnnEditor editor = open(f);
        CreateRequest request = new CreateRequest();
        request.setFactory((CreationFactory) ((CombinedTemplateCreationEntry) entries(RnnPalette.create(), "Unit groups").get(3)).getTemplate());
        request.setLocation(new Point(400, 200));
        editor.getCommandStack().execute(editor.getGraphicalViewer().getContents().getCommand(request));
        assertTrue(editor.isDirty());
        String expected = ModelFile.write(editor.document().model());
        editor.doSave(null);
        assertFalse(editor.isDirty());
        assertEquals(expected, read(f), "the file holds what the diagram shows");
        page.closeEditor(editor, false);

        RnnEditor again = open(f);
        assertEquals(expected, ModelFile.write(again.document().model()));
        assertEquals(4, again.getGraphicalViewer().getContents().getChildren().size());

        // Save As writes another file and goes on editing it; the first file stays as it was
        IFile other = project.getFile("saved-as.rnn");
        again.saveAs(other);
        assertEquals(expected, read(other));
        assertEquals(other, again.file());
        assertEquals("saved-as.rnn", again.getPartName());
        assertEquals(expected, read(f));
    }

    @Test
    void problemsBecomeMarkersAndDecorationsAndGoAwayWhenFixed() throws Exception {
        IFile f = file("cycle.rnn", adderText());
        RnnEditor editor = open(f);
        assertTrue(markers(f).isEmpty(), "the adder is valid");
        Connection recurrent = editor.connection("hidden-hidden");
        assertNull(setProperty(editor, part(editor, recurrent), "Delay (steps)", "0"));

        List<IMarker> found = markers(f);
        assertEquals(1, found.size());
        assertEquals("hidden-hidden", found.get(0).getAttribute(MarkerUpdater.ELEMENT_ID));
        assertEquals(IMarker.SEVERITY_ERROR, found.get(0).getAttribute(IMarker.SEVERITY));
        assertTrue(found.get(0).getAttribute(IMarker.MESSAGE, "").contains("cycle with no delay"));
        ConnectionPart marked = (ConnectionPart) part(editor, recurrent);
        assertNotNull(marked.getFigure().getToolTip(), "the connection itself says what is wrong");

        // double-clicking the marker selects the element
        editor.getGraphicalViewer().deselectAll();
        IDE.gotoMarker(editor, found.get(0));
        assertEquals(List.of(marked), ((StructuredSelection) editor.getGraphicalViewer().getSelection()).toList());
        Ui.spin(display, 500);
        Ui.screenshot(page.getWorkbenchWindow().getShell(), "editor-problem-marked.png");

        editor.getCommandStack().undo();
        assertTrue(markers(f).isEmpty(), "the marker goes when the problem goes");
        assertNull(marked.getFigure().getToolTip());
    }

    @Test
    void unrolledViewDrawsTheCompiledPlanAndFollowsTheDiagram() throws Exception {
        RnnEditor editor = open(file("unrolled.rnn", adderText()));
        UnrolledView view = (UnrolledView) page.showView(UnrolledView.ID);
        page.activate(editor);
        Ui.spin(display, 200);
        assertNotNull(view.diagram(), view.message());
        Plan.Unrolled plan = Plan.compile(editor.document().model()).unroll(UnrolledView.DEFAULT_STEPS);
        assertEquals(plan.nodes().size(), view.diagram().nodeCount());
        assertEquals(3 * 4 + 2, view.diagram().nodeCount(), "3 groups x 4 steps and 2 initial states");
        assertEquals(3 * 4, view.diagram().edgeCount());

        view.setSteps(20);
        long start = System.nanoTime();
        view.setSteps(20);
        Ui.spin(display, 50);
        assertEquals(3 * 20 + 2, view.diagram().nodeCount());
        System.out.printf("unrolled binary adder at T = 20: %.1f ms%n", (System.nanoTime() - start) / 1e6);

        // a change in the diagram shows at once; an error replaces the picture with the reason
        Connection recurrent = editor.connection("hidden-hidden");
        assertNull(setProperty(editor, part(editor, recurrent), "Delay (steps)", "0"));
        assertNull(view.diagram());
        assertTrue(view.message().contains("cycle with no delay"), view.message());
        editor.getCommandStack().undo();
        view.setSteps(4);
        assertEquals(14, view.diagram().nodeCount());
        Ui.screenshot(page.getWorkbenchWindow().getShell(), "unrolled-view.png");
    }

    @Test
    void aBrokenFileOpensIntoAnErrorPageAndTheTextEditor() throws Exception {
        IFile f = file("broken.rnn", "{\n  \"format\": \"rnnstudio-model/1\",\n  \"groups\": [ { \"id\": \"a\" ]\n}\n");
        RnnEditor editor = open(f);
        assertNull(editor.document());
        assertNotNull(editor.errorPage());
        assertTrue(editor.errorPage().problemsText().contains("line 3, column"), editor.errorPage().problemsText());
        assertFalse(editor.isDirty());
        List<IMarker> found = markers(f);
        assertEquals(3, found.get(0).getAttribute(IMarker.LINE_NUMBER, -1));
        Ui.screenshot(page.getWorkbenchWindow().getShell(), "editor-error-page.png");
        editor.errorPage().openInTextEditor();
        Ui.spin(display, 200);
        assertFalse(page.getActiveEditor() instanceof RnnEditor, "the text editor took its place: " + page.getActiveEditor());
        assertEquals("{\n  \"format\": \"rnnstudio-model/1\",\n  \"groups\": [ { \"id\": \"a\" ]\n}\n", read(f), "the file is untouched");
    }

    @Test
    void aFileChangedOnDiskIsReloadedWhenNothingIsUnsaved() throws Exception {
        IFile f = file("changed.rnn", adderText());
        RnnEditor editor = open(f);
        String changed = adderText().replace("\"size\": 3,", "\"size\": 5,");
        f.setContents(new ByteArrayInputStream(changed.getBytes(StandardCharsets.UTF_8)), IResource.FORCE, null);
        assertTrue(Ui.waitUntil(display, 5000, () -> editor.group("hidden") != null && editor.group("hidden").size() == 5),
                "the editor shows the file's new content");
        assertFalse(editor.isDirty());
    }

    @Test
    void copyPasteAutoLayoutAndSelectAll() throws Exception {
        RnnEditor editor = open(file("copy.rnn", adderText()));
        editor.getGraphicalViewer().setSelection(new StructuredSelection(part(editor, editor.group("hidden"))));
        editor.getSite().getPage().activate(editor);
        runAction(editor, ActionFactory.COPY.getId());
        runAction(editor, ActionFactory.PASTE.getId());
        assertNotNull(editor.group("hidden2"), "the copy has a fresh id");
        assertEquals(editor.document().model().bounds().get("hidden").x() + 30, editor.document().model().bounds().get("hidden2").x());
        assertNotNull(editor.connection("hidden2-hidden2"), "the self-connection came along, renamed");
        assertEquals(4, editor.document().model().connections().size());

        runAction(editor, ActionFactory.SELECT_ALL.getId());
        assertEquals(4, ((StructuredSelection) editor.getGraphicalViewer().getSelection()).size());

        String before = ModelFile.write(editor.document().model());
        runAction(editor, AutoLayoutAction.ID);
        assertNotEquals(before, ModelFile.write(editor.document().model()));
        int inputY = editor.document().model().bounds().get("input").y();
        int outputY = editor.document().model().bounds().get("output").y();
        assertTrue(inputY > outputY, "inputs at the bottom, outputs at the top");
        editor.getCommandStack().undo();
        assertEquals(before, ModelFile.write(editor.document().model()), "auto layout undoes as one step");
    }

    private static void runAction(RnnEditor editor, String id) {
        WorkbenchFixture.runAction(editor, id);
    }

    @Test
    void theWizardCreatesEveryTemplateAndEachValidates() throws Exception {
        for (Templates template : Templates.values()) {
            NewModelWizard wizard = new NewModelWizard();
            wizard.init(PlatformUI.getWorkbench(), new StructuredSelection(project));
            WizardDialog dialog = new WizardDialog(page.getWorkbenchWindow().getShell(), wizard);
            dialog.create();
            wizard.filePage().setFileName(template.name().toLowerCase() + ".rnn");
            wizard.setTemplate(template);
            assertTrue(wizard.performFinish(), template.label());
            dialog.close();
            IFile f = project.getFile(template.name().toLowerCase() + ".rnn");
            assertTrue(f.exists());
            ModelFile.ReadResult read = ModelFile.read(read(f));
            assertEquals(List.of(), read.diagnostics());
            // the empty template is empty on purpose, and the validator says so
            List<String> expected = template == Templates.EMPTY ? List.of("warning: the model is empty: it has no groups to train or run") : List.of();
            assertEquals(expected, Validator.validate(read.model()).stream().map(Object::toString).toList(), template.label());
            assertTrue(page.getActiveEditor() instanceof RnnEditor, "the new model opens in the editor");
            if (template == Templates.LSTM) {
                RnnEditor editor = (RnnEditor) page.getActiveEditor();
                org.rnnstudio.ui.editor.parts.CellPart cell = (org.rnnstudio.ui.editor.parts.CellPart) part(editor,
                        editor.document().model().cell("memory"));
                assertFalse(cell.cellFigure().isOpen());
                cell.performRequest(new org.eclipse.gef.Request(RequestConstants.REQ_OPEN));
                assertTrue(cell.cellFigure().isOpen(), "a double click opens the cell");
                assertEquals(java.util.Set.of("keep", "write", "read", "candidate", "kept", "written", "cell", "squashed", "h"),
                        cell.cellFigure().partBoxes().keySet(), "the open cell shows its gates and parts");
                Ui.spin(display, 300);
                Ui.screenshot(page.getWorkbenchWindow().getShell(), "editor-lstm-cell-open.png");
            }
        }
        Plan adder = Plan.compile(ModelFile.read(read(project.getFile("binary_adder.rnn"))).model());
        Plan example = Plan.compile(ModelFile.read(adderText()).model());
        assertEquals(example.structureHash(), adder.structureHash(), "the template is the example's network");
    }

    /**
     * The echo-state example's reservoir opened in the editor: its fixed recurrent weights drawn as a sparse
     * picture, red dots for positive weights and blue for negative, about as many of each (uniform in [-1, 1]).
     * The screenshot is the one docs/echo-state.md shows.
     */
    @Test
    void theEchoStateExamplesReservoirOpensAsASparsePictureOfItsWeights() throws Exception {
        String text = Files.readString(Paths.get(System.getProperty("rnnstudio.examples"), "echo-state", "mackey-glass.rnn"));
        RnnEditor editor = open(file("mackey-glass.rnn", text));
        org.rnnstudio.ui.editor.parts.CellPart reservoir = (org.rnnstudio.ui.editor.parts.CellPart) part(editor,
                editor.document().model().cell("reservoir"));
        reservoir.performRequest(new org.eclipse.gef.Request(RequestConstants.REQ_OPEN));
        assertTrue(reservoir.cellFigure().isOpen(), "a double click opens the reservoir");
        // the editor maximised, so that the whole open cell is in the picture
        page.setPartState(page.getReference(editor), IWorkbenchPage.STATE_MAXIMIZED);
        Ui.spin(display, 300);
        Ui.screenshot(page.getWorkbenchWindow().getShell(), "editor-reservoir-open.png");
        org.eclipse.swt.graphics.ImageData canvas = Ui.capture((org.eclipse.swt.widgets.Scrollable) editor.getGraphicalViewer().getControl());
        int positive = 0;
        int negative = 0;
        for (int y = 0; y < canvas.height; y++) {
            for (int x = 0; x < canvas.width; x++) {
                org.eclipse.swt.graphics.RGB c = Ui.rgb(canvas, x, y);
                positive += c.red == 180 && c.green == 30 && c.blue == 30 ? 1 : 0;
                negative += c.red == 30 && c.green == 60 && c.blue == 180 ? 1 : 0;
            }
        }
        assertTrue(positive > 100 && negative > 100, "red and blue weight dots: " + positive + " and " + negative + " pixels");
        assertTrue(Math.abs(positive - negative) < 0.3 * (positive + negative), "as many positive as negative weights: " + positive + " and " + negative);
        page.setPartState(page.getReference(editor), IWorkbenchPage.STATE_RESTORED);
    }

    /**
     * The "done when": draw the lecture's binary adder from the palette, see it unrolled, save it;
     * the engine the command line runs validates and trains the saved file to add every 8-bit pair.
     */
    @Test
    void drawTheBinaryAdderSaveItAndTheEngineLearnsFromTheFile() throws Exception {
        IFile f = file("drawn-adder.rnn", "{\"format\": \"rnnstudio-model/1\", \"name\": \"drawn adder\"}");
        RnnEditor editor = open(f);
        CommandStack stack = editor.getCommandStack();
        EditPart diagram = editor.getGraphicalViewer().getContents();
        PaletteRoot palette = RnnPalette.create();
        List<Object> groups = entries(palette, "Unit groups");
        int[][] places = {{40, 300}, {40, 170}, {40, 40}};
        int[] entryIndex = {0, 2, 7};
        for (int i = 0; i < 3; i++) {
            CreateRequest request = new CreateRequest();
            request.setFactory((CreationFactory) ((CombinedTemplateCreationEntry) groups.get(entryIndex[i])).getTemplate());
            request.setLocation(new Point(places[i][0], places[i][1]));
            stack.execute(diagram.getCommand(request));
        }
        UnitGroup input = editor.group("input");
        UnitGroup hidden = editor.group("hidden");
        UnitGroup output = editor.group("output");
        CreationFactory recurrent = (CreationFactory) ((ConnectionCreationToolEntry) entries(palette, "Connections").get(3))
                .getToolProperty(CreationTool.PROPERTY_CREATION_FACTORY);
        stack.execute(connect(editor, recurrent, input, hidden));
        stack.execute(connect(editor, recurrent, hidden, hidden));
        stack.execute(connect(editor, recurrent, hidden, output));
        // the output's loss: logistic cross-entropy (index 2 of the loss choices); the hidden initial state: learned
        assertNull(setProperty(editor, part(editor, output), "Loss", 2));
        assertNull(setProperty(editor, part(editor, hidden), "Initial state", 2));
        assertEquals(UnitGroup.Loss.LOGISTIC_CROSS_ENTROPY, output.loss());
        assertTrue(editor.document().diagnostics().isEmpty(), "nothing for the Problems view: " + editor.document().diagnostics());

        UnrolledView view = (UnrolledView) page.showView(UnrolledView.ID);
        page.activate(editor);
        Ui.spin(display, 200);
        assertEquals(14, view.diagram().nodeCount(), "seen unrolled over 4 steps");
        editor.doSave(null);

        org.rnnstudio.model.Model saved = ModelFile.read(read(f)).model();
        assertEquals(List.of(), Validator.validate(saved), "validate accepts the saved file");
        Plan plan = Plan.compile(saved);
        org.rnnstudio.engine.Network network = new org.rnnstudio.engine.Network(plan);
        network.initialize(org.rnnstudio.model.Initialization.SMALL_UNIFORM, 1.0, 1);
        org.rnnstudio.engine.Trainer trainer = new org.rnnstudio.engine.Trainer(network);
        trainer.train(org.rnnstudio.engine.BinaryAdder.random(6, 1000, 1, "input", "output"),
                new org.rnnstudio.engine.Trainer.Settings(30, 16, 0.1, 0.9, false, 1, 0), new org.rnnstudio.engine.Trainer.Listener() { }, () -> false);
        double[] score = trainer.evaluate(org.rnnstudio.engine.BinaryAdder.all(8, "input", "output"), 4096);
        assertEquals(1.0, score[1], "the drawn adder, trained, adds all 65,536 8-bit pairs");
    }

    @Test
    void theBinaryAdderInTheEditor() throws Exception {
        RnnEditor editor = open(file("binary-adder.rnn", adderText()));
        page.showView(UnrolledView.ID);
        page.activate(editor);
        Ui.spin(display, 300);
        GroupPart hidden = (GroupPart) part(editor, editor.group("hidden"));
        assertEquals(3, hidden.groupFigure().unitsDrawn());
        assertNull(hidden.groupFigure().problem());
        assertSame(editor, page.getActiveEditor());
        // the README's picture: no problem anywhere, and the Problems view (it refreshes on its own
        // schedule) given time to drop the previous test's markers
        waitForMarkers();
        assertEquals(0, ResourcesPlugin.getWorkspace().getRoot().findMarkers(IMarker.PROBLEM, true, IResource.DEPTH_INFINITE).length);
        Ui.spin(display, 2000);
        Ui.screenshot(page.getWorkbenchWindow().getShell(), "editor-binary-adder.png");
    }
}
