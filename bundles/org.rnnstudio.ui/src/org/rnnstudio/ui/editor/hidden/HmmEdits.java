package org.rnnstudio.ui.editor.hidden;

import java.util.Arrays;
import java.util.Map;

import org.rnnstudio.model.HmmDescription;

/**
 * What the editor changes in an HMM, keeping every row of probabilities summing to 1: a state added (it
 * takes an equal share of every row, its own row uniform), a state removed (the rows renormalised), one
 * probability set (the rest of its row rescaled to make room). Parameter sets the model leaves to the engine
 * stay left out, except the transitions, which an edit of a probability writes out (uniform before it).
 */
public final class HmmEdits {

    private HmmEdits() {
    }

    public static void addState(HmmDescription h) {
        int n = h.states();
        Map<String, double[][]> p = h.parameters();
        if (p.containsKey("pi")) {
            p.put("pi", new double[][] {grown(p.get("pi")[0], n)});
        }
        if (p.containsKey("A")) {
            double[][] a = new double[n + 1][];
            for (int i = 0; i < n; i++) {
                a[i] = grown(p.get("A")[i], n);
            }
            a[n] = uniform(n + 1);
            p.put("A", a);
        }
        if (p.containsKey("B")) {
            p.put("B", appended(p.get("B"), uniform(h.symbols())));
        }
        for (String set : new String[] {"means", "variances"}) {
            if (p.containsKey(set)) {
                p.put(set, appended(p.get(set), columnMeans(p.get(set))));
            }
        }
        if (!h.stateNames().isEmpty()) {
            h.stateNames().add("state " + n);
        }
        h.setStates(n + 1);
    }

    /** Removes state {@code s}; an HMM keeps at least one state. */
    public static void removeState(HmmDescription h, int s) {
        int n = h.states();
        if (n <= 1 || s < 0 || s >= n) {
            throw new IllegalArgumentException("cannot remove state " + s + " of " + n);
        }
        Map<String, double[][]> p = h.parameters();
        if (p.containsKey("pi")) {
            p.put("pi", new double[][] {normalised(without(p.get("pi")[0], s))});
        }
        if (p.containsKey("A")) {
            double[][] a = new double[n - 1][];
            for (int i = 0, k = 0; i < n; i++) {
                if (i != s) {
                    a[k++] = normalised(without(p.get("A")[i], s));
                }
            }
            p.put("A", a);
        }
        for (String set : new String[] {"B", "means", "variances"}) {
            if (p.containsKey(set)) {
                double[][] rows = p.get(set);
                double[][] kept = new double[n - 1][];
                for (int i = 0, k = 0; i < n; i++) {
                    if (i != s) {
                        kept[k++] = rows[i].clone();
                    }
                }
                p.put(set, kept);
            }
        }
        if (h.stateNames().size() > s) {
            h.stateNames().remove(s);
        }
        h.setStates(n - 1);
    }

    /** The transition probabilities, uniform when the model leaves them to the engine. */
    public static double[][] transitions(HmmDescription h) {
        double[][] a = h.parameters().get("A");
        if (a != null) {
            return a;
        }
        double[][] uniform = new double[h.states()][];
        for (int i = 0; i < uniform.length; i++) {
            uniform[i] = uniform(h.states());
        }
        return uniform;
    }

    public static void setTransition(HmmDescription h, int from, int to, double probability) {
        double[][] a = transitions(h);
        h.parameters().put("A", a);
        setProbability(a[from], to, probability);
    }

    public static void setEmission(HmmDescription h, int state, int symbol, double probability) {
        double[][] b = h.parameters().get("B");
        if (b == null) {
            b = new double[h.states()][];
            for (int i = 0; i < b.length; i++) {
                b[i] = uniform(h.symbols());
            }
            h.parameters().put("B", b);
        }
        setProbability(b[state], symbol, probability);
    }

    /**
     * Sets row[j] and rescales the others by the same factor so that the row sums to 1 (spread evenly when
     * they were all 0): setting the old value back restores the row, which is what undo does.
     */
    static void setProbability(double[] row, int j, double probability) {
        double others = 0;
        for (int k = 0; k < row.length; k++) {
            others += k == j ? 0 : row[k];
        }
        for (int k = 0; k < row.length; k++) {
            if (k != j) {
                row[k] = others > 0 ? row[k] * (1 - probability) / others : (1 - probability) / (row.length - 1);
            }
        }
        row[j] = probability;
    }

    private static double[] grown(double[] row, int n) {
        double[] r = new double[n + 1];
        for (int k = 0; k < n; k++) {
            r[k] = row[k] * n / (n + 1);
        }
        r[n] = 1.0 / (n + 1);
        return r;
    }

    private static double[] uniform(int n) {
        double[] r = new double[n];
        Arrays.fill(r, 1.0 / n);
        return r;
    }

    private static double[][] appended(double[][] rows, double[] row) {
        double[][] r = Arrays.copyOf(rows, rows.length + 1);
        r[rows.length] = row;
        return r;
    }

    private static double[] columnMeans(double[][] rows) {
        double[] mean = new double[rows[0].length];
        for (double[] row : rows) {
            for (int k = 0; k < mean.length; k++) {
                mean[k] += row[k] / rows.length;
            }
        }
        return mean;
    }

    private static double[] without(double[] row, int s) {
        double[] r = new double[row.length - 1];
        for (int k = 0, i = 0; k < row.length; k++) {
            if (k != s) {
                r[i++] = row[k];
            }
        }
        return r;
    }

    private static double[] normalised(double[] row) {
        double sum = Arrays.stream(row).sum();
        return sum > 0 ? Arrays.stream(row).map(v -> v / sum).toArray() : uniform(row.length);
    }
}
