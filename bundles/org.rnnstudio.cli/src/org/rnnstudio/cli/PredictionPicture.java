package org.rnnstudio.cli;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

import javax.imageio.ImageIO;

import org.rnnstudio.model.AtomicFiles;

/**
 * A PNG of a free-running prediction against the series: above, the series over the teacher-forced lead and
 * the free steps with the prediction drawn over the free ones; below, log10 of the absolute error at each free
 * step, where errors far too small to see above show.
 */
final class PredictionPicture {

    private static final int WIDTH = 1000;
    private static final int HEIGHT = 620;
    private static final int LEFT = 70;
    private static final int RIGHT = 20;

    private PredictionPicture() {
    }

    static void write(Path file, String title, double[] series, double[] predicted) throws IOException {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        g.setColor(Color.BLACK);
        g.drawString(title, LEFT, 24);
        int lead = series.length - predicted.length;
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        for (double v : series) {
            low = Math.min(low, v);
            high = Math.max(high, v);
        }
        Panel top = new Panel(40, 360, 0, series.length - 1, low - 0.05 * (high - low), high + 0.05 * (high - low));
        top.frame(g, "Mackey-Glass series (grey), prediction after step " + lead + " (red)", "%.2f");
        g.setColor(new Color(225, 235, 255));
        g.fillRect(top.x(lead), top.top, top.x(series.length - 1) - top.x(lead), top.bottom - top.top);
        g.setColor(Color.GRAY);
        g.setStroke(new BasicStroke(3f));
        top.line(g, series, 0);
        g.setColor(Color.RED);
        g.setStroke(new BasicStroke(1.5f));
        top.line(g, predicted, lead);
        double[] error = new double[predicted.length];
        double worst = -16;
        double best = 0;
        for (int t = 0; t < predicted.length; t++) {
            error[t] = Math.log10(Math.max(1e-16, Math.abs(predicted[t] - series[lead + t])));
            worst = Math.max(worst, error[t]);
            best = Math.min(best, error[t]);
        }
        Panel bottom = new Panel(420, 580, 0, predicted.length - 1, Math.floor(best), Math.ceil(worst));
        bottom.frame(g, "log10 |prediction - series| at each free-running step", "%.0f");
        g.setColor(Color.RED);
        g.setStroke(new BasicStroke(1.5f));
        bottom.line(g, error, 0);
        g.dispose();
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(image, "png", png);
        AtomicFiles.write(file, png.toByteArray());
    }

    /** A plotting area: its pixel rows and the data ranges it shows. */
    private record Panel(int top, int bottom, double xLow, double xHigh, double yLow, double yHigh) {
        int x(double v) {
            return LEFT + (int) Math.round((v - xLow) / (xHigh - xLow) * (WIDTH - LEFT - RIGHT));
        }

        int y(double v) {
            return bottom - (int) Math.round((v - yLow) / (yHigh - yLow) * (bottom - top));
        }

        void frame(Graphics2D g, String caption, String tickFormat) {
            g.setColor(Color.BLACK);
            g.setStroke(new BasicStroke(1f));
            g.drawRect(LEFT, top, WIDTH - LEFT - RIGHT, bottom - top);
            g.drawString(caption, LEFT + 8, top + 16);
            for (int i = 0; i <= 4; i++) {
                double v = yLow + i * (yHigh - yLow) / 4;
                g.drawString(String.format(Locale.ROOT, tickFormat, v), 8, y(v) + 5);
            }
            for (int i = 0; i <= 5; i++) {
                double v = xLow + i * (xHigh - xLow) / 5;
                g.drawString(String.format(Locale.ROOT, "%.0f", v), x(v) - 10, bottom + 16);
            }
        }

        void line(Graphics2D g, double[] values, int from) {
            Path2D.Double path = new Path2D.Double();
            for (int t = 0; t < values.length; t++) {
                if (t == 0) {
                    path.moveTo(x(from + t), y(values[t]));
                } else {
                    path.lineTo(x(from + t), y(values[t]));
                }
            }
            g.draw(path);
        }
    }
}
