package org.rnnstudio.engine.lds;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

import org.rnnstudio.engine.ObservedSequence;
import org.rnnstudio.model.LdsDescription;

/**
 * The parameters of a linear dynamical system: x_1 ~ N(mu0, V0); x_t = A x_{t-1} + B u_t + w, w ~ N(0, Q);
 * y_t = C x_t + D u_t + v, v ~ N(0, R). Hidden state n, observations m, driving inputs k (B and D are empty
 * when k = 0). mu0 is held as a column, as in the equations; files hold it as one row.
 */
public final class LinearDynamicalSystem {

    public final int n;
    public final int m;
    public final int k;
    public final DMatrixRMaj A;
    public final DMatrixRMaj B;
    public final DMatrixRMaj C;
    public final DMatrixRMaj D;
    public final DMatrixRMaj Q;
    public final DMatrixRMaj R;
    public final DMatrixRMaj mu0;
    public final DMatrixRMaj V0;

    public LinearDynamicalSystem(int n, int m, int k) {
        this.n = n;
        this.m = m;
        this.k = k;
        A = new DMatrixRMaj(n, n);
        B = new DMatrixRMaj(n, k);
        C = new DMatrixRMaj(m, n);
        D = new DMatrixRMaj(m, k);
        Q = CommonOps_DDRM.identity(n);
        R = CommonOps_DDRM.identity(m);
        mu0 = new DMatrixRMaj(n, 1);
        V0 = CommonOps_DDRM.identity(n);
    }

    public LinearDynamicalSystem copy() {
        LinearDynamicalSystem c = new LinearDynamicalSystem(n, m, k);
        for (String name : LdsDescription.PARAMETERS) {
            c.matrix(name).setTo(matrix(name));
        }
        return c;
    }

    /** The parameter set of that name (A, B, C, D, Q, R, mu0, V0), the object itself. */
    public DMatrixRMaj matrix(String name) {
        return switch (name) {
        case "A" -> A;
        case "B" -> B;
        case "C" -> C;
        case "D" -> D;
        case "Q" -> Q;
        case "R" -> R;
        case "mu0" -> mu0;
        case "V0" -> V0;
        default -> throw new IllegalArgumentException("no LDS parameter " + name);
        };
    }

    /** Every parameter set in the file's shape (mu0 as one row), by name. */
    public Map<String, double[][]> parameters() {
        Map<String, double[][]> map = new LinkedHashMap<>();
        for (String name : LdsDescription.PARAMETERS) {
            DMatrixRMaj p = matrix(name);
            int rows = name.equals("mu0") ? 1 : p.numRows;
            int cols = name.equals("mu0") ? n : p.numCols;
            double[][] values = new double[rows][cols];
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    values[i][j] = p.data[i * cols + j];
                }
            }
            map.put(name, values);
        }
        return map;
    }

    /** The system with these parameter sets (named and shaped as in files) in place of its own. */
    public LinearDynamicalSystem with(Map<String, double[][]> parameters) {
        LinearDynamicalSystem s = copy();
        for (Map.Entry<String, double[][]> e : parameters.entrySet()) {
            s.set(e.getKey(), e.getValue());
        }
        return s;
    }

    /** Sets a parameter set from values in the file's shape (mu0 as one row). */
    public void set(String name, double[][] values) {
        DMatrixRMaj target = matrix(name);
        int cols = name.equals("mu0") ? n : target.numCols;
        for (int i = 0; i < values.length; i++) {
            for (int j = 0; j < cols; j++) {
                target.data[i * cols + j] = values[i][j];
            }
        }
    }

    /**
     * The system for a description: the values it gives, and for the others a start from which EM can move:
     * A = 0.9 I (a slowly decaying state), C with small random entries (so that no two state dimensions look
     * the same), Q = V0 = I, R = I, mu0 = 0, B = D = 0.
     */
    public static LinearDynamicalSystem start(LdsDescription d, long seed) {
        LinearDynamicalSystem s = new LinearDynamicalSystem(d.state(), d.observation(), d.input());
        CommonOps_DDRM.setIdentity(s.A);
        CommonOps_DDRM.scale(0.9, s.A);
        Random random = new Random(seed);
        for (int i = 0; i < s.C.data.length; i++) {
            s.C.data[i] = 0.5 * random.nextGaussian();
        }
        return s.with(d.parameters());
    }

    /** A draw of the states and observations for the given driving inputs (u[t] of k numbers each). */
    public Sample sample(int steps, double[][] u, Random random) {
        DMatrixRMaj stateNoise = squareRoot(Q);
        DMatrixRMaj observationNoise = squareRoot(R);
        DMatrixRMaj x = new DMatrixRMaj(n, 1);
        DMatrixRMaj next = new DMatrixRMaj(n, 1);
        DMatrixRMaj y = new DMatrixRMaj(m, 1);
        double[][] states = new double[steps][];
        double[][] observations = new double[steps][];
        for (int t = 0; t < steps; t++) {
            DMatrixRMaj ut = new DMatrixRMaj(k, 1, true, u[t]);
            if (t == 0) {
                x.setTo(mu0);
                addNoise(x, squareRoot(V0), random);
            } else {
                CommonOps_DDRM.mult(A, x, next);
                CommonOps_DDRM.multAdd(B, ut, next);
                addNoise(next, stateNoise, random);
                x.setTo(next);
            }
            CommonOps_DDRM.mult(C, x, y);
            CommonOps_DDRM.multAdd(D, ut, y);
            addNoise(y, observationNoise, random);
            states[t] = x.data.clone();
            observations[t] = y.data.clone();
        }
        return new Sample(states, observations);
    }

    /** Sampled hidden states and the observations they gave, [step][dimension]. */
    public record Sample(double[][] states, double[][] observations) {
        public ObservedSequence sequence(String name, double[][] u) {
            return new ObservedSequence(name, observations, u);
        }
    }

    private static void addNoise(DMatrixRMaj mean, DMatrixRMaj root, Random random) {
        DMatrixRMaj z = new DMatrixRMaj(mean.numRows, 1);
        for (int i = 0; i < z.data.length; i++) {
            z.data[i] = random.nextGaussian();
        }
        CommonOps_DDRM.multAdd(root, z, mean);
    }

    /** S with S S' = the covariance, from its eigenvectors: defined for a singular covariance too. */
    static DMatrixRMaj squareRoot(DMatrixRMaj covariance) {
        int size = covariance.numRows;
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(size, true, true);
        if (!eig.decompose(covariance.copy())) {
            throw new IllegalStateException("the covariance's eigenvalues did not converge");
        }
        DMatrixRMaj root = new DMatrixRMaj(size, size);
        for (int e = 0; e < size; e++) {
            double scale = Math.sqrt(Math.max(0, eig.getEigenvalue(e).real));
            DMatrixRMaj v = eig.getEigenVector(e);
            for (int i = 0; i < size; i++) {
                root.set(i, e, scale * v.get(i));
            }
        }
        return root;
    }
}
