package org.rnnstudio.cli;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import org.rnnstudio.engine.CheckpointedPass;
import org.rnnstudio.engine.Generators;
import org.rnnstudio.engine.InvalidModelException;
import org.rnnstudio.engine.MemoryBudget;
import org.rnnstudio.engine.Network;
import org.rnnstudio.engine.Plan;
import org.rnnstudio.engine.Sequence;
import org.rnnstudio.engine.Trainer;
import org.rnnstudio.model.Activation;
import org.rnnstudio.model.Cell;
import org.rnnstudio.model.Connection;
import org.rnnstudio.model.Initialization;
import org.rnnstudio.model.Model;
import org.rnnstudio.model.TrainingSettings;
import org.rnnstudio.model.UnitGroup;

/**
 * {@code ./rnnstudio bench memory}: the memory of one training step on the adding problem at long sequence
 * lengths, with the plain pass (every step kept) and checkpointed (segments of about sqrt(T) steps,
 * recomputed in the backward pass), and what checkpointing costs in time. For each it prints what the pass
 * holds (the numbers it keeps, as {@link MemoryBudget} counts them), what the heap still holds after the step
 * once collected (the pass and batch the trainer keeps, measured), the heap's peak during the first step
 * (the sum of the heap pools' peaks since a reset after a collection: an upper bound, as the pools peak at
 * different moments), and the median time of the steps after the first.
 */
final class MemoryBench {

    private final PrintStream out;

    MemoryBench(PrintStream out) {
        this.out = out;
    }

