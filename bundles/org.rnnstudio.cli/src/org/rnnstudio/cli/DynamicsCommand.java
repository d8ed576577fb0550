package org.rnnstudio.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.rnnstudio.engine.Network;
import org.rnnstudio.engine.Plan;
import org.rnnstudio.engine.Sequence;
import org.rnnstudio.engine.dynamics.Automaton;
import org.rnnstudio.engine.dynamics.Drive;
import org.rnnstudio.engine.dynamics.Dynamics;
import org.rnnstudio.engine.dynamics.DynamicsException;
import org.rnnstudio.engine.dynamics.FixedPoint;
import org.rnnstudio.engine.dynamics.Orbit;
import org.rnnstudio.engine.dynamics.Projection;
import org.rnnstudio.engine.dynamics.Starts;
import org.rnnstudio.engine.dynamics.StepMap;
import org.rnnstudio.model.AtomicFiles;

/**
 * {@code ./rnnstudio dynamics MODEL}: the trained network run on its own from many initial states; prints
 * its fixed points with their stability, the largest Lyapunov exponent and the verdict, and writes the
 * trajectories (CSV) or the phase portrait (PNG) when asked. With {@code --automaton DATA} it reads the
 * network driven by the data's sequences as a finite-state machine instead.
 */
final class DynamicsCommand {

    private static final int MOST_LISTED_POINTS = 20;

    private final Main main;
    private final PrintStream out;

    DynamicsCommand(Main main, PrintStream out) {
        this.main = main;
        this.out = out;
    }

    int run(Main.Options o) throws Main.Failure {
        o.allow("weights", "input", "steps", "starts", "units", "seed", "output", "picture", "automaton", "radius");
        Path file = o.model();
        Plan plan = Main.compile(main.loadValid(file), file);
        Network network = new Network(plan);
        Main.loadWeights(network, weights(o, file));
        StepMap map;
        try {
            map = StepMap.of(network);
        } catch (DynamicsException e) {
            throw new Main.Failure(Main.FAILED, file + ": " + e.getMessage());
        }
        if (o.has("automaton")) {
            return automaton(o, map);
        }
        int steps = o.integer("steps", 1000, 10);
        int seed = o.integer("seed", 1, Integer.MIN_VALUE);
        int[] units = units(o, map);
        List<double[]> starts = starts(o, map, units, seed);
        Dynamics.Settings settings = new Dynamics.Settings(drive(o, map), starts, steps, seed);
        if (settings.values(map) > Dynamics.MOST_STATE_VALUES) {
            throw new Main.Failure(Main.USAGE, "dynamics: " + starts.size() + " runs of " + steps + " steps of " + map.dimension()
                    + " units are more than " + Dynamics.MOST_STATE_VALUES + " numbers to keep: lower --steps or --starts");
        }
        Dynamics.Report report = Dynamics.analyse(map, settings);
        print(file, map, report);
        if (o.has("output")) {
            Path csv = Paths.get(o.required("output"));
            write(csv, trajectories(map, report));
            out.println("Trajectories: " + csv);
        }
        if (o.has("picture")) {
            Path png = Paths.get(o.required("picture"));
            Projection projection = units != null || map.dimension() <= 2 ? Projection.units(map, first(units), second(units, map))
                    : Projection.principal(report.runs());
            try {
                DynamicsPictures.writePortrait(report, projection, plan.model().name(), png);
            } catch (IOException e) {
                throw new Main.Failure(Main.FAILED, "cannot write " + png + ": " + e.getMessage());
            }
            out.println("Phase portrait: " + png);
        }
        return Main.OK;
    }

    private static int first(int[] units) {
        return units == null ? 0 : units[0];
    }

    private static int second(int[] units, StepMap map) {
        // a one-unit state has no second axis: the index past the last unit draws it flat
        return units != null ? units[1] : Math.min(1, map.dimension());
    }

