package org.rnnstudio.engine.pen;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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
        if (!(spacing > 0)) {
            throw new IllegalArgumentException("the pen's spacing must be above 0, not " + spacing);
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
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = in.readLine();
            if (header == null || !header.replace("\uFEFF", "").strip().equals("stroke,x,y")) {
                throw new IOException(file + ": line 1: a trajectory starts with the header 'stroke,x,y'");
            }
            String line;
            int number = 1;
            String currentStroke = null;
            int points = 0;
            while ((line = in.readLine()) != null) {
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
