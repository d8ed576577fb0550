package org.rnnstudio.ui.pen;

import java.util.ArrayList;
import java.util.List;

import org.rnnstudio.engine.pen.HandwritingData;

/**
 * What a person writes with the mouse, as strokes: a press starts a stroke, each move while pressed adds a point,
 * the release lifts the pen. Screen coordinates (y pointing down) become the pen's (y pointing up), so that the
 * pad, a recorded file and the generator all reach the network as the same steps ({@link HandwritingData#steps}).
 */
public final class PenPad {

    private final List<List<double[]>> strokes = new ArrayList<>();
    private boolean down;

    public void press(double x, double y) {
        List<double[]> stroke = new ArrayList<>();
        stroke.add(new double[] {x, -y});
        strokes.add(stroke);
        down = true;
    }

    /** A move while pressed draws; a move to where the pen already is adds nothing. */
    public void move(double x, double y) {
        if (!down) {
            return;
        }
        List<double[]> stroke = strokes.get(strokes.size() - 1);
        double[] last = stroke.get(stroke.size() - 1);
        if (last[0] != x || last[1] != -y) {
            stroke.add(new double[] {x, -y});
        }
    }

    public void release() {
        down = false;
    }

    public boolean isDown() {
        return down;
    }

    public boolean isEmpty() {
        return strokes.isEmpty();
    }

    public void clear() {
        strokes.clear();
        down = false;
    }

    /** The strokes so far, y pointing up, in screen units. */
    public List<List<double[]>> strokes() {
        List<List<double[]>> copy = new ArrayList<>();
        for (List<double[]> stroke : strokes) {
            List<double[]> points = new ArrayList<>();
            for (double[] p : stroke) {
                points.add(p.clone());
            }
            copy.add(points);
        }
        return copy;
    }

    /** The steps (dx, dy, pen) the network reads. */
    public double[][] steps() {
        return HandwritingData.steps(strokes);
    }
}
