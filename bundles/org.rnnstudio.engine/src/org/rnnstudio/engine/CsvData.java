package org.rnnstudio.engine;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.rnnstudio.model.Quoted;
import org.rnnstudio.model.TextFiles;
import org.rnnstudio.model.UnitGroup;

/**
 * Sequences from a CSV file: one row per time step, a {@code sequence} column whose value names the
 * sequence (its rows are consecutive, in time order), and one column per unit named {@code GROUP.UNIT}
 * for the units of input groups (values) and output groups (targets; an empty cell is "no target here").
 * An output group with the ctc loss takes its label sequence, with no alignment, from a column
 * {@code GROUP.labels}: class numbers (1 .. n-1; 0 is the blank) separated by spaces, on the sequence's first
 * row (the cell is empty on its other rows). Lines starting with '#' and blank lines are skipped. Cells hold
 * numbers or sequence names, so the file has no quoting: a comma always separates cells. The file is UTF-8 (a
 * byte order mark is allowed), read a line at a time within {@link #MAX_FILE} and {@link #MAX_LINE}. Targets
 * must suit their group's loss, and data to learn from need a target for every output group somewhere (a label
 * sequence for every sequence, for a ctc output: {@link CtcLoss#check}).
 */
public final class CsvData {

    /** Larger data belong in a generator, or need more than a studio's memory once they are numbers. */
    public static final long MAX_FILE = 256L << 20;
    /** One step of a softmax of 100,000 units, every cell a full double, fits several times over. */
    public static final int MAX_LINE = 16 << 20;

    private CsvData() {
    }

    /** The file's sequences; with targetsNeeded, every output group must have a target somewhere. */
    public static List<Sequence> read(Path file, Plan plan, boolean targetsNeeded) throws IOException, DataException {
        try (TextFiles.Lines lines = TextFiles.lines(file, MAX_FILE, MAX_LINE)) {
            List<Sequence> sequences = parse(lines, file.getFileName().toString(), plan);
            if (targetsNeeded) {
                everyOutputHasATarget(sequences, file.getFileName().toString(), plan);
            }
            return sequences;
        } catch (TextFiles.TextException e) {
            throw new DataException(e.getMessage());
        }
    }

    /** A column of the file: which group and unit it feeds (unit -1: the group's label sequence). */
    private record Column(UnitGroup group, int unit) {
        boolean labels() {
            return unit < 0;
        }
    }

    private static List<Sequence> parse(TextFiles.Lines lines, String source, Plan plan) throws IOException, DataException {
        String[] header = CsvRows.header(lines, source, "sequence, GROUP.UNIT, ...");
        Column[] columns = new Column[header.length];
        int sequenceColumn = readHeader(header, columns, source + " line " + lines.number(), plan);
        List<Sequence> sequences = new ArrayList<>();
        CsvRows.blocks(lines, header.length, sequenceColumn, source,
                block -> sequences.add(sequence(block.rows(), block.lines(), columns, source, plan).named(block.id())));
        return sequences;
    }

    /** An output without a single target would train to loss 0 and accuracy 100%, having learnt nothing. */
    private static void everyOutputHasATarget(List<Sequence> sequences, String source, Plan plan) throws DataException {
        for (UnitGroup g : plan.groups()) {
            if (!g.isOutput() || g.loss() == UnitGroup.Loss.CTC) {
                continue;
            }
            boolean found = false;
            for (Sequence s : sequences) {
                for (double[] step : s.targets().get(g.id())) {
                    for (int u : g.unitsOrAll()) {
                        found |= !Double.isNaN(step[u]);
                    }
                }
                if (found) {
                    break;
                }
            }
            if (!found) {
                throw new DataException(source + ": output group '" + g.id() + "' has no target anywhere in the data (add " + g.id()
                        + ".0 ... columns, with values on the steps to learn)");
            }
        }
    }

    private static int readHeader(String[] header, Column[] columns, String where, Plan plan) throws DataException {
        int sequenceColumn = -1;
        Map<String, Set<Integer>> seen = new HashMap<>();
        for (int i = 0; i < header.length; i++) {
            String name = header[i].trim();
            if (name.equals("sequence")) {
                sequenceColumn = i;
                continue;
            }
            int dot = name.lastIndexOf('.');
            if (dot > 0 && name.substring(dot + 1).equals("labels")) {
                UnitGroup labelled = plan.model().group(name.substring(0, dot));
                if (labelled == null || !labelled.isOutput() || labelled.loss() != UnitGroup.Loss.CTC) {
                    throw new DataException(where + ": column " + Quoted.of(name) + " gives label sequences, but "
                            + Quoted.of(name.substring(0, dot)) + " is not an output group with the ctc loss");
                }
                columns[i] = new Column(labelled, -1);
                continue;
            }
            UnitGroup group = null;
            int unit = -1;
            if (dot > 0) {
                group = plan.model().group(name.substring(0, dot));
                try {
                    unit = Integer.parseInt(name.substring(dot + 1));
                } catch (NumberFormatException e) {
                    unit = -1;
                }
            }
            if (group == null || unit < 0 || group.size() <= unit || !(group.isInput() || group.isOutput())) {
                throw new DataException(where + ": column " + Quoted.of(name) + " is not GROUP.UNIT of an input or output group of the model"
                        + " (e.g. " + example(plan) + ")");
            }
            if (!seen.computeIfAbsent(group.id(), k -> new HashSet<>()).add(unit)) {
                throw new DataException(where + ": column " + Quoted.of(name) + " appears twice");
            }
            columns[i] = new Column(group, unit);
        }
        if (sequenceColumn < 0) {
            throw new DataException(where + ": there is no 'sequence' column (it names the sequence each row belongs to)");
        }
        for (UnitGroup g : plan.groups()) {
            if (g.isInput()) {
                for (int u = 0; u < g.size(); u++) {
                    if (!seen.getOrDefault(g.id(), Set.of()).contains(u)) {
                        throw new DataException(where + ": input unit '" + g.id() + "." + u + "' has no column");
                    }
                }
            }
        }
        return sequenceColumn;
    }

