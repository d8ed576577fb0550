package org.rnnstudio.ui.tests.workbench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.eclipse.core.commands.ParameterizedCommand;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.FileLocator;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Platform;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.IFileEditorInput;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.commands.ICommandService;
import org.eclipse.ui.handlers.IHandlerService;
import org.eclipse.ui.internal.cheatsheets.data.AbstractExecutable;
import org.eclipse.ui.internal.cheatsheets.data.AbstractSubItem;
import org.eclipse.ui.internal.cheatsheets.data.CheatSheet;
import org.eclipse.ui.internal.cheatsheets.data.CheatSheetCommand;
import org.eclipse.ui.internal.cheatsheets.data.CheatSheetParser;
import org.eclipse.ui.internal.cheatsheets.data.ICheatSheet;
import org.eclipse.ui.internal.cheatsheets.data.Item;
import org.eclipse.ui.internal.cheatsheets.data.SubItem;
import org.eclipse.ui.internal.cheatsheets.composite.model.CompositeCheatSheetModel;
import org.eclipse.ui.internal.cheatsheets.registry.CheatSheetElement;
import org.eclipse.ui.internal.cheatsheets.registry.CheatSheetRegistryReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rnnstudio.help.OpenExample;
import org.rnnstudio.help.Tour;
import org.rnnstudio.help.WelcomeView;
import org.rnnstudio.model.ModelFile;
import org.rnnstudio.model.Validator;
import org.rnnstudio.ui.tests.Ui;

/**
 * The lecture as a guided tour: every cheat sheet parses, names defined commands with their defined parameters,
 * and opens examples that exist and validate; the steps run; Help lists the RNN Studio book; Welcome offers the tour.
 */
class TourTest {

    private static final Path EXAMPLES = Paths.get(System.getProperty("rnnstudio.examples", "../../examples"));
    private static final String CHEAT_SHEET_VIEW = "org.eclipse.ui.cheatsheets.views.CheatSheetView";
    /** Commands the test does not run: training runs for minutes and Validate answers in a dialog. */
    private static final List<String> NOT_RUN = List.of("org.rnnstudio.ui.train", "org.rnnstudio.ui.validate");

    private IWorkbenchPage page;
    private Display display;

    @BeforeEach
    void setUp() {
        page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
        display = Display.getCurrent();
        page.getWorkbenchWindow().getShell().setSize(1600, 1000);
        assertTrue(Ui.waitUntil(display, 60_000, () -> OpenExample.file("binary-adder/binary-adder.rnn").exists()),
                "the examples project is imported on the first start");
    }

    @AfterEach
    void tearDown() {
        page.closeAllEditors(false);
    }

    private static ICheatSheet parse(String id, int kind) throws Exception {
        CheatSheetElement element = CheatSheetRegistryReader.getInstance().findCheatSheet(id);
        assertNotNull(element, id + " is registered");
        URL url = FileLocator.find(Platform.getBundle(element.getPluginId()), new org.eclipse.core.runtime.Path(element.getContentFile()));
        assertNotNull(url, id + ": " + element.getContentFile() + " is in the bundle");
        CheatSheetParser parser = new CheatSheetParser();
        ICheatSheet sheet = parser.parse(url, element.getPluginId(), kind);
        assertNotNull(sheet, id + " parses: " + parser.getStatus().getMessage());
        assertTrue(parser.getStatus().getSeverity() < IStatus.WARNING, id + ": " + parser.getStatus().getMessage());
        return sheet;
    }

    /** The commands of a sheet, item by item and sub-item by sub-item, in the order a person runs them. */
    private static List<String> commands(CheatSheet sheet) {
        List<String> out = new ArrayList<>();
        for (Item item : sheet.getItems()) {
            add(out, item.getExecutable());
            for (AbstractSubItem sub : item.getSubItems()) {
                add(out, ((SubItem) sub).getExecutable());
            }
        }
        return out;
    }

    private static void add(List<String> out, AbstractExecutable executable) {
        if (executable instanceof CheatSheetCommand command) {
            out.add(command.getSerialization());
        }
    }

