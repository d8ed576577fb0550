package org.rnnstudio.engine;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

import org.rnnstudio.model.AtomicFiles;

/**
 * Every finished run of a model kept in a folder of its own beside the model, {@code MODEL.runs/<time>/}:
 * its weights, its metrics and the settings it used, as the session wrote them, and how it ended. Training
 * again overwrites the files beside the model; the history keeps the runs to compare and to go back to.
 */
public final class RunHistory {

    public static final String WEIGHTS = "weights.json";
    public static final String METRICS = "metrics.csv";
    public static final String SETTINGS = "training.json";
    public static final String ABOUT = "run.properties";

    /** Folder names sort as the runs ran; UTC, so that a run's name is the same on every machine. */
    private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private RunHistory() {
    }

    /** One kept run. {@code metrics} rows are {@link TrainingSession#METRICS_COLUMNS}. */
    public record Run(Path folder, Instant finished, String ending, List<double[]> metrics) {
        public Path weights() {
            return folder.resolve(WEIGHTS);
        }

        public Path settings() {
            return folder.resolve(SETTINGS);
        }

        public String name() {
            return folder.getFileName().toString();
        }

        /** The last epoch's row, or null for a run stopped before its first epoch ended. */
        public double[] last() {
            return metrics.isEmpty() ? null : metrics.get(metrics.size() - 1);
        }
    }

    /** The folder of a model's runs: {@code adder.rnn}'s are in {@code adder.runs}. */
    public static Path folderOf(Path modelFile) {
        String weights = TrainingSession.weightsBeside(modelFile).getFileName().toString();
        return modelFile.toAbsolutePath().resolveSibling(weights.substring(0, weights.length() - ".weights.json".length()) + ".runs");
    }

    /**
     * Copies what a session wrote into a new run folder. The weights go first and alone decide whether the
     * run is kept: metrics and settings that could not be written are missing from the run, not fatal.
     */
    public static Run keep(Path modelFile, TrainingSession.Outcome outcome, String ending, Instant finished) throws IOException {
        Path runs = folderOf(modelFile);
        Path folder = runs.resolve(NAME.format(finished));
        for (int n = 2; Files.exists(folder); n++) {
            folder = runs.resolve(NAME.format(finished) + "-" + n);
        }
        Files.createDirectories(folder);
        AtomicFiles.write(folder.resolve(WEIGHTS), Files.readAllBytes(outcome.weights()));
        copyIfThere(outcome.metrics(), folder.resolve(METRICS));
        copyIfThere(outcome.settings(), folder.resolve(SETTINGS));
        Properties about = new Properties();
        about.setProperty("finished", finished.toString());
        about.setProperty("ending", ending);
        StringWriter text = new StringWriter();
        about.store(text, null);
        AtomicFiles.writeString(folder.resolve(ABOUT), text.toString());
        return read(folder);
    }

    private static void copyIfThere(Path from, Path to) throws IOException {
        if (from != null && Files.isRegularFile(from)) {
            AtomicFiles.write(to, Files.readAllBytes(from));
        }
    }

    /** The model's runs, newest first; folders without weights are not runs. */
    public static List<Run> list(Path modelFile) throws IOException {
        Path runs = folderOf(modelFile);
        List<Run> found = new ArrayList<>();
        if (!Files.isDirectory(runs)) {
            return found;
        }
        try (Stream<Path> folders = Files.list(runs)) {
            for (Path folder : (Iterable<Path>) folders::iterator) {
                if (Files.isRegularFile(folder.resolve(WEIGHTS))) {
                    found.add(read(folder));
                }
            }
        }
        found.sort(Comparator.comparing(Run::finished).thenComparing(Run::name).reversed());
        return found;
    }

    static Run read(Path folder) throws IOException {
        Properties about = new Properties();
        Path aboutFile = folder.resolve(ABOUT);
        Instant finished = Files.getLastModifiedTime(folder.resolve(WEIGHTS)).toInstant();
        String ending = "";
        if (Files.isRegularFile(aboutFile)) {
            try (Reader in = new StringReader(Files.readString(aboutFile))) {
                about.load(in);
            }
            finished = Instant.parse(about.getProperty("finished", finished.toString()));
            ending = about.getProperty("ending", "");
        }
        Path metrics = folder.resolve(METRICS);
        return new Run(folder, finished, ending, Files.isRegularFile(metrics) ? metrics(Files.readAllLines(metrics)) : List.of());
    }

    /** The rows of a metrics file: its comment line of settings and its header are skipped. */
    static List<double[]> metrics(List<String> lines) {
        List<double[]> rows = new ArrayList<>();
        for (String line : lines) {
            if (line.isBlank() || line.startsWith("#") || line.startsWith("epoch")) {
                continue;
            }
            String[] cells = line.split(",");
            double[] row = new double[cells.length];
            for (int i = 0; i < cells.length; i++) {
                row[i] = Double.parseDouble(cells[i]);
            }
            rows.add(row);
        }
        return rows;
    }
}
