package org.rnnstudio.ui.tests.workbench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.eclipse.core.runtime.Platform;
import org.eclipse.e4.ui.model.application.ui.basic.MPart;
import org.eclipse.help.HelpSystem;
import org.eclipse.help.IContext;
import org.eclipse.help.IHelpResource;
import org.eclipse.help.IToc;
import org.eclipse.help.ITopic;
import org.eclipse.swt.custom.CLabel;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchPart;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.ide.IDE;
import org.eclipse.ui.views.IViewDescriptor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.rnnstudio.help.OpenExample;
import org.rnnstudio.ui.tests.Ui;

/**
 * The RNN Studio book in Help: its pages are the product's docs, made into HTML at build time, every topic and
 * link is there, and F1 anywhere in the editor or one of the studio's views finds a context whose topics exist.
 */
class HelpBookTest {

    private static final String HELP = "org.rnnstudio.help";
    /** Where the workbench keeps a control's help context (WorkbenchHelpSystem.setHelp). */
    private static final String HELP_KEY = "org.eclipse.ui.help";
    private static final Path DOCS = Paths.get(System.getProperty("rnnstudio.examples", "../../examples")).resolveSibling("docs");
    private static final Pattern LINK = Pattern.compile("(?:href|src)=\"([^\"]*)\"");

    private IWorkbenchPage page;
    private Display display;

    @AfterEach
    void tearDown() {
        if (page != null) {
            page.closeAllEditors(false);
        }
    }

    private static Bundle bundle() {
        return Platform.getBundle(HELP);
    }