    private static String example(Plan plan) {
        for (UnitGroup g : plan.groups()) {
            if (g.isInput()) {
                return g.id() + ".0";
            }
        }
        return "input.0";
    }

    private static Sequence sequence(List<String[]> rows, List<Integer> lines, Column[] columns, String source, Plan plan) throws DataException {
        int steps = rows.size();
        Map<String, double[][]> inputs = new LinkedHashMap<>();
        Map<String, double[][]> targets = new LinkedHashMap<>();
        Map<String, int[]> labels = new LinkedHashMap<>();
        for (UnitGroup g : plan.groups()) {
            if (g.isInput()) {
                inputs.put(g.id(), new double[steps][g.size()]);
            } else if (g.isOutput()) {
                double[][] t = new double[steps][g.size()];
                for (double[] row : t) {
                    Arrays.fill(row, Double.NaN);
                }
                targets.put(g.id(), t);
            }
        }
        for (int t = 0; t < steps; t++) {
            String[] cells = rows.get(t);
            for (int i = 0; i < columns.length; i++) {
                Column column = columns[i];
                if (column == null) {
                    continue;
                }
                String cell = cells[i].trim();
                if (column.labels()) {
                    if (t == 0) {
                        labels.put(column.group().id(), labelsOf(cell, column.group(), source, lines.get(t)));
                    } else if (!cell.isEmpty()) {
                        throw new DataException(source + " line " + lines.get(t) + ": '" + column.group().id()
                                + ".labels' is given on the sequence's first row only");
                    }
                    continue;
                }
                if (cell.isEmpty() && column.group().isOutput()) {
                    continue;
                }
                double value;
                try {
                    value = Double.parseDouble(cell);
                } catch (NumberFormatException e) {
                    value = Double.NaN;
                }
                if (!Double.isFinite(value)) {
                    throw new DataException(source + " line " + lines.get(t) + ": '" + column.group().id() + "." + column.unit()
                            + "' is " + Quoted.of(cell) + ", not a number");
                }
                (column.group().isInput() ? inputs : targets).get(column.group().id())[t][column.unit()] = value;
            }
        }
        NextTerms.fill(plan, inputs, targets);
        for (int t = 0; t < steps; t++) {
            for (UnitGroup g : plan.groups()) {
                if (g.isOutput()) {
                    checkTargets(g, targets.get(g.id())[t], source + " line " + lines.get(t));
                }
            }
        }
        return new Sequence(steps, inputs, targets).labelled(labels);
    }

    private static int[] labelsOf(String cell, UnitGroup group, String source, int line) throws DataException {
        if (cell.isEmpty()) {
            return new int[0];
        }
        String[] parts = cell.split("\\s+");
        int[] labels = new int[parts.length];
        for (int k = 0; k < parts.length; k++) {
            try {
                labels[k] = Integer.parseInt(parts[k]);
            } catch (NumberFormatException e) {
                labels[k] = -1;
            }
            if (labels[k] < 1 || labels[k] >= group.size()) {
                throw new DataException(source + " line " + line + ": '" + group.id() + ".labels' holds " + Quoted.of(parts[k])
                        + ", not a class from 1 to " + (group.size() - 1) + " (0 is the blank)");
            }
        }
        return labels;
    }

    /** Targets a loss can mean: probabilities under logistic cross-entropy, a distribution (one-hot) under cross-entropy. */
    private static void checkTargets(UnitGroup g, double[] step, String where) throws DataException {
        if (g.loss() == UnitGroup.Loss.LOGISTIC_CROSS_ENTROPY) {
            for (int u : g.unitsOrAll()) {
                if (step[u] < 0 || step[u] > 1) {
                    throw new DataException(where + ": target '" + g.id() + "." + u + "' is " + step[u]
                            + "; under logistic cross-entropy a target is a probability, from 0 to 1");
                }
            }
        } else if (g.loss() == UnitGroup.Loss.CROSS_ENTROPY) {
            int given = 0;
            double sum = 0;
            for (int u : g.unitsOrAll()) {
                if (!Double.isNaN(step[u])) {
                    given++;
                    sum += step[u];
                    if (step[u] < 0) {
                        given = -1;
                        break;
                    }
                }
            }
            if (given != 0 && (given != g.unitsOrAll().length || Math.abs(sum - 1) > 1e-6)) {
                throw new DataException(where + ": the targets of '" + g.id() + "' are not one-hot (nor a distribution: every unit's "
                        + "target 0 or more, summing to 1), which cross-entropy needs");
            }
        }
    }
}