    private static Path weights(Main.Options o, Path file) throws Main.Failure {
        if (o.has("weights")) {
            return Paths.get(o.required("weights"));
        }
        String name = file.getFileName().toString();
        Path beside = file.resolveSibling((name.endsWith(".rnn") ? name.substring(0, name.length() - 4) : name) + ".weights.json");
        if (!Files.exists(beside)) {
            throw new Main.Failure(Main.FAILED, "dynamics: no weights beside the model (" + beside + "): give --weights W, or train the model first");
        }
        return beside;
    }

    /** --units A,B: two state units by name ("hidden.0,hidden.1"), or null for the default view. */
    private static int[] units(Main.Options o, StepMap map) throws Main.Failure {
        if (!o.has("units")) {
            return null;
        }
        String[] names = o.required("units").split(",");
        if (names.length != 2) {
            throw new Main.Failure(Main.USAGE, "dynamics: --units names two state units, e.g. hidden.0,hidden.1");
        }
        int[] units = new int[2];
        for (int i = 0; i < 2; i++) {
            units[i] = map.unitIndex(names[i].trim());
            if (units[i] < 0) {
                throw new Main.Failure(Main.USAGE, "dynamics: '" + names[i].trim() + "' is not a state unit (the state: " + map.unitName(0) + " to "
                        + map.unitName(map.dimension() - 1) + ")");
            }
        }
        return units;
    }

    /** --starts K random initial states, or grid:K for a K x K grid over the two units of --units (or the first two). */
    private static List<double[]> starts(Main.Options o, StepMap map, int[] units, int seed) throws Main.Failure {
        String text = o.has("starts") ? o.required("starts") : "16";
        boolean grid = text.startsWith("grid:");
        int count;
        try {
            count = Integer.parseInt(grid ? text.substring(5) : text);
        } catch (NumberFormatException e) {
            count = 0;
        }
        if (count < 1 || count > 10_000) {
            throw new Main.Failure(Main.USAGE, "dynamics: --starts is a number of runs from 1 to 10000 or grid:K, not '" + text + "'");
        }
        if (!grid) {
            return Starts.random(map, count, seed);
        }
        if (map.dimension() < 2 && units == null) {
            throw new Main.Failure(Main.USAGE, "dynamics: a grid needs two state units; this network has one");
        }
        return Starts.grid(map, first(units), units == null ? 1 : units[1], count);
    }

    /** --input zero, constant:V,V,... (one value per input unit), or a data set (CSV or generator) whose first sequence drives. */
    private Drive drive(Main.Options o, StepMap map) throws Main.Failure {
        String text = o.has("input") ? o.required("input") : "zero";
        if (text.equals("zero")) {
            return Drive.zero(map.inputWidth());
        }
        if (text.startsWith("constant:")) {
            String[] parts = text.substring(9).split(",");
            if (parts.length != map.inputWidth()) {
                throw new Main.Failure(Main.USAGE, "dynamics: --input constant: needs " + map.inputWidth() + " values (one per input unit), not " + parts.length);
            }
            double[] values = new double[parts.length];
            for (int i = 0; i < parts.length; i++) {
                try {
                    values[i] = Double.parseDouble(parts[i].trim());
                } catch (NumberFormatException e) {
                    throw new Main.Failure(Main.USAGE, "dynamics: --input constant: value " + (i + 1) + " is '" + parts[i] + "', not a number");
                }
            }
            return Drive.constant(values);
        }
        List<Sequence> data = Main.data(text, map.plan());
        if (data.isEmpty()) {
            throw new Main.Failure(Main.FAILED, "dynamics: " + text + " holds no sequence");
        }
        return Drive.of(map, data.get(0), "the first sequence of " + text);
    }

