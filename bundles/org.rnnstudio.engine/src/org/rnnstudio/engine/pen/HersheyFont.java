package org.rnnstudio.engine.pen;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A Hershey font in James Hurt's ".jhf" format, as Debian's hershey-fonts-data installs it: one glyph per line
 * for the printable ASCII characters from space on, each a 5-digit number, a 3-digit count of coordinate
 * pairs, the left and right margins, then the pen's path as pairs of letters (coordinate = letter - 'R', y
 * pointing down); " R" lifts the pen.
 */
public final class HersheyFont {

    /** Where Debian installs the fonts. */
    public static final Path FOLDER = Path.of("/usr/share/hershey-fonts");

    /** One character: its strokes (each a list of points x, y with y up) and its width from margin to margin. */
    public record Glyph(List<List<double[]>> strokes, int left, int right) {
        public int width() {
            return right - left;
        }
    }

    private final String name;
    private final List<Glyph> glyphs;

    private HersheyFont(String name, List<Glyph> glyphs) {
        this.name = name;
        this.glyphs = glyphs;
    }

    /** A font by name (cursive, scripts, scriptc, ...) from Debian's folder. */
    public static HersheyFont named(String name) throws IOException {
        Path file = FOLDER.resolve(name + ".jhf");
        if (!Files.isRegularFile(file)) {
            throw new IOException("no Hershey font '" + name + "' in " + FOLDER + " (install Debian's hershey-fonts-data)");
        }
        return read(file);
    }

    public static HersheyFont read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
        List<Glyph> glyphs = new ArrayList<>();
        // a glyph longer than a line goes on over the next lines, which do not start with its number
        StringBuilder current = null;
        for (String line : lines) {
            if (current != null && (line.length() < 8 || !line.substring(0, 8).trim().matches("\\d+\\s+\\d+"))) {
                current.append(line);
                continue;
            }
            if (current != null) {
                glyphs.add(parse(current.toString(), file));
            }
            current = new StringBuilder(line);
        }
        if (current != null) {
            glyphs.add(parse(current.toString(), file));
        }
        return new HersheyFont(file.getFileName().toString().replaceFirst("\\.jhf$", ""), glyphs);
    }

    static Glyph parse(String line, Path file) throws IOException {
        if (line.length() < 10) {
            throw new IOException(file + ": a glyph line is too short: '" + line.strip() + "'");
        }
        int pairs;
        try {
            pairs = Integer.parseInt(line.substring(5, 8).trim());
        } catch (NumberFormatException e) {
            throw new IOException(file + ": no coordinate count in '" + line.substring(0, 8) + "'");
        }
        String path = line.substring(8);
        if (path.length() < 2 * pairs) {
            throw new IOException(file + ": a glyph announces " + pairs + " pairs but has " + path.length() / 2);
        }
        int left = path.charAt(0) - 'R';
        int right = path.charAt(1) - 'R';
        List<List<double[]>> strokes = new ArrayList<>();
        List<double[]> stroke = new ArrayList<>();
        for (int i = 1; i < pairs; i++) {
            char x = path.charAt(2 * i);
            char y = path.charAt(2 * i + 1);
            if (x == ' ' && y == 'R') {
                if (!stroke.isEmpty()) {
                    strokes.add(stroke);
                }
                stroke = new ArrayList<>();
                continue;
            }
            // files count y downwards; pen data count it upwards
            stroke.add(new double[] {x - 'R', -(y - 'R')});
        }
        if (!stroke.isEmpty()) {
            strokes.add(stroke);
        }
        return new Glyph(strokes, left, right);
    }

    public String name() {
        return name;
    }

    /** The glyph of a printable ASCII character, or null when the font has none. */
    public Glyph glyph(char c) {
        int index = c - ' ';
        return index >= 0 && index < glyphs.size() ? glyphs.get(index) : null;
    }
}
