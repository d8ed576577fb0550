package org.rnnstudio.ui.tests.workbench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import org.eclipse.core.commands.Command;
import org.eclipse.help.internal.base.BaseHelpSystem;
import org.eclipse.help.internal.server.WebappManager;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.commands.ICommandService;
import org.junit.jupiter.api.Test;
import org.rnnstudio.ui.tests.Ui;

/**
 * Help > Help Contents: the product has a help UI and its help server, which serves the RNN Studio book (the
 * frameset Help Contents opens, the table of contents, a page) and searches it.
 */
class HelpContentsTest {

    private static final String HELP_VIEW = "org.eclipse.help.ui.HelpView";

    /** What the help server answers at a path under /help, read within a bounded time. */
    private static String get(String path) throws IOException {
        assertTrue(BaseHelpSystem.ensureWebappRunning(), "the help server starts");
        URI uri = URI.create("http://" + WebappManager.getHost() + ":" + WebappManager.getPort() + "/help" + path);
        HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
        connection.setConnectTimeout(10_000);
        connection.setReadTimeout(120_000);
        assertEquals(200, connection.getResponseCode(), uri.toString());
        try (InputStream in = connection.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void helpContentsIsThereAndHandled() {
        assertTrue(PlatformUI.getWorkbench().getHelpSystem().hasHelpUI(), "the product has a help UI");
        Command contents = PlatformUI.getWorkbench().getService(ICommandService.class).getCommand("org.eclipse.ui.help.helpContents");
        assertTrue(contents.isDefined() && contents.isHandled(), "Help > Help Contents has a handler");
    }

    @Test
    void helpContentsOpensTheRnnStudioBook() throws Exception {
        String frameset = get("/index.jsp");
        assertTrue(frameset.contains("<html") || frameset.contains("<HTML"), frameset);
        String tocs = get("/toc");
        assertTrue(tocs.contains("label=\"RNN Studio\""), "the contents list the RNN Studio book: " + tocs.substring(0, Math.min(2000, tocs.length())));
        String page = get("/topic/org.rnnstudio.help/book/docs/hessian-free.html");
        assertTrue(page.contains("<h1") && page.contains("Hessian-free"), page.substring(0, Math.min(500, page.length())));
    }

    @Test
    void searchFindsTheBooksPages() throws Exception {
        // a word of the docs that no Eclipse book has: the search must have indexed the pages made from docs/*.md
        String hits = get("/search?phrase=" + URLEncoder.encode("Baum-Welch", StandardCharsets.UTF_8));
        assertTrue(hits.contains("/org.rnnstudio.help/book/docs/capacity.html"), "searching finds the log N page: " + hits);
        String kalman = get("/search?phrase=Kalman");
        assertTrue(kalman.contains("/org.rnnstudio.help/html/lecture.html"), "and the lecture's page: " + kalman);
    }

    @Test
    void helpSearchAndF1ShowTheBookInTheHelpView() throws Exception {
        IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
        Display display = Display.getCurrent();
        page.getWorkbenchWindow().getShell().setSize(1600, 1000);
        PlatformUI.getWorkbench().getHelpSystem().search("Kalman");
        assertTrue(Ui.waitUntil(display, 30_000, () -> page.findView(HELP_VIEW) != null), "Help > Search shows the Help view");
        Ui.spin(display, 3000);
        Ui.screenshot(page.getWorkbenchWindow().getShell(), "help-search-kalman.png");
        page.showView("org.rnnstudio.ui.training");
        PlatformUI.getWorkbench().getHelpSystem().displayHelp("org.rnnstudio.help.training");
        Ui.spin(display, 1000);
        assertTrue(page.findView(HELP_VIEW) != null, "F1 shows the context in the Help view");
        Ui.screenshot(page.getWorkbenchWindow().getShell(), "help-f1-training.png");
        page.hideView(page.findView(HELP_VIEW));
    }
}
