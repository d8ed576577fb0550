package org.rnnstudio.ui.tests.workbench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.eclipse.core.commands.Command;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Menu;
import org.eclipse.swt.widgets.MenuItem;
import org.eclipse.swt.widgets.ToolBar;
import org.eclipse.swt.widgets.ToolItem;
import org.eclipse.ui.IPageLayout;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.commands.ICommandImageService;
import org.eclipse.ui.commands.ICommandService;
import org.eclipse.ui.handlers.IHandlerService;
import org.eclipse.ui.navigator.CommonNavigator;
import org.junit.jupiter.api.Test;
import org.rnnstudio.engine.RunHistory;
import org.rnnstudio.ui.editor.RnnEditor;
import org.rnnstudio.ui.tests.Ui;
import org.rnnstudio.ui.training.TrainingJob;

/** The studio's commands as Eclipse users find them: with icons, plain tooltips, and on a .rnn file's context menu. */
class StudioCommandsTest extends WorkbenchFixture {

    @Override
    String projectName() {
        return "commands-test";
    }

    private static String adder(int epochs) throws Exception {
        return Files.readString(Paths.get(System.getProperty("rnnstudio.examples"), "binary-adder", "binary-adder.rnn"))
                .replace("\"epochs\": 30,", "\"epochs\": " + epochs + ",");
    }

    @Test
    void everyCommandHasAnIconAndADisabledOne() throws Exception {
        ICommandService commands = PlatformUI.getWorkbench().getService(ICommandService.class);
        ICommandImageService images = PlatformUI.getWorkbench().getService(ICommandImageService.class);
        List<String> ours = new ArrayList<>();
        for (Command c : commands.getDefinedCommands()) {
            if (c.getCategory() != null && "org.rnnstudio.ui.commands".equals(c.getCategory().getId())) {
                ours.add(c.getId());
            }
        }
        assertTrue(ours.size() >= 12, "the studio's commands: " + ours);
        for (String id : ours) {
            assertNotNull(images.getImageDescriptor(id), id + " has an icon");
            assertNotNull(images.getImageDescriptor(id, ICommandImageService.TYPE_DISABLED), id + " has a disabled icon");
            assertNotNull(images.getImageDescriptor(id).createImage(false), id + "'s icon loads");
        }
    }

    @Test
    void toolbarTooltipsNameTheActionAndTheShortcutOnce() throws Exception {
        open("binary-adder.rnn", adder(5));
        Ui.spin(display, 300);
        List<String> tips = new ArrayList<>();
        collect(page.getWorkbenchWindow().getShell(), tips);
        String train = tips.stream().filter(t -> t.startsWith("Train the active model")).findFirst().orElse(null);
        assertNotNull(train, "the toolbar has Train: " + tips);
        assertEquals(1, train.split("F11", -1).length - 1, "the shortcut once: " + train);
        String stop = tips.stream().filter(t -> t.startsWith("Stop every running training")).findFirst().orElse(null);
        assertNotNull(stop, "the toolbar has Stop: " + tips);
        assertEquals(1, stop.split("F2", -1).length - 1, "the shortcut once: " + stop);
        assertTrue(tips.stream().anyMatch(t -> t.startsWith("Evaluate the active model")), "Evaluate is on the toolbar: " + tips);
        Ui.screenshot(page.getWorkbenchWindow().getShell(), "studio-toolbar.png");
    }

    /** The labels of a menu's items, without mnemonics and key bindings. */
    private static List<String> texts(Menu menu) {
        List<String> texts = new ArrayList<>();
        for (MenuItem item : menu.getItems()) {
            String text = item.getText().replace("&", "");
            int tab = text.indexOf('\t');
            texts.add(tab < 0 ? text : text.substring(0, tab));
        }
        return texts;
    }

    private static void collect(Control c, List<String> tips) {
        if (c instanceof ToolBar bar) {
            for (ToolItem item : bar.getItems()) {
                if (item.getToolTipText() != null) {
                    tips.add(item.getToolTipText());
                }
            }
        }
        if (c instanceof org.eclipse.swt.widgets.Composite composite) {
            for (Control child : composite.getChildren()) {
                collect(child, tips);
            }
        }
    }

    @Test
    void aModelFileInProjectExplorerHasTheStudioCommandsAndTrainsFromThere() throws Exception {
        IFile file = project.getFile("binary-adder.rnn");
        file.create(new ByteArrayInputStream(adder(5).getBytes(StandardCharsets.UTF_8)), true, null);
        CommonNavigator explorer = (CommonNavigator) page.showView(IPageLayout.ID_PROJECT_EXPLORER);
        explorer.selectReveal(new StructuredSelection(file));
        page.activate(explorer);
        Ui.spin(display, 300);

        Menu context = explorer.getCommonViewer().getTree().getMenu();
        assertNotNull(context, "Project Explorer has a context menu");
        context.notifyListeners(SWT.Show, new Event());
        Ui.spin(display, 200);
        MenuItem studio = Arrays.stream(context.getItems()).filter(i -> i.getText().replace("&", "").equals("RNN Studio")).findFirst().orElse(null);
        assertNotNull(studio, "the context menu has RNN Studio: " + texts(context));
        studio.getMenu().notifyListeners(SWT.Show, new Event());
        Ui.spin(display, 200);
        List<String> entries = texts(studio.getMenu());
        for (String label : new String[] {"Train", "Continue Training", "Validate", "Export...", "Show Unrolled"}) {
            assertTrue(entries.contains(label), label + " is on the .rnn file's context menu: " + entries);
        }
        studio.getMenu().notifyListeners(SWT.Hide, new Event());
        context.notifyListeners(SWT.Hide, new Event());

        PlatformUI.getWorkbench().getService(IHandlerService.class).executeCommand("org.rnnstudio.ui.train", null);
        assertTrue(page.getActiveEditor() instanceof RnnEditor e && file.equals(e.file()), "the file opened in the diagram editor");
        assertTrue(Ui.waitUntil(display, 120_000, () -> Job.getJobManager().find(TrainingJob.FAMILY).length == 0), "training ends");
        Ui.spin(display, 300);
        assertTrue(project.getFile("binary-adder.weights.json").exists(), "the selected file was trained");
        List<RunHistory.Run> runs = RunHistory.list(file.getLocation().toFile().toPath());
        assertEquals(1, runs.size(), "the run is kept in the history");
        assertEquals(5, runs.get(0).metrics().size(), "with its metrics, one row per epoch");
        assertTrue(project.getFolder("binary-adder.runs").exists(), "and the workspace knows the history");
    }
}
