package org.rnnstudio.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.rnnstudio.model.HmmDescription;
import org.rnnstudio.model.Model;
import org.rnnstudio.model.ModelFile;
import org.rnnstudio.model.TextFiles;

/**
 * Sequences for a hidden-state model from a CSV file in the loader's shape: a {@code sequence} column (a
 * sequence's rows consecutive, in time order), observation columns {@code y.0 ... y.(m-1)} and driving
 * input columns {@code u.0 ... u.(k-1)}; hidden-state columns {@code x.I} and {@code state.I} (what
 * {@code sample} writes beside its draws) are ignored. An empty observation cell is a missing observation; an HMM's
 * categorical observation is the symbol's index 0 ... M-1 in {@code y.0}. Lines starting with '#' and
 * blank lines are skipped.
 */
public final class ObservationData {

    private ObservationData() {
    }

    /** The sequences the model reads from a CSV file: its y columns (symbols for a categorical HMM) and an LDS's u columns. */
    public static List<ObservedSequence> read(Model model, String spec) throws DataException {
        Path path = Path.of(spec);
        if (!Files.isRegularFile(path)) {
            throw new DataException("no data file " + spec + " (a " + ModelFile.fileName(model.kind()) + " model reads a CSV file with columns sequence, y.0, ...)");
        }
        if (model.kind() == Model.Kind.LDS) {
            return read(path, model.lds().observation(), model.lds().input(), 0);
        }
        HmmDescription h = model.hmm();
        return read(path, h.observationWidth(), 0, h.emission() == HmmDescription.Emission.CATEGORICAL ? h.symbols() : 0);
    }

    /**
     * @param observations m, the y columns
     * @param inputs       k, the u columns
     * @param symbols      M for categorical observations (each a whole number 0 ... M-1), 0 for numbers
     */
    public static List<ObservedSequence> read(Path file, int observations, int inputs, int symbols) throws DataException {
        // the data loader's limits and encoding checks: observations are no smaller than its rows
        try (TextFiles.Lines lines = TextFiles.lines(file, CsvData.MAX_FILE, CsvData.MAX_LINE)) {
            return read(lines, file.getFileName().toString(), observations, inputs, symbols);
        } catch (TextFiles.TextException e) {
            throw new DataException(e.getMessage());
        } catch (IOException e) {
            throw new DataException("cannot read " + file + ": " + e.getMessage());
        }
    }

    private static List<ObservedSequence> read(TextFiles.Lines lines, String source, int observations, int inputs, int symbols)
            throws IOException, DataException {
        String[] header = CsvRows.header(lines, source, "sequence, y.0, ...");
        long headerLine = lines.number();
        int sequenceColumn = -1;
        int[] yColumn = new int[observations];
        int[] uColumn = new int[inputs];
        java.util.Arrays.fill(yColumn, -1);
        java.util.Arrays.fill(uColumn, -1);
        for (int i = 0; i < header.length; i++) {
            String name = header[i].trim();
            int unit = unit(name);
            if (name.equals("sequence")) {
                sequenceColumn = i;
            } else if (name.startsWith("y.") && unit >= 0 && unit < observations && yColumn[unit] < 0) {
                yColumn[unit] = i;
            } else if (name.startsWith("u.") && unit >= 0 && unit < inputs && uColumn[unit] < 0) {
                uColumn[unit] = i;
            } else if (!(name.startsWith("x.") || name.startsWith("state.")) || unit < 0) {
                throw new DataException(source + " line " + headerLine + ": column '" + name + "' is not sequence, y.0 to y." + (observations - 1)
                        + (inputs > 0 ? " or u.0 to u." + (inputs - 1) : "") + " (each once)");
            }
        }
        if (sequenceColumn < 0) {
            throw new DataException(source + " line " + headerLine + ": there is no 'sequence' column (it names the sequence each row belongs to)");
        }
        for (int[] columns : List.of(yColumn, uColumn)) {
            for (int c = 0; c < columns.length; c++) {
                if (columns[c] < 0) {
                    throw new DataException(source + " line " + headerLine + ": column '" + (columns == yColumn ? "y." : "u.") + c + "' is missing");
                }
            }
        }
        List<ObservedSequence> sequences = new ArrayList<>();
        CsvRows.blocks(lines, header.length, sequenceColumn, source, block -> {
            double[][] y = new double[block.rows().size()][observations];
            double[][] u = new double[block.rows().size()][inputs];
            for (int t = 0; t < y.length; t++) {
                String[] cells = block.rows().get(t);
                int line = block.lines().get(t);
                for (int c = 0; c < observations; c++) {
                    String cell = cells[yColumn[c]].trim();
                    y[t][c] = cell.isEmpty() ? Double.NaN : number(cell, source, line, "y." + c);
                    if (symbols > 0 && !cell.isEmpty() && (y[t][c] != Math.rint(y[t][c]) || y[t][c] < 0 || y[t][c] >= symbols)) {
                        throw new DataException(source + " line " + line + ": 'y." + c + "' is '" + cell + "', not a symbol 0 to " + (symbols - 1));
                    }
                }
                for (int c = 0; c < inputs; c++) {
                    u[t][c] = number(cells[uColumn[c]].trim(), source, line, "u." + c);
                }
            }
            sequences.add(new ObservedSequence(block.id(), y, u));
        });
        return sequences;
    }

    private static int unit(String name) {
        int dot = name.indexOf('.');
        try {
            return dot < 0 ? -1 : Integer.parseInt(name.substring(dot + 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static double number(String cell, String source, int line, String column) throws DataException {
        try {
            double v = Double.parseDouble(cell);
            if (Double.isFinite(v)) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new DataException(source + " line " + line + ": '" + column + "' is '" + cell + "', not a number");
    }
}
