package org.rnnstudio.ui.dynamics;

import java.util.ArrayList;
import java.util.List;

import org.rnnstudio.engine.dynamics.Dynamics;
import org.rnnstudio.engine.dynamics.FixedPoint;
import org.rnnstudio.engine.dynamics.Projection;
import org.rnnstudio.engine.dynamics.StepMap;

/**
 * What the Dynamics view draws, computed off the UI thread: every run's first steps projected on the plane,
 * the fixed points with their class, and the chosen units of the first run over time for the strip chart.
 */
record Picture(Dynamics.Report report, String xLabel, String yLabel, List<double[][]> runs, List<double[]> points,
        List<FixedPoint.Stability> kinds, String[] stripUnits, double[][] strip) {

    /** More steps than this would bury a chaotic portrait in lines. */
    static final int PORTRAIT_STEPS = 300;
    static final int STRIP_STEPS = 200;

    static Picture of(Dynamics.Report report, Projection projection, int[] stripUnits) {
        List<double[][]> runs = new ArrayList<>();
        for (double[][] states : report.runs()) {
            double[][] projected = new double[Math.min(states.length, PORTRAIT_STEPS)][];
            for (int t = 0; t < projected.length; t++) {
                projected[t] = projection.project(states[t]);
            }
            runs.add(projected);
        }
        List<double[]> points = new ArrayList<>();
        List<FixedPoint.Stability> kinds = new ArrayList<>();
        for (FixedPoint p : report.fixedPoints()) {
            points.add(projection.project(p.state()));
            kinds.add(p.stability());
        }
        StepMap map = report.map();
        double[][] first = report.runs().get(0);
        String[] names = new String[stripUnits.length];
        double[][] strip = new double[stripUnits.length][Math.min(first.length, STRIP_STEPS)];
        for (int u = 0; u < stripUnits.length; u++) {
            names[u] = map.unitName(stripUnits[u]);
            for (int t = 0; t < strip[u].length; t++) {
                strip[u][t] = first[t][stripUnits[u]];
            }
        }
        return new Picture(report, projection.label(0), projection.label(1), runs, points, kinds, names, strip);
    }
}
