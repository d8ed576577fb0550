import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.commonmark.Extension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.ext.heading.anchor.HeadingAnchorExtension;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Code;
import org.commonmark.node.Heading;
import org.commonmark.node.Image;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * The help book's pages, made from the product's docs at build time so that docs/*.md stay the one source:
 * each page becomes BOOK/docs/NAME.html, a link to another page points to its HTML, and every other file a page
 * links to or shows (pictures, the schema, an example model) is copied to the same place relative to it.
 * Run by the help bundle's build with commonmark-java on the class path: java DocsToHtml.java DOCS BOOK
 */
public class DocsToHtml {

    private static final Pattern PAGE_LINK = Pattern.compile("^([\\w.-]+)\\.md(#.*)?$");
    private static final Pattern EXTERNAL = Pattern.compile("^[a-z][a-z0-9+.-]*:.*", Pattern.CASE_INSENSITIVE);
    private static final String STYLE = "body{font-family:sans-serif;max-width:60em;margin:1em}"
            + "table{border-collapse:collapse}td,th{border:1px solid #bbb;padding:2px 6px}"
            + "pre,code{background:#f3f3f3}pre{padding:6px;overflow:auto}img{max-width:100%}";

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: java DocsToHtml.java DOCS_FOLDER BOOK_FOLDER");
            System.exit(1);
        }
        Path docs = Paths.get(args[0]).toAbsolutePath().normalize();
        Path book = Paths.get(args[1]).toAbsolutePath().normalize();
        Path repo = docs.getParent();
        List<Extension> extensions = List.of(TablesExtension.create(), HeadingAnchorExtension.create());
        Parser parser = Parser.builder().extensions(extensions).build();
        HtmlRenderer renderer = HtmlRenderer.builder().extensions(extensions).build();
        List<Path> pages;
        try (Stream<Path> files = Files.list(docs)) {
            pages = files.filter(p -> p.getFileName().toString().endsWith(".md")).sorted().toList();
        }
        Set<Path> attachments = new TreeSet<>();
        for (Path page : pages) {
            Node document = parser.parse(Files.readString(page, StandardCharsets.UTF_8));
            document.accept(new AbstractVisitor() {
                @Override
                public void visit(Link link) {
                    link.setDestination(target(link.getDestination(), page, repo, attachments));
                    visitChildren(link);
                }

                @Override
                public void visit(Image image) {
                    image.setDestination(target(image.getDestination(), page, repo, attachments));
                }
            });
            String name = page.getFileName().toString();
            Path out = book.resolve("docs").resolve(name.substring(0, name.length() - ".md".length()) + ".html");
            Files.createDirectories(out.getParent());
            String html = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"UTF-8\"><title>" + escape(title(document, name))
                    + "</title><style>" + STYLE + "</style></head>\n<body>\n" + renderer.render(document) + "</body></html>\n";
            Files.writeString(out, html, StandardCharsets.UTF_8);
        }
        for (Path file : attachments) {
            Path out = book.resolve(repo.relativize(file));
            Files.createDirectories(out.getParent());
            Files.copy(file, out, StandardCopyOption.REPLACE_EXISTING);
        }
        System.out.println("help book: " + pages.size() + " pages and " + attachments.size() + " files they show or link, in " + book);
    }

    /** Where a link of the page points in the book; a file it names is remembered to be copied beside the pages. */
    private static String target(String destination, Path page, Path repo, Set<Path> attachments) {
        if (destination.isEmpty() || destination.startsWith("#") || EXTERNAL.matcher(destination).matches()) {
            return destination;
        }
        Matcher other = PAGE_LINK.matcher(destination);
        if (other.matches()) {
            return other.group(1) + ".html" + (other.group(2) == null ? "" : other.group(2));
        }
        int hash = destination.indexOf('#');
        Path file = page.getParent().resolve(hash < 0 ? destination : destination.substring(0, hash)).normalize();
        if (!file.startsWith(repo) || !Files.isRegularFile(file)) {
            throw new UncheckedIOException(new IOException(page + ": the link " + destination + " names no file of the repository"));
        }
        attachments.add(file);
        return destination;
    }

    private static String title(Node document, String fallback) {
        for (Node n = document.getFirstChild(); n != null; n = n.getNext()) {
            if (n instanceof Heading h && h.getLevel() == 1) {
                StringBuilder words = new StringBuilder();
                h.accept(new AbstractVisitor() {
                    @Override
                    public void visit(Text text) {
                        words.append(text.getLiteral());
                    }

                    @Override
                    public void visit(Code code) {
                        words.append(code.getLiteral());
                    }
                });
                return words.toString().trim();
            }
        }
        return fallback;
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
