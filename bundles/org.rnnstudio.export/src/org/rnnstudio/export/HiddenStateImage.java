package org.rnnstudio.export;

import java.awt.Color;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.rnnstudio.model.HmmDescription;
import org.rnnstudio.model.LdsDescription;
import org.rnnstudio.model.Model;

/**
 * Pictures of the two hidden-state models in the network pictures' style: a linear dynamical system as the
 * lecture's figure 7-1-2 (driving inputs, the hidden state with its transition to the next step, the
 * observations, three steps of time, the noise written beside what it disturbs) and a hidden Markov model
 * as its state graph (states, arrows labelled with transition probabilities, the emissions on the states).
 * The numbers are the given parameters (trained weights, or the model's starting values); a parameter set
 * without values is drawn by its name alone.
 */
public final class HiddenStateImage {

    private static final int MARGIN = 20;
    private static final int STEPS = 3;
    private static final int COLUMN = 240;
    private static final int BOX_W = 150;
    private static final int BOX_H = 44;
    private static final int ROW = 120;
    private static final int STATE_R = 48;
    private static final int LOOP_R = 18;
    /** More states than this make a graph nobody reads: the first ones are drawn and the rest counted. */
    private static final int MAX_STATES = 10;
    /** Transitions below this probability are left out so that the likely ones can be read. */
    private static final double SHOWN = 0.005;

    private HiddenStateImage() {
    }

    /** The picture's bytes, PNG or SVG, for a model of kind lds or hmm. */
    public static byte[] write(Model model, Map<String, double[][]> parameters, boolean svg) {
        Picture p = picture(model, parameters);
        return svg ? p.svg() : p.png();
    }

    static Picture picture(Model model, Map<String, double[][]> parameters) {
        return switch (model.kind()) {
        case LDS -> lds(model.lds(), parameters);
        case HMM -> hmm(model.hmm(), parameters);
        default -> throw new IllegalArgumentException("a network is drawn by DiagramImage");
        };
    }

    // --- the linear dynamical system ---------------------------------------------------------------------

    private static Picture lds(LdsDescription lds, Map<String, double[][]> parameters) {
        boolean driven = lds.input() > 0;
        int rows = driven ? 3 : 2;
        int width = 2 * MARGIN + (STEPS - 1) * COLUMN + BOX_W + 60;
        int height = 2 * MARGIN + 46 + (rows - 1) * ROW + BOX_H + 40;
        Picture p = new Picture(width, height);
        p.add(new Picture.Text(MARGIN, MARGIN + 12, "Linear dynamical system: x(t) = A x(t-1)" + (driven ? " + B u(t)" : "") + " + w,  y(t) = C x(t)"
                + (driven ? " + D u(t)" : "") + " + v", 13, Picture.BLACK, true));
        p.add(new Picture.Text(MARGIN, MARGIN + 30, "the first hidden state x(1) ~ N(mu0, V0)", 11, Picture.DARK_GRAY, false));
        double top = MARGIN + 56;
        double observed = top;
        double hidden = top + ROW;
        double input = top + 2 * ROW;
        String[] step = {"t-1", "t", "t+1"};
        for (int s = 0; s < STEPS; s++) {
            double x = MARGIN + 30 + s * COLUMN;
            double cx = x + BOX_W / 2.0;
            box(p, x, observed, DiagramImage.OUTPUT_FILL, "y(" + step[s] + ")", "observation, " + dims(lds.observation()));
            box(p, x, hidden, DiagramImage.HIDDEN_FILL, "x(" + step[s] + ")", "hidden state, " + dims(lds.state()));
            arrow(p, new double[] {cx, hidden, cx, observed + BOX_H}, "C" + values(parameters, "C"), cx + 6, (hidden + observed + BOX_H) / 2 + 4);
            if (driven) {
                box(p, x, input, DiagramImage.INPUT_FILL, "u(" + step[s] + ")", "driving input, " + dims(lds.input()));
                arrow(p, new double[] {cx, input, cx, hidden + BOX_H}, "B" + values(parameters, "B"), cx + 6, (input + hidden + BOX_H) / 2 + 4);
                // round the hidden state's right side, so that the inputs' direct path to the observations reads as one
                arrow(p, new double[] {x + BOX_W, input + BOX_H / 2.0, x + BOX_W + 12, input + BOX_H / 2.0, x + BOX_W + 12, observed + BOX_H / 2.0,
                    x + BOX_W, observed + BOX_H / 2.0}, "D" + values(parameters, "D"), x + BOX_W + 16, (hidden + BOX_H + input) / 2 + 4);
            }
            if (s + 1 < STEPS) {
                arrow(p, new double[] {x + BOX_W, hidden + BOX_H / 2.0, x + COLUMN, hidden + BOX_H / 2.0}, "A" + values(parameters, "A"),
                        x + BOX_W + 18, hidden + BOX_H / 2.0 - 6);
            }
            p.add(new Picture.Text(cx + 6, hidden + BOX_H + 16, "+ w ~ N(0, Q), " + noise(lds.stateNoise()), 11, Picture.DARK_GRAY, false));
            p.add(new Picture.Text(x, observed - 6, "+ v ~ N(0, R), " + noise(lds.observationNoise()), 11, Picture.DARK_GRAY, false));
        }
        p.add(new Picture.Text(MARGIN + 30, height - MARGIN + 6, "time \u2192", 12, Picture.GRAY, false));
        return p;
    }