    @Test
    void everySectionParsesItsCommandsAreDefinedAndItsExamplesValidate() throws Exception {
        ICommandService commands = PlatformUI.getWorkbench().getService(ICommandService.class);
        for (Tour.Section section : Tour.SECTIONS) {
            CheatSheet sheet = (CheatSheet) parse(section.id(), CheatSheetParser.SIMPLE_ONLY);
            assertEquals(section.title(), sheet.getTitle(), section.id());
            List<String> serializations = commands(sheet);
            assertFalse(serializations.isEmpty(), section.id() + " runs commands, not prose");
            int opened = 0;
            for (String serialization : serializations) {
                // deserialize refuses a command or a parameter id that is not defined
                ParameterizedCommand command = commands.deserialize(serialization);
                assertTrue(command.getCommand().isDefined(), serialization);
                String path = (String) command.getParameterMap().get(OpenExample.PATH);
                if (command.getId().equals(OpenExample.ID)) {
                    assertNotNull(path, serialization);
                    opened++;
                    Path source = EXAMPLES.resolve(path);
                    assertTrue(Files.isRegularFile(source), section.id() + " opens " + source + ", which must exist");
                    ModelFile.ReadResult read = ModelFile.read(source);
                    assertEquals(List.of(), read.diagnostics(), path);
                    assertFalse(Validator.hasErrors(Validator.validate(read.model())), path + " validates");
                    assertTrue(OpenExample.file(path).exists(), path + " is in the imported examples project");
                }
            }
            assertTrue(opened > 0, section.id() + " opens an example");
            assertTrue(serializations.size() > opened, section.id() + " trains or analyses what it opens");
        }
    }

    @Test
    void everySectionOfTheLectureHasASheetInTheLecturesOrder() {
        // the sections issue 18 names, in the order of the lecture's notes (/work/shared/seed): 7-1's models without
        // and with a hidden state and what RNNs can do, 7-2 training, 7-3 the adder, 7-4 why it is hard and the four
        // ways, 7-5's handwriting
        List<String> lecture = List.of("Memoryless models for sequences", "Linear dynamical systems",
                "Hidden Markov models and the log N limit", "What RNNs can do", "RNNs as feed-forward nets with shared weights",
                "Backpropagation with weight constraints and through time", "Giving inputs and targets",
                "A toy example: the binary adder", "Exploding and vanishing gradients", "Long short-term memory",
                "Hessian-free optimisation", "Echo state networks", "Good initialisation with momentum", "Reading cursive handwriting");
        assertEquals(lecture, Tour.SECTIONS.stream().map(Tour.Section::title).toList());
        List<String> registered = new ArrayList<>();
        collect(CheatSheetRegistryReader.getInstance().getCheatSheets(), registered);
        List<String> expected = new ArrayList<>(List.of(WelcomeView.TOUR));
        Tour.SECTIONS.forEach(section -> expected.add(section.id()));
        assertEquals(expected.stream().sorted().toList(), registered.stream().sorted().toList(),
                "every registered sheet of the lecture is a section of the tour");
    }

    /** The ids of the cheat sheets RNN Studio registers, in every category. */
    private static void collect(org.eclipse.ui.internal.cheatsheets.registry.CheatSheetCollectionElement category, List<String> out) {
        for (Object sheet : category.getCheatSheets()) {
            String id = ((CheatSheetElement) sheet).getID();
            if (id.startsWith("org.rnnstudio.")) {
                out.add(id);
            }
        }
        for (Object child : category.getChildren()) {
            collect((org.eclipse.ui.internal.cheatsheets.registry.CheatSheetCollectionElement) child, out);
        }
    }

    @Test
    void theWholeLectureWalksEverySectionInOrder() throws Exception {
        CompositeCheatSheetModel tour = (CompositeCheatSheetModel) parse(WelcomeView.TOUR, CheatSheetParser.COMPOSITE_ONLY);
        List<String> ids = Arrays.stream(tour.getRootTask().getSubtasks()).map(t -> t.getParameters().get("id")).toList();
        assertEquals(Tour.SECTIONS.stream().map(Tour.Section::id).toList(), ids);
    }

