package org.rnnstudio.ui.training;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.function.Supplier;

import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.swt.SWT;
import org.eclipse.swt.dnd.Clipboard;
import org.eclipse.swt.dnd.ImageTransfer;
import org.eclipse.swt.dnd.Transfer;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.ImageLoader;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Menu;
import org.eclipse.swt.widgets.MenuItem;
import org.eclipse.swtchart.Chart;
import org.eclipse.swtchart.ISeries;

/**
 * The context menu every chart and picture of the inspection views shares: copy the picture, save it as
 * PNG, and export the numbers behind it as CSV, so that a figure or its data can go into a report.
 */
public final class ChartMenus {

    public static final String COPY = "&Copy Image";
    public static final String SAVE_PNG = "Save as &PNG...";
    public static final String EXPORT_CSV = "&Export Numbers as CSV...";

    private ChartMenus() {
    }

    /** A chart's menu, on the chart and on its plot area (which takes the clicks); the numbers are its visible series. */
    public static void attach(Chart chart) {
        attach(chart, () -> csv(chart));
    }

    /** A chart whose numbers are better written otherwise than as its series (say, before a log is taken). */
    public static void attach(Chart chart, Supplier<String> csv) {
        Menu menu = menu(chart, csv);
        chart.setMenu(menu);
        chart.getPlotArea().getControl().setMenu(menu);
    }

    /** A picture's menu: what it shows, and its numbers as the view writes them. */
    public static void attach(Control picture, Supplier<String> csv) {
        picture.setMenu(menu(picture, csv));
    }

    private static Menu menu(Control picture, Supplier<String> csv) {
        Menu menu = new Menu(picture);
        item(menu, COPY, () -> copy(picture));
        item(menu, SAVE_PNG, () -> {
            Path to = ask(picture, "*.png", "picture.png");
            if (to != null) {
                write(picture, to, () -> {
                    ImageLoader loader = new ImageLoader();
                    loader.data = new ImageData[] {image(picture)};
                    loader.save(to.toString(), SWT.IMAGE_PNG);
                });
            }
        });
        new MenuItem(menu, SWT.SEPARATOR);
        item(menu, EXPORT_CSV, () -> {
            Path to = ask(picture, "*.csv", "numbers.csv");
            if (to != null) {
                write(picture, to, () -> {
                    Path partial = to.resolveSibling(to.getFileName() + ".part");
                    Files.writeString(partial, csv.get(), StandardCharsets.UTF_8);
                    Files.move(partial, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                });
            }
        });
        return menu;
    }

    private static void item(Menu menu, String text, Runnable action) {
        MenuItem item = new MenuItem(menu, SWT.PUSH);
        item.setText(text);
        item.addListener(SWT.Selection, e -> action.run());
    }

    /** The picture as it is drawn now, at its size on screen. */
    public static ImageData image(Control picture) {
        Point size = picture.getSize();
        Image image = new Image(picture.getDisplay(), Math.max(1, size.x), Math.max(1, size.y));
        GC gc = new GC(image);
        try {
            picture.print(gc);
            return image.getImageData();
        } finally {
            gc.dispose();
            image.dispose();
        }
    }

    private static void copy(Control picture) {
        Clipboard clipboard = new Clipboard(picture.getDisplay());
        try {
            clipboard.setContents(new Object[] {image(picture)}, new Transfer[] {ImageTransfer.getInstance()});
        } finally {
            clipboard.dispose();
        }
    }

    /** The visible series of a chart, one row per point: series, x, y. */
    public static String csv(Chart chart) {
        StringBuilder out = new StringBuilder("series,x,y\n");
        for (ISeries<?> s : chart.getSeriesSet().getSeries()) {
            if (!s.isVisible()) {
                continue;
            }
            double[] x = s.getXSeries();
            double[] y = s.getYSeries();
            String name = s.getDescription() == null ? s.getId() : s.getDescription();
            for (int i = 0; i < y.length; i++) {
                out.append('"').append(name.replace("\"", "\"\"")).append('"')
                        .append(String.format(Locale.ROOT, ",%s,%s%n", i < x.length ? x[i] : i, y[i]));
            }
        }
        return out.toString();
    }

    private interface Writing {
        void run() throws IOException;
    }

    private static Path ask(Control picture, String extension, String name) {
        FileDialog dialog = new FileDialog(picture.getShell(), SWT.SAVE);
        dialog.setFilterExtensions(new String[] {extension});
        dialog.setFileName(name);
        dialog.setOverwrite(true);
        String chosen = dialog.open();
        return chosen == null ? null : Path.of(chosen);
    }

    private static void write(Control picture, Path to, Writing writing) {
        try {
            writing.run();
        } catch (IOException | RuntimeException e) {
            MessageDialog.openError(picture.getShell(), "Cannot write " + to.getFileName(), to + ": " + e.getMessage());
        }
    }
}