    int run(Main.Options o) throws Main.Failure {
        o.allow("cell", "hidden", "batch", "steps", "repeats", "checkpoint");
        String cell = o.choice("cell", List.of("lstm", "tanh"), "lstm");
        int hidden = o.integer("hidden", 128, 1);
        int batch = o.integer("batch", 32, 1);
        int repeats = o.integer("repeats", 3, 1);
        int checkpoint = o.has("checkpoint") ? o.integer("checkpoint", 0, 1) : TrainingSettings.CHECKPOINT_AUTO;
        List<Integer> lengths = o.integers("steps", "1000,10000", 2);
        Plan plan;
        try {
            plan = Plan.compile(addingModel(cell, hidden));
        } catch (InvalidModelException e) {
            throw new Main.Failure(Main.FAILED, "bench memory: " + e.getMessage());
        }
        out.println(String.format(Locale.ROOT, "adding problem, %s of %d units, batch %d, float64; heap at most %s; %d processors, load average %.2f",
                cell.equals("lstm") ? "LSTM" : "tanh RNN", hidden, batch, mb(Runtime.getRuntime().maxMemory()), Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
        out.println();
        out.println("| T | pass | segments | pass holds | heap kept after the step | heap peak in the step | step (median of " + repeats + ") |");
        out.println("| ---: | --- | ---: | ---: | ---: | ---: | ---: |");
        for (int steps : lengths) {
            List<Sequence> data = Generators.adding(steps, batch, 1, "in", "out");
            CheckpointedPass pass = new CheckpointedPass(plan, batch, steps, CheckpointedPass.segmentLength(plan, checkpoint, steps, 0));
            Row plain = measure(plan, data, 0, repeats);
            Row segmented = measure(plan, data, checkpoint, repeats);
            print(steps, "plain", "1", MemoryBudget.passNumbers(plan, batch, steps), plain);
            print(steps, "checkpointed", pass.segments() + " of " + pass.segmentLength(), pass.numbersHeld(), segmented);
            if (plain != null && segmented != null) {
                out.println(String.format(Locale.ROOT, "| %d | checkpointed / plain | | %.3f | %.3f | %.3f | %.2fx |", steps,
                        pass.numbersHeld() / (double) MemoryBudget.passNumbers(plan, batch, steps), segmented.kept / (double) plain.kept,
                        segmented.peak / (double) plain.peak, segmented.seconds / plain.seconds));
            }
        }
        return 0;
    }

    private void print(int steps, String pass, String segments, long numbers, Row row) {
        if (row == null) {
            out.println(String.format(Locale.ROOT, "| %d | %s | %s | %s | does not fit in the heap | | |", steps, pass, segments, mb(8 * numbers)));
            return;
        }
        out.println(String.format(Locale.ROOT, "| %d | %s | %s | %s | %s | %s | %.3f s |", steps, pass, segments, mb(8 * numbers), mb(row.kept), mb(row.peak),
                row.seconds));
    }

    /** What one configuration kept, peaked at and took. */
    private record Row(long kept, long peak, double seconds) {
    }

    /** What one configuration kept, peaked at and took; null when the memory check refuses it before allocating. */
    private static Row measure(Plan plan, List<Sequence> data, int checkpoint, int repeats) throws Main.Failure {
        try {
            return measureFitting(plan, data, checkpoint, repeats);
        } catch (MemoryBudget.TooLarge e) {
            return null;
        }
    }

    private static Row measureFitting(Plan plan, List<Sequence> data, int checkpoint, int repeats) throws Main.Failure {
        Network network = new Network(plan);
        network.initialize(Initialization.GLOROT, 1, 1);
        Trainer trainer = new Trainer(network);
        long before = usedAfterCollection();
        resetPeaks();
        Trainer.Settings settings = new Trainer.Settings(1, data.size(), 1e-3, 0.9, false, 1, 0).withCheckpoint(checkpoint);
        List<Double> times = new ArrayList<>();
        long start = System.nanoTime();
        step(trainer, data, settings);
        long peak = peakSinceReset() - before;
        times.add((System.nanoTime() - start) / 1e9);
        long kept = usedAfterCollection() - before;
        times.clear();
        for (int i = 0; i < repeats; i++) {
            start = System.nanoTime();
            step(trainer, data, settings);
            times.add((System.nanoTime() - start) / 1e9);
        }
        Collections.sort(times);
        return new Row(kept, peak, times.get(times.size() / 2));
    }

    private static void step(Trainer trainer, List<Sequence> data, Trainer.Settings settings) throws Main.Failure {
        try {
            trainer.train(data, settings, new Trainer.Listener() { }, () -> false);
        } catch (Trainer.DivergedException e) {
            throw new Main.Failure(Main.FAILED, "bench memory: " + e.getMessage());
        }
    }

    /** in(2) -> LSTM or tanh group -> linear out(1), squared error at the last step. */
    static Model addingModel(String cell, int hidden) {
        Model m = new Model();
        m.addGroup(new UnitGroup("in", UnitGroup.Role.INPUT, 2));
        if (cell.equals("lstm")) {
            m.cells().add(new Cell("h", Cell.Kind.LSTM, hidden));
        } else {
            UnitGroup h = m.addGroup(new UnitGroup("h", UnitGroup.Role.HIDDEN, hidden));
            h.setActivation(Activation.TANH);
            m.addConnection(new Connection("h-h", "h", "h", Connection.Kind.FULL, 1));
        }
        UnitGroup y = m.addGroup(new UnitGroup("out", UnitGroup.Role.OUTPUT, 1));
        y.setActivation(Activation.LINEAR);
        y.setTarget(UnitGroup.Loss.SQUARED_ERROR, UnitGroup.TargetSchedule.FINAL_STEP, 1);
        m.addConnection(new Connection("in-h", "in", "h", Connection.Kind.FULL, 0));
        m.addConnection(new Connection("h-out", "h", "out", Connection.Kind.FULL, 0));
        return m;
    }

    private static long usedAfterCollection() {
        Runtime r = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        // a collection may leave floating garbage: the least of a few
        for (int i = 0; i < 3; i++) {
            System.gc();
            used = Math.min(used, r.totalMemory() - r.freeMemory());
        }
        return used;
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    private static long peakSinceReset() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }

    private static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }
}