    private static void box(Picture p, double x, double y, Color fill, String name, String what) {
        p.add(new Picture.Box(x, y, BOX_W, BOX_H, 12, fill, Picture.DARK_GRAY, 1.5));
        p.add(new Picture.Text(x + 10, y + 18, name, 13, Picture.BLACK, true));
        p.add(new Picture.Text(x + 10, y + 35, what, 11, Picture.DARK_GRAY, false));
    }

    private static void arrow(Picture p, double[] xy, String label, double lx, double ly) {
        p.add(new Picture.Line(xy, Picture.DARK_GRAY, 1.5, false, true));
        p.add(new Picture.Text(lx, ly, label, 11, Picture.BLACK, false));
    }

    private static String dims(int n) {
        return n + (n == 1 ? " dim" : " dims");
    }

    private static String noise(LdsDescription.Noise noise) {
        return noise.name().toLowerCase(Locale.ROOT);
    }

    /** A small matrix written out beside its name, a large one by its name alone. */
    private static String values(Map<String, double[][]> parameters, String name) {
        double[][] m = parameters.get(name);
        if (m == null || m.length * (m.length == 0 ? 0 : m[0].length) > 4) {
            return "";
        }
        StringBuilder text = new StringBuilder(" = [");
        for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < m[i].length; j++) {
                text.append(j == 0 ? "" : " ").append(number(m[i][j]));
            }
            text.append(i + 1 < m.length ? "; " : "]");
        }
        return text.toString();
    }

    // --- the hidden Markov model -------------------------------------------------------------------------

    private static Picture hmm(HmmDescription hmm, Map<String, double[][]> parameters) {
        int drawn = Math.min(hmm.states(), MAX_STATES);
        double ring = drawn == 1 ? 0 : Math.max(130, drawn * 2 * STATE_R * 1.3 / (2 * Math.PI));
        double reach = ring + STATE_R + 10 + 2 * LOOP_R + 24;
        double centreX = MARGIN + reach;
        double centreY = MARGIN + 30 + (drawn == 2 ? STATE_R + 20 : reach);
        Picture p = new Picture((int) Math.ceil(2 * centreX), (int) Math.ceil(centreY + (drawn == 2 ? STATE_R + 30 : reach) + MARGIN));
        p.add(new Picture.Text(MARGIN, MARGIN + 12, "Hidden Markov model: " + hmm.states() + " states, " + hmm.emission().name().toLowerCase(Locale.ROOT)
                + " emissions" + (drawn < hmm.states() ? " (the first " + drawn + " drawn)" : ""), 13, Picture.BLACK, true));
        double[][] xy = new double[drawn][];
        for (int i = 0; i < drawn; i++) {
            double angle = Math.PI + 2 * Math.PI * i / drawn;
            xy[i] = new double[] {centreX + ring * Math.cos(angle), centreY + ring * Math.sin(angle)};
        }
        double[][] a = parameters.get("A");
        double[][] pi = parameters.get("pi");
        for (int i = 0; i < drawn; i++) {
            for (int j = 0; j < drawn; j++) {
                if (a == null || a[i][j] >= SHOWN) {
                    transition(p, xy[i], xy[j], a == null ? "A" + (i + 1) + "," + (j + 1) : number(a[i][j]), centreX, centreY);
                }
            }
        }
        List<String> names = hmm.stateNames();
        for (int i = 0; i < drawn; i++) {
            p.add(new Picture.Circle(xy[i][0], xy[i][1], STATE_R, DiagramImage.UNIT_FILL, Picture.DARK_GRAY));
            String name = i < names.size() ? names.get(i) : "state " + (i + 1);
            p.add(new Picture.Text(xy[i][0] - 3.5 * name.length(), xy[i][1] - 16, name, 13, Picture.BLACK, true));
            List<String> lines = emission(hmm, parameters, i);
            for (int l = 0; l < lines.size(); l++) {
                p.add(new Picture.Text(xy[i][0] - 3 * lines.get(l).length(), xy[i][1] + 2 + 12 * l, lines.get(l), 10, Picture.DARK_GRAY, false));
            }
            if (pi != null) {
                p.add(new Picture.Text(xy[i][0] - 24, xy[i][1] + 2 + 12 * lines.size(), "start " + number(pi[0][i]), 10, Picture.GRAY, false));
            }
        }
        return p;
    }

    /**
     * An arrow between two states, bent to the right of its direction so that i to j and j to i are two
     * arrows; a self-transition is a loop on the side away from the graph's centre.
     */
    private static void transition(Picture p, double[] from, double[] to, String label, double cx, double cy) {
        if (from == to) {
            double ox = from[0] - cx;
            double oy = from[1] - cy;
            double length = Math.hypot(ox, oy);
            double ux = length < 1 ? 0 : ox / length;
            double uy = length < 1 ? -1 : oy / length;
            double lx = from[0] + ux * (STATE_R + 10);
            double ly = from[1] + uy * (STATE_R + 10);
            double inward = Math.atan2(-uy, -ux);
            int points = 24;
            double[] loop = new double[2 * points];
            for (int k = 0; k < points; k++) {
                double phi = inward + Math.toRadians(50) + k * Math.toRadians(260) / (points - 1);
                loop[2 * k] = lx + LOOP_R * Math.cos(phi);
                loop[2 * k + 1] = ly + LOOP_R * Math.sin(phi);
            }
            p.add(new Picture.Line(loop, Picture.DARK_GRAY, 1.3, false, true));
            p.add(new Picture.Text(lx + ux * (LOOP_R + 14) - 12, ly + uy * (LOOP_R + 14) + 4, label, 11, Picture.BLACK, false));
            return;
        }
        double dx = to[0] - from[0];
        double dy = to[1] - from[1];
        double length = Math.hypot(dx, dy);
        double ux = dx / length;
        double uy = dy / length;
        double nx = -uy;
        double ny = ux;
        double bend = 14;
        double sx = from[0] + ux * STATE_R + nx * 6;
        double sy = from[1] + uy * STATE_R + ny * 6;
        double ex = to[0] - ux * STATE_R + nx * 6;
        double ey = to[1] - uy * STATE_R + ny * 6;
        double mx = (from[0] + to[0]) / 2 + nx * bend;
        double my = (from[1] + to[1]) / 2 + ny * bend;
        p.add(new Picture.Line(new double[] {sx, sy, mx, my, ex, ey}, Picture.DARK_GRAY, 1.3, false, true));
        p.add(new Picture.Text(mx + nx * 8 - 12, my + ny * 8 + 4, label, 11, Picture.BLACK, false));
    }

    /** What state i emits: its three likeliest symbols, or its Gaussian's means and variances (two dimensions). */
    private static List<String> emission(HmmDescription hmm, Map<String, double[][]> parameters, int i) {
        if (hmm.emission() == HmmDescription.Emission.CATEGORICAL) {
            double[][] b = parameters.get("B");
            if (b == null) {
                return List.of("emits B" + (i + 1));
            }
            Integer[] order = new Integer[b[i].length];
            for (int s = 0; s < order.length; s++) {
                order[s] = s;
            }
            Arrays.sort(order, (u, v) -> Double.compare(b[i][v], b[i][u]));
            List<String> symbols = hmm.symbolNames();
            List<String> lines = new ArrayList<>();
            for (int k = 0; k < Math.min(3, order.length); k++) {
                int s = order[k];
                lines.add((s < symbols.size() ? symbols.get(s) : Integer.toString(s)) + ": " + number(b[i][s]));
            }
            return lines;
        }
        double[][] mean = parameters.get("means");
        double[][] variance = parameters.get("variances");
        if (mean == null || variance == null) {
            return List.of("N(mean" + (i + 1) + ", var" + (i + 1) + ")");
        }
        StringBuilder m = new StringBuilder("\u03bc ");
        StringBuilder v = new StringBuilder("\u03c3\u00b2 ");
        for (int d = 0; d < Math.min(2, mean[i].length); d++) {
            m.append(d == 0 ? "" : " ").append(number(mean[i][d]));
            v.append(d == 0 ? "" : " ").append(number(variance[i][d]));
        }
        return List.of(m.toString(), v.toString());
    }

    private static String number(double v) {
        return String.format(Locale.ROOT, Math.abs(v) >= 100 || v == Math.rint(v) ? "%.0f" : "%.2f", v);
    }
}
