package org.rnnstudio.engine;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

import org.rnnstudio.model.UnitGroup;

/**
 * The memory a pass through time and its data will take, estimated from their shapes before anything is
 * allocated and compared with what the heap has left. Inputs within every limit of the file format can still
 * need more than the machine has (a million units times a thousand steps); they are refused here in one
 * sentence instead of ending in an OutOfMemoryError half a minute later.
 * <p>
 * A pass keeps, for every sequence of the batch and every step, each group's outputs y, and for the groups
 * that are not inputs their total inputs net and dE/dy, and for product groups what each incoming wire
 * brought; the batch keeps the inputs and targets. Training adds four arrays the size of the parameters
 * (gradients, velocities or first moments, the velocities' next values, second moments) and one more with a
 * validation split (the best weights). Every matrix and row also costs a Java object's header.
 */
public final class MemoryBudget {

    /** A DMatrixRMaj with its double[]'s header and the reference to it. */
    private static final long MATRIX_BYTES = 64;
    /** A double[]'s header with the reference to it: the rows of a sequence's {@code [step][unit]} arrays. */
    private static final long ROW_BYTES = 24;
    /** A sequence's record, its two maps and its place in a list. */
    private static final long SEQUENCE_BYTES = 200;
    /** Large arrays need contiguous room that a fragmented heap may not have: refuse above this share of the free heap. */
    private static final double USABLE = 0.9;

    /** Sequences at least this long are where checkpointing is suggested when training does not fit. */
    private static final int LONG = 1000;

    /** No heap is suggested above this: a machine with that much memory is not one to run RNN Studio on. */
    private static final double LARGEST_HEAP = 1L << 40;

