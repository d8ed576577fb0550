package org.rnnstudio.cli;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.rnnstudio.engine.DataSpec;
import org.rnnstudio.engine.Network;
import org.rnnstudio.engine.Plan;
import org.rnnstudio.engine.Sequence;
import org.rnnstudio.engine.Trainer;
import org.rnnstudio.model.Initialization;
import org.rnnstudio.model.Model;
import org.rnnstudio.model.Optimizer;
import org.rnnstudio.model.Schedule;

/**
 * The lecture's figure 7-4-2 measured: ||dE/dh_t|| at every step of the first minibatch for one tanh RNN
 * whose recurrent weights have spectral radius 0.5, 1.0 and 1.5, side by side; beneath, the loss per epoch
 * of each, and of the 1.5 one with its gradient clipped at norm 1.
 */
final class GradientsThroughTime {

    private static final double[] RADII = {0.5, 1.0, 1.5};
    private static final Color[] COLOURS = {new Color(0x1f77b4), new Color(0x2ca02c), new Color(0xd62728), new Color(0x9467bd)};

    private GradientsThroughTime() {
    }

    /** One training run: the first minibatch's gradient norms per step and the loss per epoch (cut short when it diverged). */
    record Run(String label, double[] norms, List<Double> losses, String stopped) {
    }

    static Run train(Model model, double radius, double clip) throws Exception {
        Plan plan = Plan.compile(model);
        Network network = new Network(plan);
        network.initialize(Initialization.ORTHOGONAL, radius, model.training().seed);
        List<Sequence> data = DataSpec.load(model.training().data, plan);
        double[][] first = new double[1][];
        List<Double> losses = new ArrayList<>();
        String stopped = null;
        Trainer.Optimization optimization = new Trainer.Optimization(Optimizer.SGD, 0.9, 0.999, 1e-8, 0.9, clip, 0,
                Schedule.CONSTANT, 1, 1, 0, 0);
        try {
            new Trainer(network).train(data, new Trainer.Settings(model.training().epochs, model.training().batch, model.training().learningRate,
                    model.training().momentum, false, model.training().seed, 0, optimization), new Trainer.Listener() {
                        @Override
                        public void gradientNorms(int epoch, int step, String group, double[] norms) {
                            if (first[0] == null) {
                                first[0] = norms.clone();
                            }
                        }

                        @Override
                        public void epoch(int epoch, double loss, double accuracy) {
                            losses.add(loss);
                        }
                    }, () -> false, new Trainer.Observation("hidden", List.of(), 0, 0));
        } catch (Trainer.DivergedException e) {
            stopped = e.getMessage();
        }
        String label = String.format(Locale.ROOT, "spectral radius %.1f%s", radius, clip > 0 ? ", clipped at " + clip : "");
        return new Run(label, first[0], losses, stopped);
    }

    static void picture(Model model, Path file) throws Exception {
        List<Run> runs = new ArrayList<>();
        for (double r : RADII) {
            runs.add(train(model, r, 0));
        }
        runs.add(train(model, 1.5, 1.0));
        for (Run run : runs) {
            System.out.printf(Locale.ROOT, "%s: ||dE/dh_t|| at t = 0: %.3g, at the last step: %.3g; loss per epoch %s%s%n", run.label(), run.norms()[0],
                    run.norms()[run.norms().length - 1], run.losses().stream().map(x -> String.format(Locale.ROOT, "%.3f", x)).toList(),
                    run.stopped() == null ? "" : " (" + run.stopped() + ")");
        }
        draw(runs, file);
    }

    private static void draw(List<Run> runs, Path file) throws IOException {
        int width = 1200;
        int height = 720;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 17));
        g.drawString("Gradients through time: log10 ||dE/dh_t|| over the 50 steps of the first minibatch", 60, 28);
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        for (int r = 0; r < RADII.length; r++) {
            for (double v : runs.get(r).norms()) {
                low = Math.min(low, Math.log10(v));
                high = Math.max(high, Math.log10(v));
            }
        }
        int panel = (width - 120) / 3;
        for (int r = 0; r < RADII.length; r++) {
            double[] norms = runs.get(r).norms();
            DynamicsPictures.Plot plot = new DynamicsPictures.Plot(60 + r * panel + 40, 60, panel - 70, 260, new double[] {0, norms.length - 1, low, high});
            plot.frame(g, "step t", "log10 ||dE/dh_t||");
            curve(g, plot, log10(norms), COLOURS[r]);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
            g.drawString(runs.get(r).label(), (float) plot.x(0) + 8, 78);
        }
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 17));
        g.drawString("Loss per epoch (log10), the same sequences and learning rate", 60, 390);
        double lossLow = Double.POSITIVE_INFINITY;
        double lossHigh = Double.NEGATIVE_INFINITY;
        int epochs = 0;
        for (Run run : runs) {
            epochs = Math.max(epochs, run.losses().size());
            for (double v : run.losses()) {
                lossLow = Math.min(lossLow, Math.log10(v));
                lossHigh = Math.max(lossHigh, Math.log10(v));
            }
        }
        DynamicsPictures.Plot plot = new DynamicsPictures.Plot(80, 410, width - 400, 250, new double[] {1, epochs, lossLow, lossHigh});
        plot.frame(g, "epoch", "log10 loss");
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        for (int i = 0; i < runs.size(); i++) {
            Run run = runs.get(i);
            double[] xs = new double[run.losses().size()];
            double[] ys = new double[xs.length];
            for (int e = 0; e < xs.length; e++) {
                xs[e] = e + 1;
                ys[e] = Math.log10(run.losses().get(e));
            }
            curve(g, plot, xs, ys, COLOURS[i]);
            g.setColor(COLOURS[i]);
            g.fillRect(width - 300, 430 + 22 * i, 18, 4);
            g.setColor(Color.BLACK);
            g.drawString(run.label() + (run.stopped() == null ? "" : " (diverged)"), width - 275, 436 + 22 * i);
        }
        g.dispose();
        DynamicsPictures.save(image, file);
    }

    private static double[] log10(double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = Math.log10(v[i]);
        }
        return out;
    }

    private static void curve(Graphics2D g, DynamicsPictures.Plot plot, double[] ys, Color colour) {
        double[] xs = new double[ys.length];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = i;
        }
        curve(g, plot, xs, ys, colour);
    }

    private static void curve(Graphics2D g, DynamicsPictures.Plot plot, double[] xs, double[] ys, Color colour) {
        Path2D.Double line = new Path2D.Double();
        for (int i = 0; i < xs.length; i++) {
            if (i == 0) {
                line.moveTo(plot.x(xs[i]), plot.y(ys[i]));
            } else {
                line.lineTo(plot.x(xs[i]), plot.y(ys[i]));
            }
        }
        g.setColor(colour);
        g.setStroke(new BasicStroke(2f));
        g.draw(line);
        g.setStroke(new BasicStroke(1f));
    }
}