    private int automaton(Main.Options o, StepMap map) throws Main.Failure {
        String spec = o.required("automaton");
        List<Sequence> data = Main.data(spec, map.plan());
        int outputGroup = -1;
        for (int g = 0; g < map.plan().groups().size() && outputGroup < 0; g++) {
            outputGroup = map.plan().groups().get(g).isOutput() ? g : -1;
        }
        List<Drive> drives = new ArrayList<>();
        List<Integer> lengths = new ArrayList<>();
        for (int s = 0; s < data.size(); s++) {
            drives.add(Drive.of(map, data.get(s), "sequence " + (s + 1)));
            lengths.add(data.get(s).length());
        }
        double radius = o.number("radius", 0.3);
        Automaton machine = Automaton.extract(map, drives, lengths, outputGroup, radius);
        out.println("The network driven by the " + data.size() + " sequences of " + spec + ", its states clustered within " + radius + ": "
                + machine.describe().trim());
        if (o.has("picture")) {
            Path png = Paths.get(o.required("picture"));
            try {
                DynamicsPictures.writeAutomaton(machine, map.plan().model().name(), png);
            } catch (IOException e) {
                throw new Main.Failure(Main.FAILED, "cannot write " + png + ": " + e.getMessage());
            }
            out.println("Automaton: " + png);
        }
        return Main.OK;
    }

    private void print(Path file, StepMap map, Dynamics.Report report) {
        Dynamics.Settings s = report.settings();
        out.println("Dynamics of " + file.getFileName() + ": " + map.dimension() + " state units (" + map.unitName(0)
                + (map.dimension() > 1 ? " to " + map.unitName(map.dimension() - 1) : "") + "), " + s.drive().describe() + ", "
                + s.starts().size() + " runs of " + s.steps() + " steps");
        List<FixedPoint> points = report.fixedPoints();
        out.println("Fixed points" + (s.drive().isConstant() ? "" : " (with zero input, after the sequence)") + ": " + points.size()
                + (points.size() > MOST_LISTED_POINTS ? " (the first " + MOST_LISTED_POINTS + ")" : ""));
        for (int i = 0; i < Math.min(points.size(), MOST_LISTED_POINTS); i++) {
            FixedPoint p = points.get(i);
            out.println(String.format(Locale.ROOT, "  %2d  %s; spectral radius %.3f; at %s", i + 1, p.describe(), p.spectralRadius(), where(p.state())));
        }
        double lo = Double.POSITIVE_INFINITY;
        int bounded = 0;
        for (Orbit orbit : report.orbits()) {
            if (!Double.isNaN(orbit.lyapunov())) {
                lo = Math.min(lo, orbit.lyapunov());
                bounded++;
            }
        }
        if (bounded == 0) {
            out.println("Largest Lyapunov exponent: none (every run diverged)");
        } else {
            out.println(String.format(Locale.ROOT, "Largest Lyapunov exponent: %+.4f per step (the largest over %d runs; the smallest %+.4f)",
                    report.lyapunov(), bounded, lo));
        }
        out.println("Verdict: " + report.verdict());
    }

    private static String where(double[] h) {
        if (h.length > 6) {
            double norm = 0;
            for (double a : h) {
                norm += a * a;
            }
            return String.format(Locale.ROOT, "a state of length %.4f", Math.sqrt(norm));
        }
        StringBuilder s = new StringBuilder("(");
        for (int i = 0; i < h.length; i++) {
            // no "-0.0000" for a coordinate that is zero to rounding
            s.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.4f", Math.abs(h[i]) < 5e-5 ? 0.0 : h[i]));
        }
        return s.append(')').toString();
    }

    private static String trajectories(StepMap map, Dynamics.Report report) {
        StringBuilder csv = new StringBuilder("run,step");
        for (int i = 0; i < map.dimension(); i++) {
            csv.append(',').append(map.unitName(i));
        }
        csv.append('\n');
        List<double[][]> runs = report.runs();
        for (int r = 0; r < runs.size(); r++) {
            double[][] states = runs.get(r);
            for (int t = 0; t < states.length; t++) {
                csv.append(r + 1).append(',').append(t);
                for (double v : states[t]) {
                    csv.append(',').append(v);
                }
                csv.append('\n');
            }
        }
        return csv.toString();
    }

    private static void write(Path file, String text) throws Main.Failure {
        try {
            AtomicFiles.writeString(file, text);
        } catch (IOException e) {
            throw new Main.Failure(Main.FAILED, "cannot write " + file + ": " + e.getMessage());
        }
    }
}
