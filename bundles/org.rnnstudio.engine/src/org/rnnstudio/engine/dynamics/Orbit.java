package org.rnnstudio.engine.dynamics;

import java.util.Random;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.NormOps_DDRM;

/**
 * One free run from one initial state: the visited states, the largest Lyapunov exponent along the run
 * (Benettin et al. 1980: a tangent vector carried by the Jacobian, renormalised every step, the mean log
 * growth after the transient), and what the run does at its end.
 */
public final class Orbit {

    /** Above this many nats per step the exponent counts as positive, below minus this as negative. */
    public static final double ZERO_EXPONENT = 0.01;
    /** Beyond this size a state counts as running away. */
    static final double UNBOUNDED = 1e6;
    private static final int LONGEST_TAIL = 400;

    private final double[][] states;
    private final int length;
    private final double lyapunov;
    private final Behaviour behaviour;
    private final int period;

    private Orbit(double[][] states, int length, double lyapunov, Behaviour behaviour, int period) {
        this.states = states;
        this.length = length;
        this.lyapunov = lyapunov;
        this.behaviour = behaviour;
        this.period = period;
    }

    /**
     * Runs steps steps from start. The tangent vector starts random (from random) at step 0 so that it has
     * turned towards the fastest-growing direction by the end of the transient; only its growth after the
     * transient counts.
     */
    public static Orbit run(StepMap map, Drive drive, double[] start, int steps, int transientSteps, Random random) {
        int n = map.dimension();
        double[][] states = new double[steps + 1][];
        states[0] = start.clone();
        DMatrixRMaj v = new DMatrixRMaj(n, 1);
        for (int i = 0; i < n; i++) {
            v.data[i] = random.nextGaussian();
        }
        normalise(v);
        DMatrixRMaj dNext = new DMatrixRMaj(n, 1);
        double logGrowth = 0;
        int counted = 0;
        int length = steps + 1;
        boolean collapsed = false;
        for (int t = 0; t < steps; t++) {
            double[] next = new double[n];
            map.step(states[t], drive.at(t), drive.at(t - 1), v, next, dNext);
            states[t + 1] = next;
            if (!bounded(next)) {
                length = t + 2;
                break;
            }
            double growth = NormOps_DDRM.normF(dNext);
            if (growth == 0) {
                // the Jacobian maps the tangent to nothing (e.g. every relu off): nearby states merge in one step
                collapsed = true;
                continue;
            }
            if (t >= transientSteps) {
                logGrowth += Math.log(growth);
                counted++;
            }
            v.setTo(dNext);
            normalise(v);
        }
        double exponent = collapsed ? Double.NEGATIVE_INFINITY : counted == 0 ? Double.NaN : logGrowth / counted;
        if (length < steps + 1) {
            return new Orbit(states, length, Double.NaN, Behaviour.DIVERGES, 0);
        }
        int period = period(states, steps - transientSteps);
        Behaviour b;
        if (period == 1) {
            b = Behaviour.SETTLES;
        } else if (period > 1) {
            b = Behaviour.PERIODIC;
        } else if (exponent > ZERO_EXPONENT) {
            b = Behaviour.CHAOTIC;
        } else if (exponent < -ZERO_EXPONENT) {
            b = Behaviour.SETTLES;
        } else {
            b = Behaviour.QUASI_PERIODIC;
        }
        return new Orbit(states, length, exponent, b, period);
    }

    private static boolean bounded(double[] h) {
        for (double a : h) {
            if (!(Math.abs(a) < UNBOUNDED)) {
                return false;
            }
        }
        return true;
    }

    private static void normalise(DMatrixRMaj v) {
        double norm = NormOps_DDRM.normF(v);
        for (int i = 0; i < v.data.length; i++) {
            v.data[i] /= norm;
        }
    }

    /**
     * The smallest p such that the last steps of the run repeat every p steps (1 = a fixed point), or 0.
     * The tolerance is relative to the size of the states, so that it means the same for logistic and linear units.
     */
    private static int period(double[][] states, int afterTransient) {
        int last = states.length - 1;
        int tail = Math.min(Math.max(afterTransient, 2), LONGEST_TAIL);
        tail = Math.min(tail, last);
        double scale = 0;
        for (int t = last - tail; t <= last; t++) {
            for (double a : states[t]) {
                scale = Math.max(scale, Math.abs(a));
            }
        }
        double tolerance = 1e-6 * (1 + scale);
        for (int p = 1; p <= tail / 2; p++) {
            boolean repeats = true;
            for (int t = last - tail + p; t <= last && repeats; t++) {
                repeats = distance(states[t], states[t - p]) < tolerance;
            }
            if (repeats) {
                return p;
            }
        }
        return 0;
    }

    static double distance(double[] a, double[] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            d = Math.max(d, Math.abs(a[i] - b[i]));
        }
        return d;
    }

    /** The visited states, [step][unit], from the initial state on (fewer than steps + 1 when the run diverged). */
    public double[][] states() {
        return java.util.Arrays.copyOf(states, length);
    }

    public double[] last() {
        return states[length - 1];
    }

    /** The largest Lyapunov exponent in nats per step (NaN when the run diverged). */
    public double lyapunov() {
        return lyapunov;
    }

    public Behaviour behaviour() {
        return behaviour;
    }

    /** The period in steps of a limit cycle (1 for a fixed point), 0 otherwise. */
    public int period() {
        return period;
    }
}