    /** A file of the help bundle by its path inside it, or null. */
    private static String read(String path) throws IOException {
        URL url = bundle().getEntry(path);
        if (url == null) {
            return null;
        }
        try (InputStream in = url.openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Asserts that an href of the book (a path in the help bundle, maybe with #anchor) names a page and an id in it. */
    private static void assertResolves(String where, String path, String anchor) throws IOException {
        String html = read(path);
        assertNotNull(html, where + ": " + path + " is in the help bundle");
        if (anchor != null) {
            assertTrue(html.contains("id=\"" + anchor + "\""), where + ": " + path + " has the section #" + anchor);
        }
    }

    private static void assertHelpHrefResolves(String where, String href) throws IOException {
        String prefix = "/" + HELP + "/";
        assertTrue(href.startsWith(prefix), where + ": " + href + " is in the help bundle");
        int hash = href.indexOf('#');
        assertResolves(where, hash < 0 ? href.substring(prefix.length()) : href.substring(prefix.length(), hash),
                hash < 0 ? null : href.substring(hash + 1));
    }

    private static IToc book() {
        IToc book = Arrays.stream(HelpSystem.getTocs()).filter(t -> "RNN Studio".equals(t.getLabel())).findFirst().orElse(null);
        assertNotNull(book, "Help Contents lists the RNN Studio book");
        return book;
    }

    private static void hrefs(ITopic[] topics, List<String> out) {
        for (ITopic topic : topics) {
            out.add(topic.getHref());
            hrefs(topic.getSubtopics(), out);
        }
    }

    @Test
    void theBookHoldsEveryDocsPageAndEveryTopicIsThere() throws Exception {
        IToc book = book();
        List<String> hrefs = new ArrayList<>(List.of(book.getTopic(null).getHref()));
        hrefs(book.getTopics(), hrefs);
        for (String href : hrefs) {
            assertHelpHrefResolves("toc", href);
        }
        List<Path> docs;
        try (Stream<Path> files = Files.list(DOCS)) {
            docs = files.filter(p -> p.toString().endsWith(".md")).sorted().toList();
        }
        assertTrue(docs.size() >= 10, "the product's docs are found at " + DOCS + ": " + docs);
        for (Path md : docs) {
            String name = md.getFileName().toString().replaceFirst("\\.md$", "");
            String href = "/" + HELP + "/book/docs/" + name + ".html";
            assertTrue(hrefs.contains(href), "the toc links " + md.getFileName() + " as " + href);
            String firstLine = Files.readAllLines(md).get(0);
            String html = read("book/docs/" + name + ".html");
            // the heading's words, without Markdown's code marks: the page is this Markdown file made into HTML
            String title = firstLine.replaceFirst("^# ", "").replace("`", "");
            assertTrue(html.contains("<title>" + title.replace("&", "&amp;") + "</title>"), name + ".html is made from " + md + ": " + title);
        }
        String benchmarks = read("book/docs/benchmarks.html");
        assertTrue(benchmarks.contains("<table>") && benchmarks.contains("<th>"), "the docs' tables are HTML tables");
    }

    @Test
    void everyLinkAndPictureInTheBookResolves() throws Exception {
        Set<String> pages = new TreeSet<>();
        for (String folder : List.of("html", "book/docs")) {
            for (URL url : Collections.list(bundle().findEntries(folder, "*.html", false))) {
                pages.add(url.getPath().substring(1));
            }
        }
        assertTrue(pages.size() > 15, pages.toString());
        int links = 0;
        for (String path : pages) {
            Matcher m = LINK.matcher(read(path));
            while (m.find()) {
                String link = m.group(1);
                if (link.matches("^[a-z][a-z0-9+.-]*:.*")) {
                    continue;
                }
                links++;
                int hash = link.indexOf('#');
                String file = hash < 0 ? link : link.substring(0, hash);
                String target = file.isEmpty() ? path : Paths.get(path).resolveSibling(file).normalize().toString();
                assertResolvesOrIsAFile(path + " links " + link, target, hash < 0 ? null : link.substring(hash + 1));
            }
        }
        assertTrue(links > 50, "links checked: " + links);
    }

    private static void assertResolvesOrIsAFile(String where, String target, String anchor) throws IOException {
        if (target.endsWith(".html")) {
            assertResolves(where, target, anchor);
        } else {
            assertNotNull(bundle().getEntry(target), where + ": " + target + " is in the help bundle");
        }
    }

    @Test
    void f1InTheEditorAndInEveryViewOfTheStudioFindsItsHelp() throws Exception {
        List<String> views = Arrays.stream(PlatformUI.getWorkbench().getViewRegistry().getViews()).map(IViewDescriptor::getId)
                .filter(id -> id.startsWith("org.rnnstudio.")).sorted().toList();
        assertTrue(views.size() >= 10, views.toString());
        page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
        display = Display.getCurrent();
        assertTrue(Ui.waitUntil(display, 60_000, () -> OpenExample.file("binary-adder/binary-adder.rnn").exists()), "the examples are imported");
        IDE.openEditor(page, OpenExample.file("binary-adder/binary-adder.rnn"), true);
        List<String> checked = new ArrayList<>();
        checked.add(assertEveryControlHasHelp(page.getActiveEditor()));
        for (String id : views) {
            checked.add(assertEveryControlHasHelp(page.showView(id)));
        }
        assertEquals(checked.size(), new TreeSet<>(checked).size(), "each part has its own help: " + checked);
        Ui.screenshot(page.getWorkbenchWindow().getShell(), "help-every-view-open.png");
    }

    /**
     * The context F1 finds from every control of the part that can have the keyboard focus (SWT asks the control
     * with focus, then its parents); labels, such as the header the workbench puts above a view, never have it.
     */
    private String assertEveryControlHasHelp(IWorkbenchPart part) throws IOException {
        Ui.spin(display, 50);
        Composite root = (Composite) part.getSite().getService(MPart.class).getWidget();
        List<Control> leaves = new ArrayList<>();
        leaves(root, leaves);
        assertFalse(leaves.isEmpty(), part.getTitle());
        Set<String> found = new TreeSet<>();
        for (Control leaf : leaves) {
            if (leaf instanceof Label || leaf instanceof CLabel) {
                continue;
            }
            String context = null;
            for (Control c = leaf; c != null && context == null; c = c == root ? null : c.getParent()) {
                context = (String) c.getData(HELP_KEY);
            }
            assertNotNull(context, part.getTitle() + ": F1 on " + leaf + " finds no help");
            found.add(context);
        }
        assertEquals(1, found.size(), part.getTitle() + ": one context for the whole part: " + found);
        String id = found.iterator().next();
        assertTrue(id.startsWith(HELP + "."), id);
        IContext context = HelpSystem.getContext(id);
        assertNotNull(context, part.getTitle() + ": " + id + " is in contexts.xml");
        assertFalse(context.getText().isBlank(), id);
        IHelpResource[] topics = context.getRelatedTopics();
        assertTrue(topics.length > 0, id + " points to a help page");
        for (IHelpResource topic : topics) {
            assertHelpHrefResolves(id, topic.getHref());
        }
        return id;
    }

    private static void leaves(Control control, List<Control> out) {
        if (control instanceof Composite c && c.getChildren().length > 0) {
            for (Control child : c.getChildren()) {
                leaves(child, out);
            }
        } else {
            out.add(control);
        }
    }
}