    @Test
    void eachStepDoesWhatItSays() throws Exception {
        ICommandService commands = PlatformUI.getWorkbench().getService(ICommandService.class);
        IHandlerService handlers = PlatformUI.getWorkbench().getService(IHandlerService.class);
        for (Tour.Section section : Tour.SECTIONS) {
            for (String serialization : commands((CheatSheet) parse(section.id(), CheatSheetParser.SIMPLE_ONLY))) {
                ParameterizedCommand command = commands.deserialize(serialization);
                if (NOT_RUN.contains(command.getId())) {
                    assertTrue(command.getCommand().isHandled(), section.id() + ": " + serialization + " has a handler on the example it opened");
                    continue;
                }
                handlers.executeCommand(command, null);
                Ui.spin(display, 50);
                String path = (String) command.getParameterMap().get(OpenExample.PATH);
                if (path != null) {
                    IEditorPart editor = page.getActiveEditor();
                    IFile file = ((IFileEditorInput) editor.getEditorInput()).getFile();
                    assertEquals(OpenExample.file(path), file, serialization);
                }
                Object view = command.getParameterMap().get("org.eclipse.ui.views.showView.viewId");
                if (view != null) {
                    assertNotNull(page.findView((String) view), serialization);
                }
            }
        }
        Ui.screenshot(page.getWorkbenchWindow().getShell(), "tour-steps-run.png");
    }

    @Test
    void anExampleTheWorkspaceLacksIsRefusedWithItsPath() throws Exception {
        ICommandService commands = PlatformUI.getWorkbench().getService(ICommandService.class);
        IHandlerService handlers = PlatformUI.getWorkbench().getService(IHandlerService.class);
        ParameterizedCommand command = commands.deserialize(OpenExample.ID + "(" + OpenExample.PATH + "=no-such/model.rnn)");
        Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> handlers.executeCommand(command, null));
        assertTrue(e.getMessage().contains("/examples/no-such/model.rnn"), e.getMessage());
    }

    /** A page of the book as the help server reads it: HelpSystem.getHelpContent needs Help Base, not in the product. */
    private static InputStream helpPage(String href) throws java.io.IOException {
        String prefix = "/org.rnnstudio.help/";
        assertTrue(href.startsWith(prefix), href + " is in the help bundle");
        URL url = FileLocator.find(Platform.getBundle("org.rnnstudio.help"), new org.eclipse.core.runtime.Path(href.substring(prefix.length())));
        assertNotNull(url, href + " is in the help bundle");
        return url.openStream();
    }

    @Test
    void theLecturePageHasASectionForEveryCheatSheet() throws Exception {
        try (InputStream in = helpPage("/org.rnnstudio.help/html/lecture.html")) {
            String html = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            for (Tour.Section section : Tour.SECTIONS) {
                assertTrue(html.contains(section.id()), section.id() + " is described on the lecture page");
            }
        }
    }

    @Test
    void welcomeOffersTheTourAndStartsIt() throws Exception {
        WelcomeView welcome = (WelcomeView) page.showView(WelcomeView.ID);
        assertTrue(welcome.startLink().getText().contains("Start the tour"), welcome.startLink().getText());
        Ui.screenshot(page.getWorkbenchWindow().getShell(), "tour-welcome.png");
        Event click = new Event();
        click.text = WelcomeView.TOUR;
        welcome.startLink().notifyListeners(SWT.Selection, click);
        Ui.spin(display, 300);
        org.eclipse.ui.IViewPart sheets = page.findView(CHEAT_SHEET_VIEW);
        assertTrue(sheets instanceof org.eclipse.ui.internal.cheatsheets.views.CheatSheetView, "clicking Start the tour opens the cheat sheet, not an error part: " + sheets);
        assertEquals(WelcomeView.TOUR, ((org.eclipse.ui.internal.cheatsheets.views.CheatSheetView) sheets).getCheatSheetViewer().getCheatSheetID());
        Ui.screenshot(page.getWorkbenchWindow().getShell(), "tour-started.png");
        assertTrue(ResourcesPlugin.getWorkspace().getRoot().getProject(OpenExample.PROJECT).exists());
    }
}
