package org.rnnstudio.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;

import org.rnnstudio.engine.InvalidModelException;
import org.rnnstudio.engine.MackeyGlassExperiment;

/**
 * {@code ./rnnstudio bench mackey-glass}: Jaeger and Haas's Mackey-Glass prediction by echo-state networks of
 * fresh reservoirs (see {@link MackeyGlassExperiment}), a Markdown table of the runs, and optionally a PNG of
 * the first run's prediction against the series.
 */
final class EchoStateBench {

    private final PrintStream out;

    EchoStateBench(PrintStream out) {
        this.out = out;
    }

    int mackeyGlass(Main.Options o) throws Main.Failure {
        o.allow("units", "spectral-radius", "connectivity", "feedback-scaling", "bias-scaling", "leak-rate", "washout", "training", "horizon", "ridge",
                "reservoirs", "seed", "picture", "noise", "validation");
        int units = o.integer("units", 1000, 1);
        MackeyGlassExperiment.Settings settings = new MackeyGlassExperiment.Settings(units, o.number("spectral-radius", 0.8),
                o.number("connectivity", Math.min(1, 10.0 / units)), o.number("feedback-scaling", 0.5), o.number("bias-scaling", 0.2),
                o.number("leak-rate", 1), o.integer("washout", 1000, 0), o.integer("training", 2000, 1), o.integer("horizon", 84, 1),
                o.number("ridge", 1e-10), o.integer("reservoirs", 10, 1), o.longInteger("seed", 1), o.number("noise", 1e-9),
                o.integer("validation", 1000, 0));
        if (!(settings.connectivity() > 0 && settings.connectivity() <= 1) || !(settings.leakRate() > 0 && settings.leakRate() <= 1)) {
            throw new Main.Failure(Main.USAGE, "bench mackey-glass: --connectivity and --leak-rate are above 0 and at most 1");
        }
        out.println(String.format(Locale.ROOT, "Mackey-Glass (tau 17), %d reservoirs of %d units (spectral radius %s, connectivity %.4f, feedback %s, "
                + "bias %s, leak %s); fit on %d steps after a washout of %d with noise %s, ridge %s; %d free-running steps", settings.runs(), units,
                settings.spectralRadius(), settings.connectivity(), settings.feedbackScaling(), settings.biasScaling(), settings.leakRate(),
                settings.training(), settings.washout(), settings.noise(),
                settings.validation() > 0 ? "chosen on " + settings.validation() + " validation steps" : String.valueOf(settings.ridge()), settings.horizon()));
        MackeyGlassExperiment.Result result;
        long start = System.nanoTime();
        try {
            result = new MackeyGlassExperiment(settings).run();
        } catch (InvalidModelException e) {
            throw new Main.Failure(Main.FAILED, "bench mackey-glass: " + e.getMessage());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        out.println();
        out.println("| reservoir seed | error at step " + settings.horizon() + " | NRMSE over the free steps | ridge | seconds |");
        out.println("| ---: | ---: | ---: | ---: | ---: |");
        for (MackeyGlassExperiment.Run run : result.runs()) {
            out.println(String.format(Locale.ROOT, "| %d | %.3e | %.3e | %.0e | %.1f |", run.reservoirSeed(), run.horizonError(), run.nrmse(), run.ridge(),
                    run.seconds()));
        }
        out.println();
        out.println(String.format(Locale.ROOT, "NRMSE at step %d over %d reservoirs: %.3e (10^%.2f); %.1f s in all, %.1f s a reservoir", settings.horizon(),
                settings.runs(), result.nrmseAtHorizon(), Math.log10(result.nrmseAtHorizon()), seconds, seconds / settings.runs()));
        if (o.has("picture")) {
            Path picture = Paths.get(o.required("picture"));
            MackeyGlassExperiment.Run first = result.runs().get(0);
            try {
                PredictionPicture.write(picture, String.format(Locale.ROOT, "Echo-state network of %d units (reservoir seed %d): %d free-running steps, "
                        + "NRMSE %.2e", units, first.reservoirSeed(), settings.horizon(), first.nrmse()), first.series(), first.predicted());
            } catch (IOException e) {
                throw new Main.Failure(Main.FAILED, "cannot write " + picture + ": " + e.getMessage());
            }
            out.println("Picture: " + picture);
        }
        return Main.OK;
    }
}
