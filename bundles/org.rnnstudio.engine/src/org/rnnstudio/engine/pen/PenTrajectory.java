package org.rnnstudio.engine.pen;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.rnnstudio.model.TextFiles;

/**
 * The pen's trajectory as a network reads it: one step per move, (dx, dy, pen), where pen is 1 while the move
 * draws and 0 for the move with the pen lifted to the start of the next stroke. Strokes are lists of points
 * (x, y), y pointing up; the generator, a recorded file and the writing pad all become steps through
 * {@link #encode}.
 */
public final class PenTrajectory {

    /** The columns of a step. */
    public static final int DX = 0;
    public static final int DY = 1;
    public static final int PEN = 2;

    /** A recorded file may hold at most this many points: a person writes a word in a few hundred. */
    public static final int MAX_POINTS = 100_000;

    /** The most points a resampled path may have: a path longer than this, at its spacing, is not a word. */
    public static final int MAX_RESAMPLED = 1_000_000;

    /** A recorded file's largest size: MAX_POINTS lines of a few dozen characters fit many times over. */
    private static final long MAX_FILE = 16L << 20;

    private PenTrajectory() {
    }

    /**
     * Steps from strokes: each later point of a stroke is a drawing move from the one before; the first point of
     * every stroke after the first is reached with the pen up. A stroke of one point (a dot) is one drawing move of
     * length 0.
     */
    public static double[][] encode(List<List<double[]>> strokes) {
        List<double[]> steps = new ArrayList<>();
        double[] at = null;
        for (List<double[]> stroke : strokes) {
            if (stroke.isEmpty()) {
                continue;
            }
            double[] start = stroke.get(0);
            if (at != null) {
                steps.add(new double[] {start[0] - at[0], start[1] - at[1], 0});
            }
            if (stroke.size() == 1) {
                steps.add(new double[] {0, 0, 1});
            }
            for (int i = 1; i < stroke.size(); i++) {
                double[] from = stroke.get(i - 1);
                double[] to = stroke.get(i);
                steps.add(new double[] {to[0] - from[0], to[1] - from[1], 1});
            }
            at = stroke.get(stroke.size() - 1);
        }
        return steps.toArray(new double[0][]);
    }

    /** Strokes back from steps, starting at (0, 0): what a viewer draws. */
    public static List<List<double[]>> decode(double[][] steps) {
        List<List<double[]>> strokes = new ArrayList<>();
        List<double[]> stroke = null;
        double x = 0;
        double y = 0;
        for (double[] step : steps) {
            double fromX = x;
            double fromY = y;
            x += step[DX];
            y += step[DY];
            if (step[PEN] < 0.5) {
                stroke = null;
                continue;
            }
            if (stroke == null) {
                stroke = new ArrayList<>();
                stroke.add(new double[] {fromX, fromY});
                strokes.add(stroke);
            }
            stroke.add(new double[] {x, y});
        }
        return strokes;
    }

    /** Each stroke with its points placed {@code spacing} apart along the path, as a pen moving at an even speed. */
    public static List<List<double[]>> resample(List<List<double[]>> strokes, double spacing) {
        return resample(strokes, spacing, MAX_RESAMPLED);
    }

    /** As {@link #resample(List, double)}, refusing a path of more than {@code most} points before making one. */
    public static List<List<double[]>> resample(List<List<double[]>> strokes, double spacing, int most) {
        if (!(spacing > 0)) {
            throw new IllegalArgumentException("the pen's spacing must be above 0, not " + spacing);
        }
        double path = 0;
        for (List<double[]> stroke : strokes) {
            for (int i = 1; i < stroke.size(); i++) {
                path += Math.hypot(stroke.get(i)[0] - stroke.get(i - 1)[0], stroke.get(i)[1] - stroke.get(i - 1)[1]);
            }
        }
        // counted before a point is made: a path from a file can be as long as a double allows
        if (!(path / spacing <= most)) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                    "the trajectory's path is %.3g times the pen's spacing; what is written is at most %d", path / spacing, most));
        }
        List<List<double[]>> resampled = new ArrayList<>();
        for (List<double[]> stroke : strokes) {
            List<double[]> points = new ArrayList<>();
            points.add(stroke.get(0).clone());
            double carried = 0;
            for (int i = 1; i < stroke.size(); i++) {
                double[] a = stroke.get(i - 1);
                double[] b = stroke.get(i);
                double length = Math.hypot(b[0] - a[0], b[1] - a[1]);
                double along = spacing - carried;
                while (along <= length) {
                    double f = along / length;
                    points.add(new double[] {a[0] + f * (b[0] - a[0]), a[1] + f * (b[1] - a[1])});
                    along += spacing;
                }
                carried = length - (along - spacing);
            }
            double[] end = stroke.get(stroke.size() - 1);
            double[] last = points.get(points.size() - 1);
            if (Math.hypot(end[0] - last[0], end[1] - last[1]) > 1e-9) {
                points.add(end.clone());
            }
            resampled.add(points);
        }
        return resampled;
    }

    /**
     * A recorded trajectory: a CSV file with the header {@code stroke,x,y} and one point a line; a new stroke number
     * lifts the pen. y points up.
     */
    public static List<List<double[]>> readCsv(Path file) throws IOException {
        List<List<double[]>> strokes = new ArrayList<>();
        try (TextFiles.Lines in = TextFiles.lines(file, MAX_FILE, 1000)) {
            String header = in.next();
            if (header == null || !header.strip().equals("stroke,x,y")) {
                throw new IOException(file + ": line 1: a trajectory starts with the header 'stroke,x,y'");
            }
            String line;
            int number = 1;
            String currentStroke = null;
            int points = 0;
            while ((line = in.next()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                if (++points > MAX_POINTS) {
                    throw new IOException(file + ": line " + number + ": more than " + MAX_POINTS + " points");
                }
                String[] cells = line.split(",", -1);
                if (cells.length != 3) {
                    throw new IOException(file + ": line " + number + ": 3 values (stroke, x, y) expected, found " + cells.length);
                }
                double x = coordinate(cells[1], file, number);
                double y = coordinate(cells[2], file, number);
                if (!cells[0].strip().equals(currentStroke)) {
                    currentStroke = cells[0].strip();
                    strokes.add(new ArrayList<>());
                }
                strokes.get(strokes.size() - 1).add(new double[] {x, y});
            }
        }
        if (strokes.isEmpty()) {
            throw new IOException(file + ": the trajectory has no points");
        }
        return strokes;
    }

    private static double coordinate(String cell, Path file, int line) throws IOException {
        try {
            double v = Double.parseDouble(cell.strip());
            if (Double.isFinite(v)) {
                return v;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        String shown = cell.length() > 24 ? cell.substring(0, 24) + "..." : cell;
        throw new IOException(file + ": line " + line + ": '" + shown.replaceAll("\\p{Cntrl}", "?") + "' is not a finite number");
    }
}
