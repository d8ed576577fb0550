package org.rnnstudio.ui.training;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.text.DecimalFormat;
import java.text.Format;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.swt.SWT;
import org.eclipse.swt.dnd.Clipboard;
import org.eclipse.swt.dnd.ImageTransfer;
import org.eclipse.swt.dnd.Transfer;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.ImageLoader;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Menu;
import org.eclipse.swt.widgets.MenuItem;
import org.eclipse.swtchart.Chart;
import org.eclipse.swtchart.IAxis;
import org.eclipse.swtchart.ILineSeries;
import org.eclipse.swtchart.ISeries;
import org.eclipse.swtchart.LineStyle;

/**
 * The context menu every chart and picture of the inspection views shares: copy the picture, save it as
 * PNG or SVG, and export the numbers behind it as CSV, so that a figure or its data can go into a report.
 * A chart's SVG is written from its data (axes, ticks, grid, series, legend) at the places SWTChart draws
 * them; a picture's SVG is its own paint routine drawn through a recording {@link Drawing}.
 */
public final class ChartMenus {

    public static final String COPY = "&Copy Image";
    public static final String SAVE_PNG = "Save as &PNG...";
    public static final String SAVE_SVG = "Save as &SVG...";
    public static final String EXPORT_CSV = "&Export Numbers as CSV...";
    /** the menu's data under this key: what Save as SVG writes */
    private static final String SVG_DATA = "org.rnnstudio.ui.svg";

    private ChartMenus() {
    }

    /** A chart's menu, on the chart and on its plot area (which takes the clicks); the numbers are its visible series. */
    public static void attach(Chart chart) {
        attach(chart, () -> csv(chart));
    }

    /** A chart whose numbers are better written otherwise than as its series (say, before a log is taken). */
    public static void attach(Chart chart, Supplier<String> csv) {
        Menu menu = menu(chart, () -> image(chart), () -> svg(chart), csv);
        chart.setMenu(menu);
        chart.getPlotArea().getControl().setMenu(menu);
    }

    /**
     * A picture's menu: what it shows, drawn as its paint listener draws it (painter), and its numbers as
     * the view writes them.
     */
    public static void attach(Control picture, Consumer<Drawing> painter, Supplier<String> csv) {
        picture.setMenu(menu(picture, () -> image(picture), () -> svg(picture, painter), csv));
    }

    /**
     * A picture drawn whole elsewhere (by the export bundle, as File > Export draws it), not only the part
     * of it scrolled into sight: copy it, save it as PNG or SVG. No numbers: it shows a structure, not data.
     */
    public static Menu attach(Control picture, Supplier<ImageData> image, Supplier<String> svg) {
        Menu menu = menu(picture, image, svg, null);
        picture.setMenu(menu);
        return menu;
    }

    private static Menu menu(Control picture, Supplier<ImageData> image, Supplier<String> svg, Supplier<String> csv) {
        Menu menu = new Menu(picture);
        menu.setData(SVG_DATA, svg);
        item(menu, COPY, () -> copy(picture, image.get()));
        item(menu, SAVE_PNG, () -> {
            Path to = ask(picture, "*.png", "picture.png");
            if (to != null) {
                write(picture, to, () -> {
                    ImageLoader loader = new ImageLoader();
                    loader.data = new ImageData[] {image.get()};
                    loader.save(to.toString(), SWT.IMAGE_PNG);
                });
            }
        });
        item(menu, SAVE_SVG, () -> {
            Path to = ask(picture, "*.svg", "picture.svg");
            if (to != null) {
                write(picture, to, () -> saveSvg(picture, to));
            }
        });
        if (csv == null) {
            return menu;
        }
        new MenuItem(menu, SWT.SEPARATOR);
        item(menu, EXPORT_CSV, () -> {
            Path to = ask(picture, "*.csv", "numbers.csv");
            if (to != null) {
                write(picture, to, () -> writeText(to, csv.get()));
            }
        });
        return menu;
    }