    /** A computation that would not fit in the heap; the message says what needs how much and what to change. */
    public static final class TooLarge extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TooLarge(String message) {
            super(message);
        }
    }

    private MemoryBudget() {
    }

    /**
     * What a pass over batches of one shape holds, per sequence and step (the batch's data apart; the products
     * stacked over all steps apart, held only where the pass stacks them), and once per pass.
     */
    private record PassShape(long numbersPerStep, long stackedPerStep, long dataPerStep, long matricesPerStep, long dataMatricesPerStep,
            long numbersPerSequence, long parameters) {

        static PassShape of(Plan plan) {
            long perStep = 0;
            long stacked = 0;
            long data = 0;
            long matrices = 0;
            long dataMatrices = 0;
            long perSequence = 0;
            for (int g = 0; g < plan.groups().size(); g++) {
                UnitGroup group = plan.groups().get(g);
                long n = group.size();
                // y, and the batch's input or target
                perStep += n;
                matrices++;
                if (group.isInput() || group.isOutput()) {
                    data += n;
                    matrices++;
                    dataMatrices++;
                }
                // the initial state
                perSequence += n;
                if (group.isInput()) {
                    continue;
                }
                long kept = 2 + (group.combine() == UnitGroup.Combine.PRODUCT ? plan.incoming(g).size() : 0);
                perStep += kept * n;
                matrices += kept;
                for (Plan.Wire w : plan.incoming(g)) {
                    if (w.kind() == org.rnnstudio.model.Connection.Kind.FULL && w.weights().trainable() && group.combine() == UnitGroup.Combine.SUM) {
                        // at most: a full wire's products over all steps at once (FusedWires), its source, dE/dnet and product stacked
                        stacked += plan.groups().get(w.fromGroup()).size() + 2 * n;
                    }
                }
                // dE/d(initial state), dE/dnet and one wire's share of it, and a fused product's two rows
                perSequence += 5 * n;
            }
            long parameters = 0;
            for (Plan.ParameterSet p : plan.parameters()) {
                parameters += p.size();
            }
            return new PassShape(perStep, stacked, data, matrices, dataMatrices, perSequence, parameters);
        }

        /** Numbers per sequence and step, the data apart, with the stacked products when the pass stacks them. */
        long numbersPerStep(boolean stacked) {
            return numbersPerStep + (stacked ? stackedPerStep : 0);
        }

        /** Numbers of one pass over B sequences of T steps, its data apart. */
        double numbers(double batch, double steps, boolean stacked) {
            return batch * steps * numbersPerStep(stacked) + batch * numbersPerSequence;
        }

        /** Bytes of one pass without its batch's data; fused products copy the weights and their gradient. */
        double passBytes(double batch, double steps, boolean stacked) {
            return 8 * (numbers(batch, steps, stacked) + 2.0 * parameters) + steps * (matricesPerStep - dataMatricesPerStep) * MATRIX_BYTES;
        }

        /** Bytes of a batch's inputs and targets. */
        double dataBytes(double batch, double steps) {
            return 8 * batch * steps * dataPerStep + steps * dataMatricesPerStep * MATRIX_BYTES;
        }

        /** Bytes of one whole-sequence pass and its batch for B sequences of T steps. */
        double bytes(double batch, double steps) {
            return passBytes(batch, steps, Pass.stacks((long) batch, (long) steps)) + dataBytes(batch, steps);
        }

        /**
         * Checkpointed in segments of L steps: the batch's data for all T steps, one pass of L steps (and one of
         * the last segment's length) on the per-step path, and the outputs kept at the segments' boundaries.
         */
        double bytes(Plan plan, double batch, int steps, int segment) {
            if (segment <= 0 || segment >= steps) {
                return bytes(batch, steps);
            }
            int segments = (steps + segment - 1) / segment;
            int rest = steps - (segments - 1) * segment;
            double passes = passBytes(batch, segment, false) + (rest == segment ? 0 : passBytes(batch, rest, false));
            return dataBytes(batch, steps) + passes + 8 * batch * (segments - 1) * boundaryNumbers(plan);
        }
    }

    /** Per sequence, the outputs a segment boundary keeps: those read through a delay, as many steps back as they are read. */
    private static long boundaryNumbers(Plan plan) {
        long numbers = 0;
        for (int g = 0; g < plan.groups().size(); g++) {
            numbers += (long) plan.maxDelayRead(g) * plan.groups().get(g).size();
        }
        return numbers;
    }

    /** The numbers a whole-sequence pass over B sequences of T steps holds (outputs, totals, derivatives, products), the batch's data apart. */
    public static long passNumbers(Plan plan, int batch, int steps) {
        return (long) PassShape.of(plan).numbers(batch, steps, Pass.stacks(batch, steps));
    }

    /** The numbers a checkpointed segment's pass of T steps holds: one on the per-step path ({@link Pass#plain}), which stacks nothing. */
    public static long segmentNumbers(Plan plan, int batch, int steps) {
        return (long) PassShape.of(plan).numbers(batch, steps, false);
    }

    /**
     * Refuses a training run whose largest batch (batchSize sequences, or all of them when fewer, as long as
     * the longest) would not fit in the heap with the optimiser's state; with segment > 0 the pass is
     * checkpointed in segments of that many steps ({@link CheckpointedPass}).
     */
    public static void checkTraining(Plan plan, List<Sequence> data, int batchSize, boolean validation, int segment) {
        int steps = longest(data);
        long batch = Math.min(batchSize, data.size());
        PassShape shape = PassShape.of(plan);
        long state = (validation ? 5 : 4) * shape.parameters();
        double bytes = shape.bytes(plan, batch, steps, segment) + 8.0 * state;
        boolean checkpointed = segment > 0 && segment < steps;
        // long sequences are where checkpointing pays: it is suggested there, for the networks it can run
        boolean suggest = !checkpointed && steps >= LONG && CheckpointedPass.refusal(plan) == null;
        String[] remedies = suggest ? new String[] {"shorter sequences", "a smaller batch", "checkpointing (train --checkpoint auto)"}
                : new String[] {"shorter sequences", "a smaller batch"};
        require(bytes, () -> String.format(Locale.ROOT, "training needs about %s (batch %,d x %,d steps x %,d numbers a step for the outputs, "
                + "total inputs, derivatives and products%s, and %,d numbers for the gradients and the optimiser's state)", size(bytes), batch, steps,
                shape.numbersPerStep(!checkpointed && Pass.stacks(batch, steps)) + shape.dataPerStep(),
                checkpointed ? ", checkpointed in segments of " + segment + " steps" : "", state), remedies);
    }

    /** Refuses running data forward in batches (evaluation, outputs) when one batch's pass would not fit. */
    public static void checkForward(Plan plan, List<Sequence> data, int batchSize) {
        int steps = longest(data);
        long batch = Math.min(batchSize, data.size());
        PassShape shape = PassShape.of(plan);
        double bytes = shape.bytes(batch, steps);
        require(bytes, () -> String.format(Locale.ROOT, "running the model needs about %s (batch %,d x %,d steps x %,d numbers a step "
                + "for the outputs, total inputs, derivatives and products)", size(bytes), batch, steps,
                shape.numbersPerStep(Pass.stacks(batch, steps)) + shape.dataPerStep()),
                batch > 1 ? new String[] {"shorter sequences", "a smaller batch"} : new String[] {"shorter sequences"});
    }

    /**
     * Refuses fitting readouts by ridge regression when their QR factors would not fit: each readout of
     * {@code widths[i]} features and outputs keeps its factor, a block of waiting rows and the decomposition's
     * copy of both (about four widths squared numbers), for the fitting rows and again for the validation's,
     * and a ridge solve stacks two more.
     */
    public static void checkReadouts(int[] widths, boolean validation) {
        double numbers = 0;
        for (int w : widths) {
            numbers += (validation ? 8.0 : 4.0) * w * w + 2.0 * w * w;
        }
        double bytes = 8 * numbers;
        int widest = Arrays.stream(widths).max().orElse(0);
        require(bytes, () -> String.format(Locale.ROOT, "fitting the readout needs about %s (its least-squares factors, %,d features wide)", size(bytes),
                widest), "a smaller reservoir");
    }

    /**
     * Refuses generating or reading count sequences of the given steps with the given input and output units
     * per step (as {@code [step][unit]} arrays, one per group), plus extra bytes the source needs meanwhile.
     */
    public static void checkSequences(String what, long count, long steps, long inputUnits, long outputUnits, long extraBytes) {
        long perStep = 8 * (inputUnits + outputUnits) + 2 * ROW_BYTES;
        double bytes = (double) count * (steps * perStep + SEQUENCE_BYTES) + extraBytes;
        require(bytes, () -> String.format(Locale.ROOT, "%s need about %s (%,d sequences x %,d steps x %,d numbers)", what, size(bytes),
                count, steps, inputUnits + outputUnits), "fewer or shorter sequences");
    }

    /**
     * Refuses reading a CSV file whose rows, as numbers for every input and output unit of the plan, would not
     * fit; its text and cells are counted at about eight bytes per byte of the file while they are parsed.
     */
    public static void checkCsv(Path file, Plan plan) throws IOException {
        long units = 0;
        for (UnitGroup g : plan.groups()) {
            units += g.isInput() || g.isOutput() ? g.size() : 0;
        }
        long perRow = 8 * units + 2 * ROW_BYTES;
        double text = 8.0 * Files.size(file);
        // counting stops as soon as the rows so far are too many: a huge file is not read to its end to be refused
        long enough = (long) Math.min(Long.MAX_VALUE, Math.max(0, (free() - text) / perRow)) + 1;
        long rows = 0;
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n = in.read(buffer); n > 0 && rows <= enough; n = in.read(buffer)) {
                for (int i = 0; i < n; i++) {
                    rows += buffer[i] == '\n' ? 1 : 0;
                }
            }
        }
        double bytes = (double) rows * perRow + text;
        long counted = rows;
        long numbers = units;
        require(bytes, () -> String.format(Locale.ROOT, "%s needs about %s (%s%,d rows x %,d numbers for the model's input and output units, "
                + "and its text while it is read)", file.getFileName(), size(bytes), counted > enough ? "at least " : "", counted, numbers),
                "a smaller file");
    }

    private static int longest(List<Sequence> data) {
        int steps = 0;
        for (Sequence s : data) {
            steps = Math.max(steps, s.length());
        }
        return steps;
    }

    /** What the heap can still give: its maximum less what is in use. */
    private static long free() {
        Runtime runtime = Runtime.getRuntime();
        return runtime.maxMemory() - (runtime.totalMemory() - runtime.freeMemory());
    }

    /** Throws when the bytes do not fit, saying what needs them and what would make them fit. */
    private static void require(double bytes, Supplier<String> need, String... remedies) {
        if (bytes <= USABLE * free()) {
            return;
        }
        // garbage counts as used until collected; collect only when the answer depends on it
        System.gc();
        long free = free();
        if (bytes <= USABLE * free) {
            return;
        }
        Runtime runtime = Runtime.getRuntime();
        long used = runtime.totalMemory() - runtime.freeMemory();
        double heap = bytes / USABLE + used;
        String advice = heap > LARGEST_HEAP ? String.join(" or ", remedies) + " (no heap holds that much)"
                : String.join(", ", remedies) + ", or a larger heap (RNNSTUDIO_HEAP=" + gigabytes(heap) + " or ./rnnstudio --heap " + gigabytes(heap)
                        + "; see README, Memory)";
        throw new TooLarge(need.get() + ", but the heap has " + size(free) + " free of " + size(runtime.maxMemory()) + ": use " + advice);
    }

    /** A heap size in whole gigabytes that holds the given bytes, as the JVM's -Xmx spells it. */
    private static String gigabytes(double bytes) {
        return String.format(Locale.ROOT, "%.0fg", Math.max(1, Math.ceil(bytes / (1L << 30))));
    }

    /** Bytes in the largest unit that keeps a number of at least 1, to one decimal. */
    private static String size(double bytes) {
        String[] units = {"bytes", "KB", "MB", "GB", "TB", "PB", "EB"};
        int unit = 0;
        while (bytes >= 1024 && unit < units.length - 1) {
            bytes /= 1024;
            unit++;
        }
        return unit == 0 ? String.format(Locale.ROOT, "%.0f bytes", bytes) : String.format(Locale.ROOT, "%.1f %s", bytes, units[unit]);
    }
}
