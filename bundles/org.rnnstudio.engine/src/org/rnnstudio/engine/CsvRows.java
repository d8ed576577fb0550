package org.rnnstudio.engine;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The rows of a CSV data file, grouped by sequence: the first line that is neither blank nor a '#' comment
 * names the columns; every later such line is a row of as many cells, and a sequence's rows are
 * consecutive. What the columns mean is the reader's business ({@link CsvData}, {@link ObservationData}).
 */
final class CsvRows {

    /** The header's cells, and the index of the line after it. */
    record Header(String[] cells, int next) {
    }

    /** One sequence: its name, its rows' cells and each row's line number in the file. */
    record Block(String id, List<String[]> rows, List<Integer> lines) {
    }

    private CsvRows() {
    }

    /** @param expected how the columns are named, for the message about an empty file */
    static Header header(List<String> lines, String source, String expected) throws DataException {
        for (int i = 0; i < lines.size(); i++) {
            if (!skipped(lines.get(i))) {
                return new Header(lines.get(i).split(",", -1), i + 1);
            }
        }
        throw new DataException(source + " is empty: the first line names the columns (" + expected + ")");
    }

    static List<Block> blocks(List<String> lines, Header header, int sequenceColumn, String source) throws DataException {
        List<Block> blocks = new ArrayList<>();
        Set<String> finished = new HashSet<>();
        Block current = null;
        for (int i = header.next(); i < lines.size(); i++) {
            int lineNumber = i + 1;
            String line = lines.get(i);
            if (skipped(line)) {
                continue;
            }
            String[] cells = line.split(",", -1);
            if (cells.length != header.cells().length) {
                throw new DataException(source + " line " + lineNumber + ": " + cells.length + " cells, but the header names " + header.cells().length
                        + " columns");
            }
            String id = cells[sequenceColumn].trim();
            if (id.isEmpty()) {
                throw new DataException(source + " line " + lineNumber + ": the sequence cell is empty");
            }
            if (current == null || !id.equals(current.id())) {
                if (current != null) {
                    finished.add(current.id());
                }
                if (finished.contains(id)) {
                    throw new DataException(source + " line " + lineNumber + ": sequence '" + id
                            + "' appears again after other sequences; keep each sequence's rows together");
                }
                current = new Block(id, new ArrayList<>(), new ArrayList<>());
                blocks.add(current);
            }
            current.rows().add(cells);
            current.lines().add(lineNumber);
        }
        if (blocks.isEmpty()) {
            throw new DataException(source + " has a header but no rows");
        }
        return blocks;
    }

    private static boolean skipped(String line) {
        String trimmed = line.trim();
        return trimmed.isEmpty() || trimmed.startsWith("#");
    }
}
