package org.rnnstudio.engine.dynamics;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;

import org.ejml.data.Complex_F64;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * A state the map leaves where it is, h = F(h, x), classified by the eigenvalues of the Jacobian there:
 * small perturbations shrink along eigenvalues inside the unit circle and grow along those outside, and
 * a complex pair turns them round by its angle every step.
 */
public record FixedPoint(double[] state, Complex_F64[] eigenvalues, Stability stability) {

    /** How far from the unit circle an eigenvalue must lie to count as inside or outside. */
    static final double MARGIN = 1e-9;

    public enum Stability {
        /** every eigenvalue inside the unit circle: a point attractor */
        STABLE("stable"),
        /** eigenvalues outside the unit circle and none inside: a repeller */
        UNSTABLE("unstable"),
        /** some inside, some outside */
        SADDLE("saddle"),
        /** none outside, one on the unit circle: the linearisation cannot decide */
        NEUTRAL("neutral");

        private final String words;

        Stability(String words) {
            this.words = words;
        }

        public String words() {
            return words;
        }
    }

    /** Classifies the fixed point h of the map with the drive x, from the eigenvalues of dF/dh there. */
    public static FixedPoint at(StepMap map, double[] h, double[] x) {
        DMatrixRMaj j = map.jacobian(h, x);
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(j.numRows, false);
        if (!eig.decompose(j)) {
            throw new IllegalStateException("the eigenvalue decomposition of a " + j.numRows + "x" + j.numRows + " Jacobian did not converge");
        }
        Complex_F64[] values = new Complex_F64[j.numRows];
        for (int i = 0; i < values.length; i++) {
            values[i] = eig.getEigenvalue(i);
        }
        Arrays.sort(values, Comparator.comparingDouble(Complex_F64::getMagnitude).reversed());
        return new FixedPoint(h.clone(), values, classify(values));
    }

    static Stability classify(Complex_F64[] values) {
        boolean in = false;
        boolean out = false;
        boolean on = false;
        for (Complex_F64 v : values) {
            double m = v.getMagnitude();
            in |= m < 1 - MARGIN;
            out |= m > 1 + MARGIN;
            on |= Math.abs(m - 1) <= MARGIN;
        }
        if (out) {
            return in ? Stability.SADDLE : Stability.UNSTABLE;
        }
        return on ? Stability.NEUTRAL : Stability.STABLE;
    }

    /** The largest modulus of an eigenvalue: how fast the slowest perturbation grows or shrinks per step. */
    public double spectralRadius() {
        return eigenvalues[0].getMagnitude();
    }

    /** How many directions lead away (eigenvalues outside the unit circle). */
    public int unstableDirections() {
        int k = 0;
        for (Complex_F64 v : eigenvalues) {
            k += v.getMagnitude() > 1 + MARGIN ? 1 : 0;
        }
        return k;
    }

    /**
     * The angle in radians that the leading complex pair turns a perturbation by each step (the one of
     * largest modulus), or 0 when the eigenvalues are real.
     */
    public double rotation() {
        for (Complex_F64 v : eigenvalues) {
            if (Math.abs(v.imaginary) > MARGIN * Math.max(1, v.getMagnitude())) {
                return Math.abs(Math.atan2(v.imaginary, v.real));
            }
        }
        return 0;
    }

    /** "stable", "saddle with 3 directions out, rotating 18.0 degrees per step (period 20.0 steps)". */
    public String describe() {
        StringBuilder s = new StringBuilder(stability.words());
        if (stability == Stability.SADDLE) {
            int k = unstableDirections();
            s.append(" (").append(k).append(k == 1 ? " direction" : " directions").append(" out)");
        }
        double angle = rotation();
        if (angle > 0) {
            s.append(String.format(Locale.ROOT, ", rotating %.1f degrees per step (period %.1f steps)", Math.toDegrees(angle), 2 * Math.PI / angle));
        }
        return s.toString();
    }
}