    /** Writes beside the file and moves it into place, so that a failed write leaves no half file. */
    private static void writeText(Path to, String text) throws IOException {
        Path partial = to.resolveSibling(to.getFileName() + ".part");
        Files.writeString(partial, text, StandardCharsets.UTF_8);
        Files.move(partial, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Writes what Save as SVG writes for a chart or picture that has this menu. */
    @SuppressWarnings("unchecked")
    public static void saveSvg(Control picture, Path to) throws IOException {
        writeText(to, ((Supplier<String>) picture.getMenu().getData(SVG_DATA)).get());
    }

    /** A picture as SVG: its paint routine, at its size on screen, drawn through a recording Drawing. */
    private static String svg(Control picture, Consumer<Drawing> painter) {
        return recorded(picture, picture.getDisplay().getSystemColor(SWT.COLOR_WHITE), painter);
    }

    /** What painter draws on a background the size of the control, as SVG, measured in the control's font. */
    private static String recorded(Control control, Color background, Consumer<Drawing> painter) {
        Point size = control.getSize();
        Image scratch = new Image(control.getDisplay(), Math.max(1, size.x), Math.max(1, size.y));
        GC gc = new GC(scratch);
        try {
            gc.setFont(control.getFont());
            Drawing drawing = Drawing.recording(gc, size.x, size.y);
            drawing.setBackground(background);
            drawing.fillRectangle(0, 0, size.x, size.y);
            painter.accept(drawing);
            return drawing.svg();
        } finally {
            gc.dispose();
            scratch.dispose();
        }
    }

    /**
     * A chart as SVG, from its data: title, plot area, each axis's grid, ticks and title where SWTChart puts
     * them, each visible series as a polyline (a group named after it), and the legend.
     */
    private static String svg(Chart chart) {
        return recorded(chart, chart.getBackground(), d -> draw(d, chart));
    }

    private static void draw(Drawing d, Chart chart) {
        Point size = chart.getSize();
        Rectangle plot = chart.getPlotArea().getControl().getBounds();
        d.setForeground(chart.getTitle().getForeground());
        String title = chart.getTitle().getText();
        d.drawText(title, (size.x - d.textExtent(title).x) / 2, Math.max(0, plot.y - d.textExtent(title).y - 8), true);
        d.setBackground(chart.getPlotArea().getBackground());
        d.fillRectangle(plot.x, plot.y, plot.width, plot.height);
        for (IAxis axis : chart.getAxisSet().getAxes()) {
            axis(d, axis, plot);
        }
        d.setForeground(chart.getDisplay().getSystemColor(SWT.COLOR_DARK_GRAY));
        d.drawRectangle(plot.x, plot.y, plot.width - 1, plot.height - 1);
        for (ISeries<?> s : chart.getSeriesSet().getSeries()) {
            if (s.isVisible()) {
                series(d, chart, s, plot);
            }
        }
        legend(d, chart);
    }

    private static void axis(Drawing d, IAxis axis, Rectangle plot) {
        if (!axis.getTick().isVisible()) {
            return;
        }
        boolean horizontal = axis.getDirection() == IAxis.Direction.X;
        boolean primary = axis.getPosition() == IAxis.Position.Primary;
        Format format = axis.getTick().getFormat() != null ? axis.getTick().getFormat() : new DecimalFormat("#.###########");
        d.beginGroup("axis " + (axis.getTitle().getText() == null ? axis.getId() : axis.getTitle().getText()));
        for (double v : axis.getTick().getTickLabelValues()) {
            int at = axis.getPixelCoordinate(v);
            if (axis.getGrid().getStyle() != LineStyle.NONE) {
                d.setForeground(axis.getGrid().getForeground());
                d.setLineStyle(SWT.LINE_DOT);
                d.drawLine(horizontal ? plot.x + at : plot.x, horizontal ? plot.y : plot.y + at,
                        horizontal ? plot.x + at : plot.x + plot.width, horizontal ? plot.y + plot.height : plot.y + at);
                d.setLineStyle(SWT.LINE_SOLID);
            }
            String label = format.format(v);
            Point extent = d.textExtent(label);
            d.setForeground(axis.getTick().getForeground());
            if (horizontal) {
                d.drawText(label, plot.x + at - extent.x / 2, primary ? plot.y + plot.height + 4 : plot.y - extent.y - 4, true);
            } else {
                d.drawText(label, primary ? plot.x - extent.x - 6 : plot.x + plot.width + 6, plot.y + at - extent.y / 2, true);
            }
        }
        String title = axis.getTitle().getText();
        if (title != null && !title.isEmpty() && axis.getTitle().isVisible()) {
            Point extent = d.textExtent(title);
            d.setForeground(axis.getTitle().getForeground());
            Rectangle ticks = axis.getTick().getBounds();
            if (horizontal) {
                d.drawText(title, plot.x + (plot.width - extent.x) / 2, primary ? plot.y + plot.height + 4 + extent.y + 4 : Math.max(0, plot.y - 2 * extent.y - 8), true);
            } else {
                int x = primary ? Math.max(0, plot.x - ticks.width - extent.y - 10) : plot.x + plot.width + ticks.width + 10;
                d.drawVerticalText(title, x, plot.y + (plot.height + extent.x) / 2);
            }
        }
        d.endGroup();
    }

    private static void series(Drawing d, Chart chart, ISeries<?> s, Rectangle plot) {
        IAxis xAxis = chart.getAxisSet().getXAxis(s.getXAxisId());
        IAxis yAxis = chart.getAxisSet().getYAxis(s.getYAxisId());
        double[] x = s.getXSeries();
        double[] y = s.getYSeries();
        int[] points = new int[2 * y.length];
        for (int i = 0; i < y.length; i++) {
            points[2 * i] = plot.x + xAxis.getPixelCoordinate(i < x.length ? x[i] : i);
            points[2 * i + 1] = plot.y + yAxis.getPixelCoordinate(y[i]);
        }
        d.beginGroup("series " + name(s));
        if (s instanceof ILineSeries<?> line) {
            d.setForeground(line.getLineColor());
            d.setLineWidth(line.getLineWidth());
            d.setLineStyle(line.getLineStyle() == LineStyle.SOLID ? SWT.LINE_SOLID : SWT.LINE_DASH);
            if (line.getLineStyle() != LineStyle.NONE) {
                d.drawPolyline(points);
            }
            d.setLineStyle(SWT.LINE_SOLID);
            d.setLineWidth(1);
            if (line.getSymbolType() != ILineSeries.PlotSymbolType.NONE) {
                d.setBackground(line.getSymbolColor());
                int r = line.getSymbolSize();
                for (int i = 0; i + 1 < points.length; i += 2) {
                    d.fillOval(points[i] - r, points[i + 1] - r, 2 * r, 2 * r);
                }
            }
        } else {
            d.drawPolyline(points);
        }
        d.endGroup();
    }

    private static void legend(Drawing d, Chart chart) {
        if (!chart.getLegend().isVisible()) {
            return;
        }
        Rectangle where = ((Control) chart.getLegend()).getBounds();
        d.beginGroup("legend");
        for (ISeries<?> s : chart.getSeriesSet().getSeries()) {
            Rectangle entry = chart.getLegend().getBounds(s.getId());
            if (!s.isVisible() || entry == null || !s.isVisibleInLegend()) {
                continue;
            }
            int x = where.x + entry.x;
            int y = where.y + entry.y + entry.height / 2;
            if (s instanceof ILineSeries<?> line) {
                d.setForeground(line.getLineColor());
                d.setLineWidth(2);
                d.drawLine(x + 2, y, x + 18, y);
                d.setLineWidth(1);
            }
            d.setForeground(chart.getLegend().getForeground());
            d.drawText(name(s), x + 22, y - d.textExtent(name(s)).y / 2, true);
        }
        d.endGroup();
    }

    private static String name(ISeries<?> s) {
        return s.getDescription() == null ? s.getId() : s.getDescription();
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

    private static void copy(Control picture, ImageData image) {
        Clipboard clipboard = new Clipboard(picture.getDisplay());
        try {
            clipboard.setContents(new Object[] {image}, new Transfer[] {ImageTransfer.getInstance()});
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
            String name = name(s);
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
