package org.rnnstudio.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.rnnstudio.engine.DataException;
import org.rnnstudio.engine.InvalidModelException;
import org.rnnstudio.engine.LongLagBenchmark;

/**
 * {@code ./rnnstudio bench problems}: every way to learn an RNN on the long-time-lag problems at several
 * lengths and seeds (see {@link LongLagBenchmark}), a line per run as it ends, then a Markdown table of how
 * many seeds solved each problem at each length, with the median seconds.
 */
final class ProblemsBench {

    private final PrintStream out;

    ProblemsBench(PrintStream out) {
        this.out = out;
    }

    int run(Main.Options o) throws Main.Failure {
        o.allow("lengths", "seeds", "budget", "problems", "methods", "units", "reservoir-units", "sequences", "test", "batch");
        List<Integer> lengths = o.integers("lengths", "50,100,200", 1);
        List<LongLagBenchmark.Problem> problems = new ArrayList<>();
        for (String name : (o.has("problems") ? o.required("problems") : "addition,multiplication,xor,temporal-order-2,temporal-order-3,random-permutation,memorisation").split(",")) {
            problems.add(LongLagBenchmark.PROBLEMS.stream().filter(p -> p.generator().equals(name.trim())).findFirst()
                    .orElseThrow(() -> new Main.Failure(Main.USAGE, "bench problems: no problem '" + name + "' (addition, multiplication, xor, temporal-order-2, temporal-order-3, random-permutation, "
                            + "memorisation, adding, temporal-order)")));
        }
        List<LongLagBenchmark.Method> methods = new ArrayList<>();
        for (String name : (o.has("methods") ? o.required("methods") : "tanh-sgd,tanh-hf,lstm-adam,irnn,esn").split(",")) {
            try {
                methods.add(LongLagBenchmark.Method.valueOf(name.trim().toUpperCase(Locale.ROOT).replace('-', '_')));
            } catch (IllegalArgumentException e) {
                throw new Main.Failure(Main.USAGE, "bench problems: no method '" + name + "' (tanh-sgd, tanh-hf, lstm-adam, irnn, esn)");
            }
        }
        int seeds = o.integer("seeds", 3, 1);
        LongLagBenchmark.Settings settings = new LongLagBenchmark.Settings(o.integer("units", 100, 1), o.integer("reservoir-units", 400, 1),
                o.integer("sequences", 2000, 10), o.integer("test", 500, 10), o.integer("batch", 50, 1), o.number("budget", 120));
        LongLagBenchmark bench = new LongLagBenchmark(settings);
        out.println(String.format(Locale.ROOT, "%d held-out sequences, budget %.0f s a run, %d seeds", settings.testSequences(), settings.budgetSeconds(), seeds));
        for (LongLagBenchmark.Method method : methods) {
            out.println("  " + method.label() + ": " + bench.describe(method));
        }
        Map<String, List<LongLagBenchmark.Run>> cells = new LinkedHashMap<>();
        for (LongLagBenchmark.Problem problem : problems) {
            for (int length : lengths) {
                for (LongLagBenchmark.Method method : methods) {
                    for (long seed = 1; seed <= seeds; seed++) {
                        LongLagBenchmark.Run run;
                        try {
                            run = bench.run(problem, length, method, seed);
                        } catch (InvalidModelException | DataException e) {
                            throw new Main.Failure(Main.FAILED, "bench problems: " + e.getMessage());
                        }
                        out.println(run);
                        out.flush();
                        cells.computeIfAbsent(problem.generator() + "|" + length + "|" + method.label(), k -> new ArrayList<>()).add(run);
                    }
                }
            }
        }
        out.println();
        out.println("| problem | T | method | solved | median seconds | held-out wrong (per seed) |");
        out.println("| --- | ---: | --- | ---: | ---: | --- |");
        for (List<LongLagBenchmark.Run> runs : cells.values()) {
            LongLagBenchmark.Run first = runs.get(0);
            double[] seconds = runs.stream().mapToDouble(LongLagBenchmark.Run::seconds).sorted().toArray();
            StringBuilder wrong = new StringBuilder();
            for (LongLagBenchmark.Run r : runs) {
                wrong.append(wrong.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.1f%%", 100 * r.wrong()));
            }
            out.println(String.format(Locale.ROOT, "| %s | %d | %s | %d of %d | %.1f | %s |", first.problem().generator(), first.length(), first.method().label(),
                    runs.stream().filter(LongLagBenchmark.Run::solved).count(), runs.size(), seconds[seconds.length / 2], wrong));
        }
        return Main.OK;
    }
}
