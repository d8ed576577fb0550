package org.rnnstudio.ui.training;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.Rectangle;
import org.rnnstudio.model.HmmDescription;
import org.rnnstudio.model.Model;

/**
 * The posterior probability of each state of the active HMM over one sequence of its data, as a heatmap (a
 * row per state, a column per step, darker = more probable) with the Viterbi path over it in red and the
 * observations beneath.
 */
public class HmmView extends HiddenStateView {

    public static final String ID = "org.rnnstudio.ui.hmm";
    private static final int LEFT = 90;
    private static final int TOP = 10;
    private static final int SHADES = 64;

    @Override
    protected Model.Kind kind() {
        return Model.Kind.HMM;
    }

    /** The posterior probabilities drawn, [step][state], or null. */
    public double[][] posterior() {
        HiddenStateInference i = shown();
        return i == null || i.posterior() == null ? null : i.posterior().posterior();
    }

    /** The Viterbi path drawn, or null. */
    public int[] viterbi() {
        HiddenStateInference i = shown();
        return i == null || i.viterbi() == null ? null : i.viterbi().states();
    }

    @Override
    protected String csv(HiddenStateInference inference) {
        double[][] posterior = inference.posterior().posterior();
        int[] path = inference.viterbi().states();
        double[][] y = inference.sequence().y();
        StringBuilder out = new StringBuilder("step,observed,viterbi state");
        for (int s = 0; s < posterior[0].length; s++) {
            out.append(",P(state ").append(s).append(')');
        }
        out.append('\n');
        for (int t = 0; t < posterior.length; t++) {
            out.append(t).append(',').append(Double.isNaN(y[t][0]) ? "" : Double.toString(y[t][0])).append(',').append(path[t]);
            for (double p : posterior[t]) {
                out.append(',').append(p);
            }
            out.append('\n');
        }
        return out.toString();
    }

    @Override
    protected void paint(Drawing gc, HiddenStateInference inference) {
        HmmDescription h = inference.model().hmm();
        double[][] posterior = inference.posterior().posterior();
        int[] path = inference.viterbi().states();
        double[][] y = inference.sequence().y();
        Rectangle area = canvas.getClientArea();
        int steps = posterior.length;
        int n = h.states();
        int width = Math.max(1, area.width - LEFT - 20);
        int observationsHeight = 90;
        int rowHeight = Math.max(6, Math.min(60, (area.height - TOP - observationsHeight - 50) / n));
        double dx = (double) width / steps;
        Color black = canvas.getDisplay().getSystemColor(SWT.COLOR_BLACK);
        gc.setForeground(black);
        // a probability drawn in one of SHADES blues, from white (0) to full blue (1)
        Color[] shades = new Color[SHADES + 1];
        for (int k = 0; k <= SHADES; k++) {
            int level = 255 - 255 * k / SHADES;
            shades[k] = new Color(canvas.getDisplay(), level, level, 255);
        }
        for (int s = 0; s < n; s++) {
            gc.drawText(s < h.stateNames().size() ? h.stateNames().get(s) : "state " + s, 6, TOP + s * rowHeight + rowHeight / 2 - 8, true);
            for (int t = 0; t < steps; t++) {
                gc.setBackground(shades[(int) Math.round(SHADES * Math.max(0, Math.min(1, posterior[t][s])))]);
                int x0 = LEFT + (int) Math.floor(t * dx);
                int x1 = LEFT + (int) Math.floor((t + 1) * dx);
                gc.fillRectangle(x0, TOP + s * rowHeight, Math.max(1, x1 - x0), rowHeight);
            }
        }
        for (Color c : shades) {
            c.dispose();
        }
        gc.setForeground(canvas.getDisplay().getSystemColor(SWT.COLOR_RED));
        gc.setLineWidth(2);
        for (int t = 0; t < steps; t++) {
            int yMid = TOP + path[t] * rowHeight + rowHeight / 2;
            int x0 = LEFT + (int) Math.floor(t * dx);
            int x1 = LEFT + (int) Math.floor((t + 1) * dx);
            gc.drawLine(x0, yMid, x1, yMid);
            if (t + 1 < steps && path[t + 1] != path[t]) {
                gc.drawLine(x1, yMid, x1, TOP + path[t + 1] * rowHeight + rowHeight / 2);
            }
        }
        gc.setLineWidth(1);
        int base = TOP + n * rowHeight + 24;
        gc.setForeground(black);
        gc.drawText("posterior P(state | all observations), Viterbi path in red; observations below", LEFT, TOP + n * rowHeight + 4, true);
        gc.drawText("observed", 6, base + observationsHeight / 2 - 8, true);
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double[] row : y) {
            if (!Double.isNaN(row[0])) {
                min = Math.min(min, row[0]);
                max = Math.max(max, row[0]);
            }
        }
        double span = span(min, max);
        gc.setBackground(canvas.getDisplay().getSystemColor(SWT.COLOR_DARK_GREEN));
        for (int t = 0; t < steps; t++) {
            if (!Double.isNaN(y[t][0])) {
                int x = LEFT + (int) Math.floor((t + 0.5) * dx);
                int yy = base + observationsHeight - 6 - (int) Math.round((y[t][0] - min) / span * (observationsHeight - 12));
                gc.fillRectangle(x - 1, yy - 1, 3, 3);
            }
        }
        gc.setForeground(black);
        gc.drawText(h.emission() == HmmDescription.Emission.CATEGORICAL ? "symbol " + (int) min + " to " + (int) max
                : String.format(java.util.Locale.ROOT, "y.0 from %.3g to %.3g", min, max), LEFT, base + observationsHeight + 2, true);
        gc.drawText(String.format(java.util.Locale.ROOT, "log-likelihood %.4f, %d steps", inference.posterior().logLikelihood(), steps), LEFT + 260,
                base + observationsHeight + 2, true);
    }
}
