package org.rnnstudio.engine;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.rnnstudio.model.TextFiles;

/**
 * The rows of a CSV data file, grouped by sequence: the first line that is neither blank nor a '#' comment
 * names the columns; every later such line is a row of as many cells, and a sequence's rows are
 * consecutive. Read a line at a time, so that a file is never held whole. What the columns mean is the
 * reader's business ({@link CsvData}, {@link ObservationData}).
 */
final class CsvRows {

    /** One sequence: its name, its rows' cells and each row's line number in the file. */
    record Block(String id, List<String[]> rows, List<Integer> lines) {
    }

    /** What a reader does with each sequence as soon as its last row has been read. */
    interface Sequences {
        void accept(Block block) throws DataException;
    }

    private CsvRows() {
    }

    /**
     * The header's cells; {@code lines.number()} is then its line number.
     *
     * @param expected how the columns are named, for the message about an empty file
     */
    static String[] header(TextFiles.Lines lines, String source, String expected) throws IOException, DataException {
        for (String line = lines.next(); line != null; line = lines.next()) {
            if (!skipped(line)) {
                return line.split(",", -1);
            }
        }
        throw new DataException(source + " is empty: the first line names the columns (" + expected + ")");
    }

    /** Hands the rows after the header to {@code each}, a sequence at a time, in the file's order. */
    static void blocks(TextFiles.Lines lines, int columns, int sequenceColumn, String source, Sequences each) throws IOException, DataException {
        Set<String> finished = new HashSet<>();
        Block current = null;
        for (String line = lines.next(); line != null; line = lines.next()) {
            if (skipped(line)) {
                continue;
            }
            int lineNumber = (int) Math.min(Integer.MAX_VALUE, lines.number());
            String[] cells = line.split(",", -1);
            if (cells.length != columns) {
                throw new DataException(source + " line " + lineNumber + ": " + cells.length + " cells, but the header names " + columns + " columns");
            }
            String id = cells[sequenceColumn].trim();
            if (id.isEmpty()) {
                throw new DataException(source + " line " + lineNumber + ": the sequence cell is empty");
            }
            if (current == null || !id.equals(current.id())) {
                if (current != null) {
                    each.accept(current);
                    finished.add(current.id());
                }
                if (finished.contains(id)) {
                    throw new DataException(source + " line " + lineNumber + ": sequence '" + id
                            + "' appears again after other sequences; keep each sequence's rows together");
                }
                current = new Block(id, new ArrayList<>(), new ArrayList<>());
            }
            current.rows().add(cells);
            current.lines().add(lineNumber);
        }
        if (current == null) {
            throw new DataException(source + " has a header but no rows");
        }
        each.accept(current);
    }

    private static boolean skipped(String line) {
        String trimmed = line.trim();
        return trimmed.isEmpty() || trimmed.startsWith("#");
    }
}
